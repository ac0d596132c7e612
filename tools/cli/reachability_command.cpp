#include "tools/cli/reachability_command.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <optional>

#include "models/cluster/reachability.h"
#include "models/cluster/workload_reachability.h"
#include "models/cluster/world.h"
#include "sim/invariant.h"
#include "tools/cli/exit_codes.h"
#include "tools/cli/reachability_format.h"
#include "tools/cli/reachability_json.h"
#include "tools/cli/subcommands.h"
#include "tools/cli/scenario_for_command.h"
#include "tools/scenario/loader.h"

namespace ekssim::cli {

int run_reachability(const ReachabilityOptions& options, std::ostream& out, std::ostream& err) {
  std::vector<cluster::PortProtocol> ports;
  for (const std::string& text : options.ports) {
    const auto port = cluster::PortProtocol::parse(text);
    if (!port) {
      err << "ekssim reachability: error: --port " << text
          << ": expected PORT/PROTOCOL such as 53/udp or 443/tcp (a port 1-65535, tcp or udp)\n";
      return kExitBadInput;
    }
    ports.push_back(*port);
  }
  if (ports.empty()) ports = cluster::default_reachability_ports();

  std::optional<sim::Duration> at;
  if (!options.at.empty() && !(at = sim::parse_duration(options.at))) {
    err << "ekssim reachability: error: --at takes a duration such as 30s, 5m or 1h30m, not '"
        << options.at << "'\n";
    return kExitBadInput;
  }
  const std::optional<spec::Scenario> loaded = load_scenario_for_command(options.scenario, err);
  if (!loaded) return kExitBadInput;
  const spec::Scenario& scenario = *loaded;
  const sim::Duration when = at.value_or(scenario.duration);
  if (when > scenario.duration) {
    err << "ekssim reachability: error: --at " << options.at << " is after the scenario's end ("
        << sim::format_duration(scenario.duration) << ")\n";
    return kExitBadInput;
  }
  try {
    cluster::World world(scenario, scenario.seed);
    world.start();
    world.run_until(sim::Time::at(when));
    const cluster::Reachability result = cluster::compute_reachability(world, ports);
    const cluster::WorkloadReachability workloads = cluster::compute_workload_reachability(world);
    if (options.format == "dot") {
      out << format_reachability_dot(result, workloads);
    } else if (options.format == "json") {
      out << format_reachability_json(result, workloads);
    } else {
      out << format_reachability_text(result, workloads);
    }
  } catch (const sim::InvariantViolation& e) {
    err << e.what() << "\n";
    return kExitInternalError;
  }
  return kExitOk;
}

void add_reachability_subcommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ReachabilityOptions>();
  CLI::App* sub = app.add_subcommand(
      "reachability", "Which endpoints can reach which, on which ports, on the cluster at a time");
  sub->add_option("scenario", options->scenario, "scenario file")->required();
  sub->add_option("--port", options->ports,
                  "PORT/PROTOCOL to judge, repeatable (default: 53/udp 53/tcp 443/tcp 10250/tcp)")
      ->allow_extra_args(false);
  sub->add_option("--at", options->at,
                  "virtual time to judge at (default: the scenario's duration)");
  sub->add_option("--format", options->format, "text, json or dot (Graphviz)")
      ->check(CLI::IsMember({"text", "json", "dot"}))
      ->capture_default_str();
  sub->callback(
      [options, &exit_code] { exit_code = run_reachability(*options, std::cout, std::cerr); });
}

}  // namespace ekssim::cli
