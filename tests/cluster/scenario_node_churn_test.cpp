// scenarios/node-churn.yaml: the timeline's faults (terminateInstance, deletePod, setEnv,
// restartDaemon, ec2Throttle, failAvailabilityZone) on one node group.

#include <catch2/catch.hpp>

#include "tests/cluster/scenario_support.h"

TEST_CASE("after terminations, deletions, restarts, throttling and a zone failure every pod runs",
          "[scenario][events]") {
  const auto report = ekssim::test::run_scenario("node-churn.yaml");
  REQUIRE(report.all_expectations_passed());
  int live_nodes = 0, terminated_in_a = 0;
  for (const auto& n : report.nodes) {
    if (n.terminated_at) {
      CHECK(n.availability_zone == "us-east-1a");
      ++terminated_in_a;
    } else {
      ++live_nodes;
      CHECK(n.availability_zone == "us-east-1b");  // us-east-1a failed at 10m
      CHECK(n.ready);
    }
  }
  CHECK(live_nodes == 4);
  CHECK(terminated_in_a == 3);  // one terminated at 3m, two with the zone
  int live_pods = 0;
  for (const auto& p : report.pods) {
    if (p.namespace_ != "app" || p.deleted_at) continue;
    ++live_pods;
    CHECK(p.phase == "Running");
  }
  CHECK(live_pods == 40);
}
