#pragma once
// The address of one scenario key for `ekssim sweep --set` and the scenario's `sweep:` section:
// keys joined by dots, a list item picked by its name in brackets.
//
//   cluster.addons.vpcCni.env.WARM_IP_TARGET
//   cluster.nodeGroups[web].instanceType
//   cluster.vpc.subnets[private-1a].cidr
//   workloads[default/web].replicas       (namespace/name; [web] when the name is unique)
//   cluster.nodeGroups[0].desiredCapacity (an index, counted from 0)
//
// A key holds no '.', '[' or ']'.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ekssim::scenario {

struct SweepPathStep {
  std::string key;
  std::optional<std::string> item;  // the list item's name, namespace/name or index
};

struct SweepPathParse {
  std::vector<SweepPathStep> steps;  // empty when `error` is set
  std::string error;                 // what was wrong, e.g. "an empty key after 'cluster.'"
};

// The expected form, for diagnostics.
inline constexpr std::string_view kSweepPathExpected =
    "a path such as cluster.nodeGroups[web].instanceType";

SweepPathParse parse_sweep_path(std::string_view path);

}  // namespace ekssim::scenario
