// Pods the scheduler cannot place are a root cause of their own: scenarios/warm-ip-target.yaml
// scaled past what its 4 m5.large nodes hold.

#include <catch2/catch.hpp>

#include "tests/cluster/scenario_support.h"

TEST_CASE("pods still unschedulable at the end rank in the root causes with the scheduler's words",
          "[scenario][scheduling]") {
  // 4 nodes × 29 max pods, less aws-node and kube-proxy on each: 108 places for 150 pods.
  const auto report = ekssim::test::run_scenario_variant(
      "warm-ip-target.yaml", "name: api, replicas: 80", "name: api, replicas: 150");
  const ekssim::report::CauseSummary* scheduling = nullptr;
  for (const auto& c : report.top_causes) {
    if (c.kind == "scheduling") scheduling = &c;
  }
  REQUIRE(scheduling != nullptr);
  CHECK(scheduling->reason == "FailedScheduling");
  CHECK(scheduling->pods == 42);
  CHECK(scheduling->failures == 42);
  CHECK(scheduling->cause.find("Too many pods") != std::string::npos);
  CHECK(scheduling->fix.find("desiredCapacity") != std::string::npos);
  // From the scale-up at 5m on, not before.
  CHECK(scheduling->first_at >= 300);
  CHECK(scheduling->first_at < 330);
}

TEST_CASE("a run whose pods all fit has no scheduling cause", "[scenario][scheduling]") {
  const auto report = ekssim::test::run_scenario("warm-ip-target.yaml");
  for (const auto& c : report.top_causes)
    CHECK(c.kind != "scheduling");
}
