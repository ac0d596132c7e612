#include <catch2/catch.hpp>

#include "models/cni/ipamd_events.h"
#include "models/k8s/api_events.h"
#include "sim/invariant.h"
#include "tests/cluster/report_test_support.h"

using namespace ekssim;
using namespace ekssim::report;
using namespace ekssim::report::testing;

TEST_CASE("an address assigned to a second live pod stops the run naming both pods",
          "[invariants]") {
  ReportRun run;
  run.check_invariants();
  run.at(s(1), cni::PodIpAssigned{"n1", "default", "a", "10.0.1.20", "eni-1", 1});
  run.at(s(2), cni::PodIpAssigned{"n2", "default", "b", "10.0.1.20", "eni-2", 1});
  try {
    run.kernel.run();
    FAIL("no invariant violation");
  } catch (const sim::InvariantViolation& e) {
    CHECK(std::string(e.what()) ==
          "internal invariant broken at t=2s, event #2, in pod address checker: 10.0.1.20 is "
          "assigned to default/b on n2 while default/a on n1 holds it");
    CHECK(e.component() == "pod address checker");
  }
}

TEST_CASE("an address is free again after its release on its node or its pod's deletion",
          "[invariants]") {
  ReportRun run;
  run.check_invariants();
  run.at(s(1), cni::PodIpAssigned{"n1", "default", "a", "10.0.1.20", "eni-1", 1});
  run.at(s(1),
         cni::PodIpAssigned{"n1", "default", "a", "10.0.1.20", "eni-1", 1});  // a repeated ADD
  run.at(s(1), cni::PodIpAssigned{"n1", "default", "b", "10.0.1.21", "eni-1", 1});
  run.at(s(2), cni::PodIpReleased{"n2", "10.0.1.20", 0});  // another node's release ends nothing
  run.kernel.run_until(sim::Time::at(s(2)));
  CHECK(run.invariants->addresses_held() == 2);

  run.at(s(3), cni::PodIpReleased{"n1", "10.0.1.20", 0});
  run.at(s(4), cni::PodIpAssigned{"n1", "default", "c", "10.0.1.20", "eni-1", 1});
  run.at(s(5), k8s::PodDeleted{"default", "b", "n1"});
  run.at(s(6), cni::PodIpAssigned{"n3", "default", "d", "10.0.1.21", "eni-3", 1});
  run.at(s(7), cni::PodIpReleased{"n1", "10.0.1.21", 0});  // late release of b's: d keeps it
  run.kernel.run();
  CHECK(run.invariants->addresses_held() == 2);
  REQUIRE_THROWS_WITH(
      (run.at(s(8), cni::PodIpAssigned{"n1", "default", "e", "10.0.1.21", "eni-1", 1}),
       run.kernel.run()),
      "internal invariant broken at t=8s, event #10, in pod address checker: 10.0.1.21 is "
      "assigned to default/e on n1 while default/d on n3 holds it");
}

TEST_CASE("a pod's name reused after its deletion holds only the new pod's addresses",
          "[invariants]") {
  ReportRun run;
  run.check_invariants();
  run.at(s(1), cni::PodIpAssigned{"n1", "default", "a", "10.0.1.20", "eni-1", 1});
  run.at(s(1), cni::PodIpAssigned{"n1", "team", "a", "10.0.1.21", "eni-1", 2});  // another ns
  run.at(s(2), k8s::PodDeleted{"default", "a", "n1"});
  run.at(s(3), cni::PodIpAssigned{"n2", "default", "a", "10.0.2.30", "eni-2", 1});  // its successor
  run.at(s(4), cni::PodIpAssigned{"n1", "default", "b", "10.0.1.20", "eni-1", 1});  // a's old one
  run.kernel.run();
  CHECK(run.invariants->addresses_held() == 3);
  run.at(s(5), k8s::PodDeleted{"default", "a", "n2"});
  run.kernel.run();
  CHECK(run.invariants->addresses_held() == 2);
  REQUIRE_THROWS_WITH(
      (run.at(s(6), cni::PodIpAssigned{"n1", "default", "a", "10.0.1.21", "eni-1", 1}),
       run.kernel.run()),
      "internal invariant broken at t=6s, event #7, in pod address checker: 10.0.1.21 is "
      "assigned to default/a on n1 while team/a on n1 holds it");
}

TEST_CASE("state checks run in order and the first broken one fails the run under its name",
          "[invariants]") {
  ReportRun run;
  run.check_invariants();
  int used = 11;
  run.invariants->add_state_check("ENI limits", [] { return std::string(); });
  run.invariants->add_state_check("subnet accounting", [&used] {
    return used + 4080 == 4091
               ? std::string()
               : "private-1a: used " + std::to_string(used) + " + free 4080 != usable 4091";
  });
  run.invariants->check_state();
  run.invariants->check_state_every(s(10));
  run.kernel.schedule_at(sim::Time::at(s(15)), [&used] { used = 12; });
  REQUIRE_THROWS_WITH(run.kernel.run_until(sim::Time::at(min(1))),
                      "internal invariant broken at t=20s, event #3, in subnet accounting: "
                      "private-1a: used 12 + free 4080 != usable 4091");
}
