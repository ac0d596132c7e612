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
  CHECK(failure->cause.find("InsufficientCidrBlocks") != std::string::npos);
  const auto& s = ekssim::test::subnet(report, "private-1a");
  CHECK(s.free == 236);
  CHECK(s.free_prefixes == 0);
  for (const auto& p : report.pods) {
    if (p.namespace_ == "app") CHECK(p.phase == "Pending");
  }
}
