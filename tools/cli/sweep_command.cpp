// `ekssim sweep SCENARIO --set PATH=V1,V2,… [--seeds N] [--jobs N] [--format text|json|csv]
// [--output FILE] [--shard K/N]`: runs the scenario's variants side by side and writes the
// comparison table (sweep_table.h). Every variant is validated before anything runs.

#include "tools/cli/sweep_command.h"

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "tools/cli/output_file.h"
#include "tools/cli/exit_codes.h"
#include "tools/cli/parallel.h"
#include "tools/cli/subcommands.h"
#include "tools/cli/sweep_html.h"
#include "tools/cli/sweep_run.h"
#include "tools/scenario/loader.h"

namespace ekssim::cli {

namespace {

struct SweepOptions {
  std::string file;
  std::vector<std::string> sets;
  unsigned seeds = 1;
  unsigned jobs = default_jobs();
  std::string format = "text";
  std::string output;
  std::string shard;
};

// "K/N" with 1 ≤ K ≤ N.
bool parse_shard(const std::string& text, size_t& k, size_t& n) {
  const size_t slash = text.find('/');
  if (slash == std::string::npos) return false;
  try {
    size_t used = 0;
    k = std::stoul(text.substr(0, slash), &used);
    if (used != slash) return false;
    n = std::stoul(text.substr(slash + 1), &used);
    if (used != text.size() - slash - 1) return false;
  } catch (const std::exception&) {
    return false;
  }
  return k >= 1 && k <= n;
}

int sweep(const SweepOptions& o) {
  std::string text;
  if (auto error = read_scenario_text(o.file, text)) {
    std::cerr << *error;
    return kExitBadInput;
  }
  const scenario::LoadResult baseline = scenario::load_scenario_text(text, o.file);
  if (!baseline.ok()) {
    std::cerr << scenario::format_diagnostics(baseline.diagnostics);
    return kExitBadInput;
  }
  std::vector<scenario::SweepAxis> axes;
  for (const std::string& set : o.sets) {
    if (auto error = parse_set_option(set, axes.emplace_back())) {
      std::cerr << "ekssim sweep: error: " << *error << "\n";
      return kExitBadInput;
    }
  }
  const std::vector<Variant> variants = plan_variants(scenario::read_sweep_section(text), axes);
  if (variants.size() == 1) {
    std::cerr << "ekssim sweep: error: nothing to vary; expected --set PATH=V1,V2,… or a sweep: "
                 "section in "
              << o.file << "\n";
    return kExitBadInput;
  }
  size_t shard_k = 1, shard_n = 1;
  if (!o.shard.empty() && !parse_shard(o.shard, shard_k, shard_n)) {
    std::cerr << "ekssim sweep: error: --shard '" << o.shard << "'; expected K/N with 1 ≤ K ≤ N\n";
    return kExitBadInput;
  }
  if (const std::string errors = check_variants(text, o.file, variants, o.jobs); !errors.empty()) {
    std::cerr << errors;
    return kExitBadInput;
  }
  std::vector<size_t> indices;
  for (size_t i = shard_k - 1; i < variants.size(); i += shard_n)
    indices.push_back(i);
  std::vector<uint64_t> seeds;
  for (unsigned s = 0; s < std::max(1u, o.seeds); ++s)
    seeds.push_back(baseline.scenario->seed + s);

  SweepRun run = run_variants(text, o.file, variants, indices, seeds, o.jobs);
  if (!run.internal_error.empty()) {
    std::cerr << "ekssim: " << run.internal_error << "\n";
    return kExitInternalError;
  }
  SweepTable table;
  table.scenario = baseline.scenario->metadata.name;
  table.file = o.file;
  table.seeds = seeds.size();
  table.variant_count = variants.size();
  table.plan = plan_digest(text, variants, seeds);
  table.shard = o.shard.empty() ? "" : o.shard;
  table.rows = std::move(run.rows);
  return write_sweep_table(table, o.shard.empty() ? o.format : "json", o.output, "sweep");
}

}  // namespace

std::optional<std::string> read_scenario_text(const std::string& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return path + ": error: cannot read: " + std::strerror(errno) + "\n";
  std::ostringstream buffer;
  buffer << in.rdbuf();
  text = buffer.str();
  return std::nullopt;
}

int write_sweep_table(const SweepTable& table, const std::string& format, const std::string& output,
                      const std::string& command) {
  const std::string out = format == "json"   ? format_sweep_json(table)
                          : format == "csv"  ? format_sweep_csv(table)
                          : format == "html" ? format_sweep_html(table)
                                             : format_sweep_text(table);
  if (auto error = write_output(output.empty() ? "-" : output, out)) {
    std::cerr << "ekssim " << command << ": error: " << *error << "\n";
    return kExitBadInput;
  }
  return kExitOk;
}

void add_sweep_subcommand(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<SweepOptions>();
  CLI::App* sub = app.add_subcommand(
      "sweep", "Run variants of a scenario side by side and compare them in one table");
  sub->add_option("scenario", o->file, "scenario file")->required();
  sub->add_option("--set", o->sets,
                  "PATH=V1,V2,…: an axis of the sweep (several make the cross product), e.g. "
                  "cluster.nodeGroups[web].instanceType=m5.large,c5.xlarge");
  sub->add_option("--seeds", o->seeds, "runs per variant (seeds from the scenario's on)")
      ->check(CLI::Range(1u, 1000u))
      ->capture_default_str();
  sub->add_option("--jobs,-j", o->jobs, "runs simulated at once")->capture_default_str();
  sub->add_option("--format", o->format, "text, json, csv or html")
      ->check(CLI::IsMember({"text", "json", "csv", "html"}))
      ->capture_default_str();
  sub->add_option("--output,-o", o->output, "write the table here (atomically) instead of stdout");
  sub->add_option("--shard", o->shard,
                  "K/N: run only the K-th of N slices and write its rows as JSON for "
                  "`ekssim merge`");
  sub->callback([o, &exit_code] { exit_code = sweep(*o); });
}

}  // namespace ekssim::cli
