#pragma once
// The comparison table of a sweep: one row per variant, the baseline first, each figure's change
// from the baseline and the best value of each column marked. Written as text for the terminal,
// CSV and JSON for scripts (the same camelCase names as the run's JSON report); a shard's JSON
// carries its rows only, and `ekssim merge` reads shards back into the same table.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/cli/sweep_metrics.h"
#include "tools/scenario/scenario_edit.h"

namespace ekssim::cli {

struct SweepRow {
  size_t index = 0;  // in the whole sweep's order (sweep_plan.h)
  std::string name;
  std::vector<scenario::Setting> settings;
  std::vector<uint64_t> seeds;
  SeedSpread metrics;
};

struct SweepTable {
  std::string scenario;  // the scenario's metadata.name
  std::string file;
  size_t seeds = 1;          // per variant
  size_t variant_count = 0;  // in the whole sweep
  std::string plan;          // sweep_plan.h's plan_digest
  std::string shard;         // "K/N" for a shard's rows; empty for the whole table
  std::string heading;       // the text table's first line; empty: "sweep of …"
  std::vector<SweepRow> rows;
};

// For every column, the rows holding its best value; empty when every row has the same value.
std::vector<std::vector<size_t>> best_rows(const SweepTable& table);

std::string format_sweep_text(const SweepTable& table);
std::string format_sweep_csv(const SweepTable& table);
std::string format_sweep_json(const SweepTable& table);
// The "variants" array of format_sweep_json.
nlohmann::ordered_json sweep_rows_json(const SweepTable& table);
// Reads a document format_sweep_json wrote; returns an error message, or nullopt.
std::optional<std::string> parse_sweep_json(std::string_view text, SweepTable& table);

// "3.7s", "1m15s"; counts as integers.
std::string format_metric(double value, Unit unit);

}  // namespace ekssim::cli
