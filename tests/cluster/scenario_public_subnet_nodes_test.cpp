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
  for (const auto& pod : report.pods) CHECK_FALSE(pod.running_at);
}
