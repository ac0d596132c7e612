#pragma once
// How full a described subnet already is, as `addressesInUse` (scenarios/README.md): its usable
// addresses (the CIDR's size less AWS's five reserved) less AvailableIpAddressCount
// (describe-subnets), less the addresses on the interfaces the simulation creates again itself
// (describe-network-interfaces), so that they are not counted twice.

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ekssim::import {

// Per subnet id, the addresses on the interfaces of the cluster itself: the VPC CNI's ENIs
// (ipamd describes them "aws-K8S-<instance id>", pkg/awsutils), EKS's control-plane ENIs
// ("Amazon EKS <cluster>"), interface endpoints' ("VPC Endpoint Interface vpce-…"), and the
// primary ENIs (device 0) of the instances that hold a VPC CNI ENI: the cluster's nodes.
std::map<std::string, int64_t> held_by_the_cluster(const std::vector<YAML::Node>& interfaces);

struct AddressesInUse {
  int64_t count = 0;
  std::string arithmetic;  // "8187 usable - AvailableIpAddressCount 8180 - 2 the cluster's own"
};

// None when the subnet's CIDR or count is missing or unreadable, or nothing is in use.
std::optional<AddressesInUse> addresses_in_use(const YAML::Node& subnet, int64_t recreated);

}  // namespace ekssim::import
