#pragma once
// `ekssim explain SCENARIO --from SOURCE --to DESTINATION [--protocol tcp|udp|icmp]
// [--at DURATION] [--seed N] [--format text|json]`: simulates the scenario to --at (default: its
// duration) and explains one new connection from a pod or node at that instant, hop by hop, with
// the verdict, its reason code and the smallest fix (models/cluster/explain.h names the ends).
// Exit 0 when a verdict was computed, whether the flow passes or not; 2 for a scenario with
// errors (its diagnostics), a bad option, or a source or destination that does not exist or
// cannot send at --at (one line naming what exists); 70 when an internal invariant breaks.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace ekssim::cli {

struct ExplainOptions {
  std::string scenario;  // the file
  std::string from;      // "pod/NS/NAME", "node/NAME", "node/GROUP/N"
  std::string to;        // "ADDRESS:PORT", "NAME:PORT", "svc/NS/NAME:PORT" …
  std::string protocol = "tcp";
  std::string at;  // a duration; empty: the scenario's duration
  std::optional<uint64_t> seed;
  std::string format = "text";  // "text" or "json"
  std::string dns;              // --dns NAME: the pod's lookup of NAME instead (explain_dns.h)
};

// Runs the command, printing to `out` and `err`; returns the exit code.
int run_explain(const ExplainOptions& options, std::ostream& out, std::ostream& err);

}  // namespace ekssim::cli
