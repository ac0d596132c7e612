#pragma once
// `ekssim reachability SCENARIO [--port 53/udp …] [--format text|dot]`: which node groups,
// CoreDNS, the control plane, interface endpoints and VPC hosts can open a connection to which,
// on the given ports (default 53/udp, 53/tcp, 443/tcp, 10250/tcp), worked out from the scenario's
// configuration without simulating (models/cluster/reachability.h). Prints the matrix as text or
// the graph as Graphviz DOT to stdout and exits 0, whatever it finds; a scenario with errors
// prints its diagnostics to stderr and exits 2, as do a bad --port and a subnet too full for the
// representatives.

#include <ostream>
#include <string>
#include <vector>

namespace ekssim::cli {

struct ReachabilityOptions {
  std::string scenario;            // the file
  std::vector<std::string> ports;  // "53/udp" …; empty: the default ports
  std::string format = "text";     // "text" or "dot"
};

// Runs the command, printing to `out` and `err`; returns the exit code.
int run_reachability(const ReachabilityOptions& options, std::ostream& out, std::ostream& err);

}  // namespace ekssim::cli
