// publicAccessCidrs judge where a node's traffic comes from on the internet: behind a NAT
// gateway, its Elastic IP (AWS "Cluster API server endpoint"). scenarios/warm-ip-target.yaml's
// private nodes reach the public-only endpoint through nat-1a.

#include <catch2/catch.hpp>

#include "tests/cluster/scenario_support.h"

namespace {
using ekssim::test::TextEdits;
constexpr const char* kFile = "warm-ip-target.yaml";
constexpr const char* kNat = "natGateways: [{name: nat-1a, subnet: public-1a}]";

TextEdits with_cidrs(const std::string& cidrs) {
  return {{kNat, "natGateways: [{name: nat-1a, subnet: public-1a, publicIp: 52.4.10.20}]"},
          {"  region: us-east-1\n",
           "  region: us-east-1\n  clusterEndpoints: {publicAccess: true, privateAccess: false, "
           "publicAccessCidrs: " +
               cidrs + "}\n"}};
}
}  // namespace

TEST_CASE("private nodes behind a NAT gateway register when its Elastic IP is admitted",
          "[scenario][public-access-cidrs]") {
  const auto report =
      ekssim::test::run_scenario_variant(kFile, with_cidrs("[52.4.10.0/24, 198.51.100.0/24]"));
  REQUIRE(report.nodes.size() == 4);
  for (const auto& node : report.nodes)
    CHECK(node.ready);
}

TEST_CASE("private nodes behind a NAT gateway whose Elastic IP is not admitted never register",
          "[scenario][public-access-cidrs]") {
  const auto report = ekssim::test::run_scenario_variant(kFile, with_cidrs("[198.51.100.0/24]"));
  REQUIRE(report.nodes.size() == 4);
  for (const auto& node : report.nodes) {
    CHECK_FALSE(node.ready);
    REQUIRE(node.not_ready);
    CHECK(node.not_ready->reason == "ApiServerUnreachable");
    CHECK(node.not_ready->cause ==
          "tcp 443 to the cluster API server (public endpoint) refused: it admits only "
          "publicAccessCidrs 198.51.100.0/24, and the traffic arrives from 52.4.10.20 (the NAT "
          "gateway's Elastic IP)");
    CHECK(node.not_ready->fix ==
          "add 52.4.10.20/32 to clusterEndpoints.publicAccessCidrs, or turn on "
          "clusterEndpoints.privateAccess");
  }
  for (const auto& pod : report.pods)
    CHECK_FALSE(pod.running_at);
}

TEST_CASE("a NAT gateway's publicIp must be public", "[scenario][public-access-cidrs]") {
  const std::string diagnostics = ekssim::test::scenario_variant_diagnostics(
      kFile, {{kNat, "natGateways: [{name: nat-1a, subnet: public-1a, publicIp: 10.9.9.9}]"}});
  // Located at the value: line 21, after "    natGateways: [{name: nat-1a, subnet: public-1a, ".
  CHECK(diagnostics.find("warm-ip-target.yaml:21:") != std::string::npos);
  CHECK(diagnostics.find("publicIp 10.9.9.9 is a private address") != std::string::npos);
  CHECK(diagnostics.find("expected the NAT gateway's Elastic IP") != std::string::npos);
}
