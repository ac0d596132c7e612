#pragma once
// A scenario's top-level `from:` section (scenarios/README.md, "Importing"):
//
//   from:
//     eksctl: ../cluster/cluster.yaml    # one eksctl.io/v1alpha5 ClusterConfig
//     manifests: [../k8s/]               # files or folders
//     awsDescribe: [../describe/]        # aws ec2 describe-* JSON
//     vpcId: vpc-0abc                    # when the describe output holds several VPCs
//
// Paths are relative to the scenario file's folder.

#include <string>

#include "tools/import/sources.h"

namespace ekssim::import {

// Reads `node` (the value of `from`) in the scenario at `scenario_path`.
Sources read_from_section(const YAML::Node& node, const std::string& scenario_path, ImportLog& log);

}  // namespace ekssim::import
