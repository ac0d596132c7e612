#include "tools/cli/reachability_command.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <stdexcept>

#include "models/cluster/reachability.h"
#include "tools/cli/exit_codes.h"
#include "tools/cli/reachability_format.h"
#include "tools/cli/subcommands.h"
#include "tools/import/resolve.h"
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

  const scenario::LoadResult loaded = import::load_scenario_file(options.scenario);
  if (!loaded.ok()) {
    err << scenario::format_diagnostics(loaded.diagnostics);
    return kExitBadInput;
  }
  try {
    const cluster::Reachability result = cluster::compute_reachability(*loaded.scenario, ports);
    out << (options.format == "dot" ? format_reachability_dot(result)
                                    : format_reachability_text(result));
  } catch (const std::runtime_error& e) {
    err << "ekssim reachability: error: " << e.what() << "\n";
    return kExitBadInput;
  }
  return kExitOk;
}

void add_reachability_subcommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ReachabilityOptions>();
  CLI::App* sub = app.add_subcommand(
      "reachability", "Which endpoints can reach which, on which ports, from the configuration");
  sub->add_option("scenario", options->scenario, "scenario file")->required();
  sub->add_option("--port", options->ports,
                  "PORT/PROTOCOL to judge, repeatable (default: 53/udp 53/tcp 443/tcp 10250/tcp)")
      ->allow_extra_args(false);
  sub->add_option("--format", options->format, "text or dot (Graphviz)")
      ->check(CLI::IsMember({"text", "dot"}))
      ->capture_default_str();
  sub->callback(
      [options, &exit_code] { exit_code = run_reachability(*options, std::cout, std::cerr); });
}

}  // namespace ekssim::cli
