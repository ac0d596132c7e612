// `ekssim fit SCENARIO --node-group NAME [--max N] [--criterion all-running|no-ip-failures|
// expectations] [--instance-types A,B,C] [--format text|json] [--jobs N]`: how many nodes the
// group needs (fit_search.h), per instance type when several are given, with the runs either side
// of the boundary compared as a sweep's table is.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "tools/cli/output_file.h"
#include "tools/cli/exit_codes.h"
#include "tools/cli/fit_search.h"
#include "tools/cli/parallel.h"
#include "tools/cli/subcommands.h"
#include "tools/cli/sweep_command.h"
#include "tools/cli/sweep_html.h"
#include "tools/scenario/loader.h"

namespace ekssim::cli {
namespace {

struct FitOptions {
  std::string file;
  std::string node_group;
  int max = 0;
  std::string criterion = "all-running";
  std::vector<std::string> instance_types;
  std::string format = "text";
  std::string output;
  unsigned jobs = default_jobs();
};

FitCriterion criterion_of(const std::string& name) {
  if (name == "no-ip-failures") return FitCriterion::kNoIpFailures;
  if (name == "expectations") return FitCriterion::kExpectations;
  return FitCriterion::kAllRunning;
}

SweepTable boundary_table(const FitResult& r, const spec::Scenario& s, const std::string& file) {
  SweepTable t;
  t.scenario = s.metadata.name;
  t.file = file;
  t.variant_count = r.boundary.size();
  t.rows = r.boundary;
  return t;
}

std::string verdict(const FitResult& r, const FitOptions& o) {
  if (!r.capacity) {
    return fmt::format("{}: {} does not hold even with {} × {} (--max)", o.node_group, o.criterion,
                       o.max, r.instance_type);
  }
  return fmt::format("{}: {} × {} is the fewest for which {} holds", o.node_group, *r.capacity,
                     r.instance_type, o.criterion);
}

nlohmann::ordered_json fit_json(const FitResult& r, const spec::Scenario& s, const FitOptions& o) {
  nlohmann::ordered_json j;
  j["nodeGroup"] = o.node_group;
  j["instanceType"] = r.instance_type;
  j["desiredCapacity"] = r.capacity ? nlohmann::ordered_json(*r.capacity) : nullptr;
  j["criterion"] = o.criterion;
  j["max"] = o.max;
  j["runs"] = sweep_rows_json(boundary_table(r, s, o.file));
  for (size_t i = 0; i < r.boundary.size(); ++i) {
    j["runs"][i]["desiredCapacity"] = std::stoi(r.boundary[i].name);
    j["runs"][i]["meets"] = static_cast<bool>(r.boundary_meets[i]);
  }
  return j;
}

std::string fits_html(const std::vector<FitResult>& fits, const spec::Scenario& s,
                      const FitOptions& o) {
  std::string intro, body;
  for (const auto& r : fits) {
    intro += verdict(r, o) + ". ";
    body += "<h2>" + o.node_group + " × " + r.instance_type +
            ", the runs either side of the boundary</h2>\n" +
            sweep_html_section(boundary_table(r, s, o.file));
  }
  return html_page("fit of " + o.node_group + " in " + s.metadata.name, intro, body);
}

std::string format_fits(const std::vector<FitResult>& fits, const spec::Scenario& s,
                        const FitOptions& o) {
  if (o.format == "html") return fits_html(fits, s, o);
  if (o.format == "json") {
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (const auto& r : fits)
      all.push_back(fit_json(r, s, o));
    return (fits.size() == 1 ? all[0] : all).dump(2) + "\n";
  }
  std::string out;
  const FitResult* fewest = nullptr;
  for (const auto& r : fits) {
    out += verdict(r, o) + "\n";
    if (r.capacity && (!fewest || *r.capacity < *fewest->capacity)) fewest = &r;
  }
  if (fits.size() > 1 && fewest) {
    out += fmt::format("fewest nodes: {} × {}\n", *fewest->capacity, fewest->instance_type);
  }
  for (const auto& r : fits) {
    SweepTable t = boundary_table(r, s, o.file);
    t.heading = fmt::format("\n{} × {}, the runs either side of the boundary:", o.node_group,
                            r.instance_type);
    out += format_sweep_text(t);
  }
  return out;
}

int fit(FitOptions o) {
  std::string text;
  if (auto error = read_scenario_text(o.file, text)) {
    std::cerr << *error;
    return kExitBadInput;
  }
  const scenario::LoadResult loaded = scenario::load_scenario_text(text, o.file);
  if (!loaded.ok()) {
    std::cerr << scenario::format_diagnostics(loaded.diagnostics);
    return kExitBadInput;
  }
  const spec::NodeGroup* group = nullptr;
  std::vector<std::string> names;
  for (const auto& g : loaded.scenario->cluster.node_groups) {
    names.push_back(g.name);
    if (g.name == o.node_group) group = &g;
  }
  if (!group) {
    std::cerr << fmt::format("ekssim fit: error: {} has no node group '{}'; expected one of: {}\n",
                             o.file, o.node_group, fmt::join(names, ", "));
    return kExitBadInput;
  }
  if (o.max == 0) o.max = std::max({10, 4 * group->desired_capacity, group->max_size.value_or(0)});
  if (o.instance_types.empty()) o.instance_types.push_back("");
  std::vector<FitResult> fits;
  for (const std::string& type : o.instance_types) {
    FitRequest request{o.node_group,          type,  criterion_of(o.criterion), o.max,
                       loaded.scenario->seed, o.jobs};
    FitResult r = fit_node_group(text, o.file, *group, request);
    if (!r.errors.empty()) {
      std::cerr << r.errors;
      return kExitBadInput;
    }
    if (!r.internal_error.empty()) {
      std::cerr << "ekssim: " << r.internal_error << "\n";
      return kExitInternalError;
    }
    fits.push_back(std::move(r));
  }
  const std::string out = format_fits(fits, *loaded.scenario, o);
  if (auto error = write_output(o.output.empty() ? "-" : o.output, out)) {
    std::cerr << "ekssim fit: error: " << *error << "\n";
    return kExitBadInput;
  }
  for (const auto& r : fits) {
    if (!r.capacity) return kExitExpectationFailed;
  }
  return kExitOk;
}

}  // namespace

void add_fit_subcommand(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<FitOptions>();
  CLI::App* sub = app.add_subcommand(
      "fit", "The fewest nodes of a node group for which a criterion holds, by simulated runs");
  sub->add_option("scenario", o->file, "scenario file")->required();
  sub->add_option("--node-group", o->node_group, "the node group to size")->required();
  sub->add_option("--max", o->max,
                  "the most nodes tried (default: the largest of 10, 4 × desiredCapacity and "
                  "maxSize)")
      ->check(CLI::Range(1, 100000));
  sub->add_option("--criterion", o->criterion,
                  "all-running (every pod ran), no-ip-failures (and no IP failure) or "
                  "expectations (every expectation met)")
      ->check(CLI::IsMember({"all-running", "no-ip-failures", "expectations"}))
      ->capture_default_str();
  sub->add_option("--instance-types", o->instance_types,
                  "A,B,C: fit each instance type in turn and name the fewest nodes")
      ->delimiter(',');
  sub->add_option("--format", o->format, "text, json or html")
      ->check(CLI::IsMember({"text", "json", "html"}))
      ->capture_default_str();
  sub->add_option("--output,-o", o->output, "write the result here (atomically) instead of stdout");
  sub->add_option("--jobs,-j", o->jobs, "capacities simulated at once")->capture_default_str();
  sub->callback([o, &exit_code] { exit_code = fit(*o); });
}

}  // namespace ekssim::cli
