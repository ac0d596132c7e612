#pragma once
// Loading and running sweep variants: each variant is the scenario's text edited by its settings
// (tools/scenario/scenario_edit.h) and loaded by the ordinary loader, so it is validated exactly
// like a scenario; each (variant, seed) is one single-threaded, deterministic run on the pool of
// parallel.h, and only its figures (sweep_metrics.h) outlive it, so memory stays at jobs × one run.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/spec/scenario.h"
#include "tools/cli/sweep_plan.h"
#include "tools/cli/sweep_table.h"

namespace ekssim::cli {

struct VariantLoad {
  std::optional<spec::Scenario> scenario;
  std::string errors;  // formatted diagnostics, each naming the variant; empty when loaded
};

VariantLoad load_variant(std::string_view text, const std::string& path, const Variant& variant);

// Loads every variant (in parallel) and returns every diagnostic, or the empty string.
std::string check_variants(std::string_view text, const std::string& path,
                           const std::vector<Variant>& variants, unsigned jobs);

struct SweepRun {
  std::vector<SweepRow> rows;  // one per variant given, in order
  std::string internal_error;  // an invariant violation: exit 70
};

// Runs `variants[i]` for every i in `indices`, each with every seed.
SweepRun run_variants(std::string_view text, const std::string& path,
                      const std::vector<Variant>& variants, const std::vector<size_t>& indices,
                      const std::vector<uint64_t>& seeds, unsigned jobs);

}  // namespace ekssim::cli
