// scenarios/ec2-throttling-scale-out.yaml: a 100-node scale-out under the default EC2 limits.

#include <catch2/catch.hpp>

#include "tests/cluster/scenario_support.h"

TEST_CASE("a 100-node scale-out is throttled by EC2 and the pods' cause says so",
          "[scenario][ec2-throttling]") {
  const auto report = ekssim::test::run_scenario("ec2-throttling-scale-out.yaml");
  REQUIRE(report.all_expectations_passed());
  const auto* failure = ekssim::test::first_failure(report, "ip", "Ec2Throttled");
  REQUIRE(failure != nullptr);
  CHECK(failure->at > 120);
  CHECK(failure->cause ==
        "EC2 throttled ipamd: AssignPrivateIpAddresses answered RequestLimitExceeded and is "
        "retried with back-off");
  int64_t throttled = 0;
  for (const auto& a : report.ec2_api) {
    if (a.action == "AssignPrivateIpAddresses") throttled = a.throttled;
  }
  CHECK(throttled > 0);
  CHECK(report.nodes.size() == 100);
}
