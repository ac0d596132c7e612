// scenarios/public-subnet-nodes.yaml: eksctl's default public node group, with no NAT gateway and
// the public API endpoint only, works because its subnets map a public IP on launch.

#include <catch2/catch.hpp>

#include "tests/cluster/scenario_support.h"

namespace {
constexpr const char* kFile = "public-subnet-nodes.yaml";
}  // namespace

TEST_CASE("nodes in public subnets join through the public endpoint with a public IP each",
          "[scenario][public-ip]") {
  const auto report = ekssim::test::run_scenario(kFile);
  CHECK(report.all_expectations_passed());
  REQUIRE(report.nodes.size() == 2);
  for (const auto& node : report.nodes) {
    CHECK(node.ready);
    CHECK_FALSE(node.not_ready);
  }
  CHECK(report.top_causes.empty());
}

TEST_CASE(
    "without mapPublicIpOnLaunch the kubelets' calls stop at the internet gateway and the fix "
    "names the subnet attribute",
    "[scenario][public-ip]") {
  const auto report = ekssim::test::run_scenario_variant(kFile, "mapPublicIpOnLaunch: true",
                                                         "mapPublicIpOnLaunch: false");
  CHECK_FALSE(report.all_expectations_passed());
  REQUIRE(report.nodes.size() == 2);
  for (const auto& node : report.nodes) {
    CHECK_FALSE(node.ready);
    REQUIRE(node.not_ready);
    CHECK(node.not_ready->reason == "ApiServerUnreachable");
    CHECK(node.not_ready->cause.find("internet gateway: dropped: ") != std::string::npos);
    CHECK(node.not_ready->cause.find("has no public IP") != std::string::npos);
    CHECK(node.not_ready->fix.find("launch its instance in a subnet with mapPublicIpOnLaunch") !=
          std::string::npos);
    // The kubelet's first attempt, once the instance has booted.
    CHECK(node.not_ready->at < 2 * 60);
  }
  for (const auto& pod : report.pods)
    CHECK_FALSE(pod.running_at);
}

TEST_CASE(
    "publicAccessCidrs that leave out the nodes' public IPs keep them from registering; the fix "
    "names the address to add",
    "[scenario][public-ip]") {
  const auto report = ekssim::test::run_scenario_variant(
      kFile, "clusterEndpoints: {publicAccess: true, privateAccess: false}",
      "clusterEndpoints: {publicAccess: true, privateAccess: false, "
      "publicAccessCidrs: [198.51.100.0/24]}");
  CHECK_FALSE(report.all_expectations_passed());
  REQUIRE(report.nodes.size() == 2);
  for (const auto& node : report.nodes) {
    CHECK_FALSE(node.ready);
    REQUIRE(node.not_ready);
    CHECK(node.not_ready->reason == "ApiServerUnreachable");
    // The kubelet names the endpoint's host, as EKS's DescribeCluster gives it.
    CHECK(node.not_ready->message.find(".gr7.us-west-2.eks.amazonaws.com/api/v1/nodes") !=
          std::string::npos);
    CHECK(node.not_ready->cause.find("refused: it admits only publicAccessCidrs 198.51.100.0/24, "
                                     "and the traffic arrives from 198.18.0.") !=
          std::string::npos);
    CHECK(node.not_ready->cause.find("(the node's public IP)") != std::string::npos);
    CHECK(node.not_ready->fix.find("/32 to clusterEndpoints.publicAccessCidrs, or turn on "
                                   "clusterEndpoints.privateAccess") != std::string::npos);
  }
}

TEST_CASE(
    "with private access on as well, the same CIDRs do not matter: nodes use the private "
    "endpoint",
    "[scenario][public-ip]") {
  const auto report = ekssim::test::run_scenario_variant(
      kFile, "clusterEndpoints: {publicAccess: true, privateAccess: false}",
      "clusterEndpoints: {publicAccess: true, privateAccess: true, "
      "publicAccessCidrs: [198.51.100.0/24]}");
  REQUIRE(report.nodes.size() == 2);
  for (const auto& node : report.nodes) {
    CHECK(node.ready);
    CHECK_FALSE(node.not_ready);
  }
}
