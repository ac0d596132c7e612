#pragma once
// `ekssim serve SCENARIO… [--port N] [--seed N]`: records one run of each scenario
// (tools/serve/recording.h) and serves the workshop page and its JSON API (tools/serve/routes.h)
// on http://127.0.0.1:PORT/ until SIGINT or SIGTERM. Prints the address on stdout once it
// listens, and one line per request on stderr. Exit 0 after a signal; 2 for a scenario with
// errors (nothing is served) or a port it cannot bind; 70 when an internal invariant breaks.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace ekssim::cli {

struct ServeOptions {
  std::vector<std::string> scenarios;
  uint16_t port = 8080;
  std::optional<uint64_t> seed;
};

int run_serve(const ServeOptions& options, std::ostream& out, std::ostream& err);

}  // namespace ekssim::cli
