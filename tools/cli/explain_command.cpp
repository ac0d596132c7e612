#include "tools/cli/explain_command.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "models/cluster/explain.h"
#include "models/cluster/world.h"
#include "sim/invariant.h"
#include "tools/cli/exit_codes.h"
#include "tools/cli/explain_dns.h"
#include "tools/cli/explain_format.h"
#include "tools/cli/subcommands.h"
#include "tools/cli/scenario_for_command.h"
#include "tools/scenario/loader.h"

namespace ekssim::cli {

namespace {

constexpr const char* kPrefix = "ekssim explain: error: ";

}  // namespace

int run_explain(const ExplainOptions& options, std::ostream& out, std::ostream& err) {
  if (options.dns.empty() == options.to.empty()) {
    err << kPrefix << "give one of --to (a connection) and --dns (a lookup)\n";
    return kExitBadInput;
  }
  if (!options.dns.empty()) return run_explain_dns(options, out, err);
  const auto protocol = net::Protocol::parse(options.protocol);
  if (!protocol || (!protocol->has_ports() && !protocol->is_icmp())) {
    err << kPrefix << "--protocol " << options.protocol << ": expected tcp, udp or icmp\n";
    return kExitBadInput;
  }
  std::optional<sim::Duration> at;
  if (!options.at.empty()) {
    at = sim::parse_duration(options.at);
    if (!at) {
      err << kPrefix << "--at takes a duration such as 30s, 5m or 1h30m, not '" << options.at
          << "'\n";
      return kExitBadInput;
    }
  }
  const std::optional<spec::Scenario> loaded = load_scenario_for_command(options.scenario, err);
  if (!loaded) return kExitBadInput;
  const spec::Scenario& scenario = *loaded;
  const sim::Duration when = at.value_or(scenario.duration);
  if (when > scenario.duration) {
    err << kPrefix << "--at " << options.at << " is after the scenario's end ("
        << sim::format_duration(scenario.duration) << ")\n";
    return kExitBadInput;
  }
  const uint64_t seed = options.seed.value_or(scenario.seed);
  try {
    cluster::World world(scenario, seed);
    world.start();
    world.run_until(sim::Time::at(when));
    const cluster::Explanation e =
        cluster::explain(world, when, options.from, options.to, *protocol);
    out << (options.format == "json" ? format_explanation_json(e, scenario.metadata.name, seed)
                                     : format_explanation_text(e, seed));
  } catch (const cluster::ExplainError& e) {
    err << kPrefix << e.what() << "\n";
    return kExitBadInput;
  } catch (const sim::InvariantViolation& e) {
    err << e.what() << "\n";
    return kExitInternalError;
  }
  return kExitOk;
}

void add_explain_subcommand(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<ExplainOptions>();
  CLI::App* sub = app.add_subcommand(
      "explain",
      "Why one connection from a pod or node gets through or not, hop by hop, at a time");
  sub->add_option("scenario", o->scenario, "scenario file")->required();
  sub->add_option("--from", o->from,
                  "pod/NAMESPACE/NAME (or a name prefix), node/NAME or "
                  "node/GROUP/N (the N-th live node of a group)")
      ->required();
  sub->add_option("--to", o->to,
                  "ADDRESS:PORT, NAME:PORT (a host, external host, node or pod), "
                  "pod/NAMESPACE/NAME:PORT, node/NAME:PORT or svc/NAMESPACE/NAME:PORT");
  sub->add_option("--dns", o->dns,
                  "instead of --to: a name the pod looks up; prints its search-list walk");
  sub->add_option("--protocol", o->protocol, "tcp, udp or icmp")->capture_default_str();
  sub->add_option("--at", o->at, "virtual time to explain at (default: the scenario's duration)");
  sub->add_option("--seed", o->seed, "override the scenario's seed");
  sub->add_option("--format", o->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  sub->callback([o, &exit_code] { exit_code = run_explain(*o, std::cout, std::cerr); });
}

}  // namespace ekssim::cli
