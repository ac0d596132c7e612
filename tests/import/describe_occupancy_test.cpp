// describe_occupancy.h: which described addresses the simulation takes again itself, and what a
// subnet has in use at t=0.

#include "tools/import/describe_occupancy.h"

#include <catch2/catch.hpp>

using namespace ekssim::import;

namespace {

std::vector<YAML::Node> interfaces(const char* json) {
  std::vector<YAML::Node> out;
  for (const YAML::Node& eni : YAML::Load(json))
    out.push_back(eni);
  return out;
}

}  // namespace

TEST_CASE("the cluster's own interfaces: the VPC CNI's, EKS's, endpoints' and its nodes' eth0",
          "[import]") {
  const auto held = held_by_the_cluster(interfaces(R"([
    {"SubnetId": "a", "Description": "aws-K8S-i-1", "Attachment": {"InstanceId": "i-1", "DeviceIndex": 1},
     "PrivateIpAddresses": [{}, {}, {}], "Ipv4Prefixes": [{}]},
    {"SubnetId": "a", "Description": "", "Attachment": {"InstanceId": "i-1", "DeviceIndex": 0},
     "PrivateIpAddresses": [{}, {}]},
    {"SubnetId": "a", "Description": "", "Attachment": {"InstanceId": "i-2", "DeviceIndex": 0},
     "PrivateIpAddresses": [{}]},
    {"SubnetId": "b", "Description": "Amazon EKS prod", "PrivateIpAddresses": [{}]},
    {"SubnetId": "b", "Description": "VPC Endpoint Interface vpce-1", "PrivateIpAddresses": [{}]},
    {"SubnetId": "b", "Description": "Interface for NAT Gateway nat-1", "PrivateIpAddresses": [{}]}
  ])"));
  // a: the CNI's ENI (3 + a /28) and i-1's eth0 (2); i-2 holds no CNI ENI: not a node.
  CHECK(held.at("a") == 3 + 16 + 2);
  // b: the control plane's and the endpoint's ENIs; the NAT gateway's stays in use.
  CHECK(held.at("b") == 2);
}

TEST_CASE("addresses in use: usable less available less the cluster's own, never below zero",
          "[import]") {
  const YAML::Node subnet =
      YAML::Load(R"({"CidrBlock": "10.0.0.0/24", "AvailableIpAddressCount": 200})");
  // 256 - 5 = 251 usable; 51 taken, 11 of them the cluster's own.
  const auto in_use = addresses_in_use(subnet, 11);
  REQUIRE(in_use);
  CHECK(in_use->count == 40);
  CHECK(in_use->arithmetic == "251 usable - AvailableIpAddressCount 200 - 11 the cluster's own");
  CHECK_FALSE(addresses_in_use(subnet, 60));
  CHECK_FALSE(addresses_in_use(YAML::Load(R"({"CidrBlock": "10.0.0.0/24"})"), 0));
  CHECK_FALSE(addresses_in_use(
      YAML::Load(R"({"CidrBlock": "10.0.0.0/24", "AvailableIpAddressCount": "many"})"), 0));
}
