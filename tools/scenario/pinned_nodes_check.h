#pragma once
// Checks a node group's pinned nodes (`nodes: [{name, ip}]`, an extension) against the VPC: each
// address lies in one of the group's own subnets and is not one of the five AWS reserves there
// (the first four and the last; VPC user guide, "Subnet CIDR blocks"), no two pins (nor a pin and
// a vpc.hosts entry) share an address (a private address belongs to one network interface), and
// no two pins share a name (a Node's name is unique in the cluster).

#include "models/spec/cluster.h"
#include "tools/scenario/yaml_reader.h"

namespace ekssim::scenario {

void check_pinned_nodes(Reader& reader, const spec::Cluster& cluster);

}  // namespace ekssim::scenario
