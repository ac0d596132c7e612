#pragma once
// `ekssim reachability SCENARIO [--port 53/udp …] [--at D] [--format text|json|dot]`: which node
// groups, CoreDNS, the control plane, interface endpoints and VPC hosts can open a connection to
// which, on the given ports (default 53/udp, 53/tcp, 443/tcp, 10250/tcp), on the cluster simulated
// up to D (default: the scenario's duration), with representatives among its real nodes and pods
// (models/cluster/reachability.h), then, when the network policy agent enforces, each Deployment's
// pod to every other Deployment and to CoreDNS with the policy and rule that decided
// (models/cluster/workload_reachability.h). Prints the matrix as text, as JSON
// (reachability_json.h) or the graph as Graphviz DOT to stdout and exits 0, whatever it finds; a
// scenario with errors prints its diagnostics to stderr and exits 2, as do a bad --port and a bad
// --at; a broken invariant exits 70.

#include <ostream>
#include <string>
#include <vector>

namespace ekssim::cli {

struct ReachabilityOptions {
  std::string scenario;            // the file
  std::vector<std::string> ports;  // "53/udp" …; empty: the default ports
  std::string format = "text";     // "text", "json" or "dot"
  std::string at;                  // a duration; empty: the scenario's duration
};

// Runs the command, printing to `out` and `err`; returns the exit code.
int run_reachability(const ReachabilityOptions& options, std::ostream& out, std::ostream& err);

}  // namespace ekssim::cli
