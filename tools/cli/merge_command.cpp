// `ekssim merge SHARD.json… [--format text|json|csv] [--output FILE]`: combines the rows of
// `ekssim sweep --shard K/N` runs into the table the whole sweep writes, byte for byte. Every
// variant must come from exactly one shard, and the shards from the same sweep.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <memory>

#include "tools/cli/exit_codes.h"
#include "tools/cli/subcommands.h"
#include "tools/cli/sweep_command.h"

namespace ekssim::cli {
namespace {

struct MergeOptions {
  std::vector<std::string> files;
  std::string format = "text";
  std::string output;
};

std::optional<std::string> add_shard(const std::string& file, SweepTable& merged, bool first) {
  std::string text;
  if (auto error = read_scenario_text(file, text)) return *error;
  SweepTable shard;
  if (auto error = parse_sweep_json(text, shard)) return file + ": error: " + *error + "\n";
  if (first) {
    merged = shard;
    merged.rows.clear();
  } else if (shard.plan != merged.plan || shard.file != merged.file) {
    return fmt::format(
        "{}: error: a shard of another sweep ({}, plan {}, {} variants × {} seeds); expected "
        "one of {} (plan {}, {} variants × {} seeds)\n",
        file, shard.file, shard.plan, shard.variant_count, shard.seeds, merged.file,
        merged.plan, merged.variant_count, merged.seeds);
  }
  for (auto& row : shard.rows)
    merged.rows.push_back(std::move(row));
  return std::nullopt;
}

int merge(const MergeOptions& o) {
  SweepTable table;
  for (size_t i = 0; i < o.files.size(); ++i) {
    if (auto error = add_shard(o.files[i], table, i == 0)) {
      std::cerr << *error;
      return kExitBadInput;
    }
  }
  std::sort(table.rows.begin(), table.rows.end(),
            [](const SweepRow& a, const SweepRow& b) { return a.index < b.index; });
  for (size_t i = 0; i < table.variant_count; ++i) {
    if (i >= table.rows.size() || table.rows[i].index != i) {
      const bool twice = i < table.rows.size() && i > 0 && table.rows[i].index == i - 1;
      std::cerr << fmt::format(
          "ekssim merge: error: variant {} {}; expected each of the {} "
          "variants in exactly one shard\n",
          twice ? i - 1 : i, twice ? "is in two shards" : "is missing", table.variant_count);
      return kExitBadInput;
    }
  }
  if (table.rows.size() != table.variant_count) {
    std::cerr << "ekssim merge: error: more rows than the sweep's " << table.variant_count
              << " variants; expected each in exactly one shard\n";
    return kExitBadInput;
  }
  table.shard.clear();
  return write_sweep_table(table, o.format, o.output, "merge");
}

}  // namespace

void add_merge_subcommand(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<MergeOptions>();
  CLI::App* sub = app.add_subcommand(
      "merge", "Combine the shards of `ekssim sweep --shard K/N` into the sweep's table");
  sub->add_option("shards", o->files, "the shards' JSON files")->required();
  sub->add_option("--format", o->format, "text, json, csv or html")
      ->check(CLI::IsMember({"text", "json", "csv", "html"}))
      ->capture_default_str();
  sub->add_option("--output,-o", o->output, "write the table here (atomically) instead of stdout");
  sub->callback([o, &exit_code] { exit_code = merge(*o); });
}

}  // namespace ekssim::cli
