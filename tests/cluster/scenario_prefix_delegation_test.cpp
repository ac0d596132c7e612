// scenarios/prefix-delegation-fragmented.yaml: free addresses, no free /28.

#include <catch2/catch.hpp>

#include "tests/cluster/scenario_support.h"

TEST_CASE("prefix delegation in a fragmented subnet fails with InsufficientCidrBlocks",
          "[scenario][prefix-delegation]") {
  const auto report = ekssim::test::run_scenario("prefix-delegation-fragmented.yaml");
  REQUIRE(report.all_expectations_passed());
  const auto* failure = ekssim::test::first_failure(report, "ip", "NoFreePrefix");
  REQUIRE(failure != nullptr);
  CHECK(failure->cause.rfind("subnet private-1a has free addresses but no free aligned /28", 0) ==
        0);
  // AssignPrivateIpAddresses answers InsufficientCidrBlocks; subnet discovery then skips the ENI
  // and tries a new one, whose /28 CreateNetworkInterface refuses with InvalidParameterValue,
  // which upstream does not count as insufficient addresses (no 120 s freeze;
  // aws/amazon-vpc-cni-k8s#3105). The first failure quotes that last error.
  CHECK(failure->cause.find("InvalidParameterValue: There aren't sufficient free Ipv4 addresses "
                            "or prefixes") != std::string::npos);
  const auto& s = ekssim::test::subnet(report, "private-1a");
  CHECK(s.free == 236);
  CHECK(s.free_prefixes == 0);
  for (const auto& p : report.pods) {
    if (p.namespace_ == "app") CHECK(p.phase == "Pending");
  }
}
