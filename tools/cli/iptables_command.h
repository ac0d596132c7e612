#pragma once
// `ekssim iptables SCENARIO --node NODE [--at DURATION] [--seed N]`: simulates the scenario to
// the given time (default: its duration) and prints the node's nat, filter and mangle tables in
// iptables-save form as kube-proxy and the VPC CNI's aws-node would have written them then —
// kube-proxy's part as of its last sync (the Services of the API at the time minus the node's
// sync lag). NODE is the node's name or GROUP/N, the N-th live node of a node group in launch
// order. Exit 0 with the rules on stdout; 2 for a scenario with errors, an unknown node (the
// message lists the live ones) or a bad --at.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace ekssim::cli {

struct IptablesOptions {
  std::string scenario;
  std::string node;
  std::optional<std::string> at;  // a duration, "20m"
  std::optional<uint64_t> seed;
};

int run_iptables(const IptablesOptions& options, std::ostream& out, std::ostream& err);

}  // namespace ekssim::cli
