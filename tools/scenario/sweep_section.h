#pragma once
// A scenario's optional `sweep:` section (scenarios/README.md, "sweep"): the axes `ekssim sweep`
// crosses and named variants that set several keys at once.
//
//   sweep:
//     axes:
//       - path: cluster.addons.vpcCni.env.WARM_IP_TARGET
//         values: ["1", "5"]
//     variants:
//       - name: pd
//         set:
//           cluster.addons.vpcCni.env.ENABLE_PREFIX_DELEGATION: "true"
//           cluster.nodeGroups[web].maxPods: 110
//
// `ekssim run` ignores the section; the loader validates its shape and paths like any other.

#include <string>
#include <string_view>
#include <vector>

#include "models/spec/location.h"
#include "tools/scenario/scenario_edit.h"

namespace ekssim::scenario {

struct SweepAxis {
  std::string path;
  std::vector<std::string> values;  // YAML text, quotes kept
  spec::Location location;
};

struct SweepVariant {
  std::string name;
  std::vector<Setting> settings;
  spec::Location location;
};

struct SweepSection {
  std::vector<SweepAxis> axes;
  std::vector<SweepVariant> variants;
};

// The section of a scenario the loader accepted (an absent section is empty).
SweepSection read_sweep_section(std::string_view text);

}  // namespace ekssim::scenario
