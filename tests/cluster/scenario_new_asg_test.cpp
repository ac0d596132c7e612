// scenarios/new-asg-missing-sg-rules.yaml: the seed story's path, before and after the fix.

#include <catch2/catch.hpp>

#include "tests/cluster/scenario_support.h"

TEST_CASE("the new ASG's DNS path is denied at nodes-old until the rule is added at 25m",
          "[scenario][seed-story]") {
  const auto report = ekssim::test::run_scenario("new-asg-missing-sg-rules.yaml");
  REQUIRE(report.expectations.size() == 4);
  CHECK(report.all_expectations_passed());
  const auto& before = ekssim::test::expectation(report, 2);
  CHECK(before.kind == "unreachable");
  CHECK(before.detail.rfind("ng-new → ng-old on 53/udp at 20m: denied-in (ENI_SG_RULES_MISMATCH)",
                            0) == 0);
  CHECK(before.detail.find("fix: add to nodes-old an inbound rule: udp 53 from security group "
                           "nodes-new") != std::string::npos);
  const auto& after = ekssim::test::expectation(report, 3);
  CHECK(after.detail == "ng-new → ng-old on 53/udp at 26m: allowed (accepted)");
}
