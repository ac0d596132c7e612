#include "tools/cli/sweep_run.h"

#include <functional>

#include "models/report/simulate.h"
#include "sim/invariant.h"
#include "tools/cli/parallel.h"
#include "tools/scenario/loader.h"

namespace ekssim::cli {
namespace {

struct SeedOutcome {
  VariantMetrics metrics;
  std::string error;
};

SeedOutcome run_seed(std::string_view text, const std::string& path, const Variant& variant,
                     uint64_t seed) {
  SeedOutcome outcome;
  VariantLoad loaded = load_variant(text, path, variant);
  if (!loaded.scenario) {
    outcome.error = loaded.errors;
    return outcome;
  }
  report::SimulateOptions options;
  options.seed = seed;
  try {
    outcome.metrics = metrics_of(report::simulate(*loaded.scenario, options));
  } catch (const std::exception& e) {
    // An invariant violation, or any other bug: on a pool thread it would end the process.
    outcome.error =
        path + ": variant '" + variant.name + "', seed " + std::to_string(seed) + ": " + e.what();
  }
  return outcome;
}

}  // namespace

VariantLoad load_variant(std::string_view text, const std::string& path, const Variant& variant) {
  VariantLoad result;
  const scenario::ScenarioEdit edit = scenario::edit_scenario_text(text, variant.settings);
  if (!edit.ok()) {
    result.errors = path + ": error: variant '" + variant.name + "': " + edit.error + "\n";
    return result;
  }
  scenario::LoadResult loaded = scenario::load_scenario_text(edit.text, path);
  scenario::relocate_diagnostics(loaded.diagnostics, edit, variant.name);
  result.errors = scenario::format_diagnostics(loaded.diagnostics);
  result.scenario = std::move(loaded.scenario);
  return result;
}

std::string check_variants(std::string_view text, const std::string& path,
                           const std::vector<Variant>& variants, unsigned jobs) {
  std::vector<std::function<std::string()>> checks;
  for (const Variant& v : variants) {
    checks.emplace_back([&text, &path, &v] { return load_variant(text, path, v).errors; });
  }
  std::string errors;
  for (const std::string& e : run_in_parallel(checks, jobs))
    errors += e;
  return errors;
}

SweepRun run_variants(std::string_view text, const std::string& path,
                      const std::vector<Variant>& variants, const std::vector<size_t>& indices,
                      const std::vector<uint64_t>& seeds, unsigned jobs) {
  std::vector<std::function<SeedOutcome()>> runs;
  for (size_t i : indices) {
    for (uint64_t seed : seeds) {
      runs.emplace_back([&, i, seed] { return run_seed(text, path, variants[i], seed); });
    }
  }
  const std::vector<SeedOutcome> outcomes = run_in_parallel(runs, jobs);
  SweepRun run;
  for (size_t k = 0; k < indices.size(); ++k) {
    SweepRow row;
    row.index = indices[k];
    row.name = variants[indices[k]].name;
    row.settings = variants[indices[k]].settings;
    row.seeds = seeds;
    std::vector<VariantMetrics> per_seed;
    for (size_t s = 0; s < seeds.size(); ++s) {
      const SeedOutcome& o = outcomes[k * seeds.size() + s];
      if (!o.error.empty() && run.internal_error.empty()) run.internal_error = o.error;
      per_seed.push_back(o.metrics);
    }
    row.metrics = spread_of(per_seed);
    run.rows.push_back(std::move(row));
  }
  return run;
}

}  // namespace ekssim::cli
