#include "tools/cli/iptables_command.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <memory>

#include "models/cluster/node_rules.h"
#include "models/cluster/world.h"
#include "sim/invariant.h"
#include "tools/cli/exit_codes.h"
#include "tools/cli/subcommands.h"
#include "tools/cli/scenario_for_command.h"
#include "tools/scenario/loader.h"

namespace ekssim::cli {

namespace {

std::string live_nodes(const cluster::World& world) {
  std::string out;
  for (const auto& g : world.node_groups()) {
    size_t n = 0;
    for (const auto& node : g->nodes()) {
      if (node->terminated()) continue;
      out += "\n  " + g->config().name + "/" + std::to_string(++n) + "  " + node->name();
    }
  }
  return out.empty() ? "\n  (no node is up at that time)" : out;
}

// Simulates to the node's last kube-proxy sync before `at` and prints its rules. The workloads'
// traffic and the trace's digest are left out: the rules depend on neither (World::StartOptions).
int print_node_rules(const spec::Scenario& scenario, sim::Duration at, uint64_t seed,
                     const IptablesOptions& options, std::ostream& out, std::ostream& err) {
  // The rules as of the node's last kube-proxy sync, its lag (< minSyncPeriod) before `at`: run
  // to `at` less minSyncPeriod, find the node there, then on to its own sync. A node not up yet
  // at that point is looked for at `at` and the run made again (the same seed, the same run).
  const sim::Duration period = scenario.cluster.addons.kube_proxy.min_sync_period;
  const sim::Duration early = at > period ? at - period : sim::Duration::zero();
  auto world = std::make_unique<cluster::World>(scenario, seed);
  world->start({.traffic = false, .digest = false});
  world->run_until(sim::Time::at(early));
  const cluster::NodeAgent* node = cluster::find_node_reference(*world, options.node);
  std::string node_name;
  if (node != nullptr && world->proxy_view(node->name())) {
    node_name = node->name();
  } else {
    world = std::make_unique<cluster::World>(scenario, seed);
    world->start({.traffic = false, .digest = false});
    world->run_until(sim::Time::at(at));
    node = cluster::find_node_reference(*world, options.node);
    if (node == nullptr || !world->proxy_view(node->name())) {
      err << "ekssim iptables: error: no registered node '" << options.node << "' at "
          << sim::format_duration(at) << "; the live nodes:" << live_nodes(*world) << "\n";
      return kExitBadInput;
    }
    node_name = node->name();
    world = std::make_unique<cluster::World>(scenario, seed);
    world->start({.traffic = false, .digest = false});
    world->run_until(sim::Time::at(early));
  }
  const sim::Duration lag = world->services().sync_lag(node_name);
  const sim::Duration synced = at > lag ? at - lag : sim::Duration::zero();
  world->run_until(sim::Time::at(std::max(synced, early)));
  const std::optional<std::string> rules = cluster::render_node_iptables(*world, node_name);
  if (!rules) {
    err << "ekssim iptables: error: node " << node_name << " had not registered by its last "
        << "kube-proxy sync before " << sim::format_duration(at) << "\n";
    return kExitBadInput;
  }
  out << "# " << node_name << " at " << sim::format_duration(at) << " (kube-proxy synced at "
      << sim::format_duration(synced) << ")\n"
      << *rules;
  return kExitOk;
}


}  // namespace

int run_iptables(const IptablesOptions& options, std::ostream& out, std::ostream& err) {
  const std::optional<spec::Scenario> loaded = load_scenario_for_command(options.scenario, err);
  if (!loaded) return kExitBadInput;
  const spec::Scenario& scenario = *loaded;
  sim::Duration at = scenario.duration;
  if (options.at) {
    const auto parsed = sim::parse_duration(*options.at);
    if (!parsed) {
      err << "ekssim iptables: error: --at " << *options.at
          << ": expected a duration such as 90s, 20m or 1h30m\n";
      return kExitBadInput;
    }
    at = *parsed;
  }
  const uint64_t seed = options.seed.value_or(scenario.seed);
  try {
    return print_node_rules(scenario, at, seed, options, out, err);
  } catch (const sim::InvariantViolation& e) {
    // A broken invariant is exit 70 here too, not an abort.
    err << e.what() << "\n";
    return kExitInternalError;
  }
}

void add_iptables_subcommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<IptablesOptions>();
  CLI::App* sub = app.add_subcommand(
      "iptables", "A node's iptables rules (kube-proxy, kubelet, VPC CNI) in iptables-save form");
  sub->add_option("scenario", options->scenario, "scenario file")->required();
  sub->add_option("--node", options->node, "the node: its name, or GROUP/N (N-th live node)")
      ->required();
  sub->add_option("--at", options->at, "virtual time (default: the scenario's duration)");
  sub->add_option("--seed", options->seed, "override the scenario's seed");
  sub->callback(
      [options, &exit_code] { exit_code = run_iptables(*options, std::cout, std::cerr); });
}

}  // namespace ekssim::cli
