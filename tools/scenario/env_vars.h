#pragma once
// The aws-node (VPC CNI) environment variables ekssim knows, and reading an `env` map of them:
// names checked against the list (with the nearest suggested), values strings as in a Kubernetes
// container spec. Upstream: amazon-vpc-cni-k8s, pkg/ipamd/ipamd.go and the README's "Configuration
// Variables".

#include <map>
#include <string>
#include <vector>

#include "tools/scenario/map_reader.h"

namespace ekssim::scenario {

const std::vector<std::string>& known_vpc_cni_env();

// Reads `node` (a map of NAME: "value") into `env`, with each value's location.
void load_vpc_cni_env(Reader& reader, const YAML::Node& node, std::string_view label,
                      std::map<std::string, std::string>& env,
                      std::map<std::string, spec::Location>& locations);

}  // namespace ekssim::scenario
