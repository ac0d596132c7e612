// A component's broken contract during a run is exit 70's invariant violation, naming the virtual
// time, the event number and the component (issue 16: a route to the VPC's own CIDR used to leave
// as a bare std::invalid_argument). The loader refuses that route now, so the spec is changed
// after loading, as a bug in the loader would.

#include <catch2/catch.hpp>
#include <string>

#include "models/report/simulate.h"
#include "sim/invariant.h"
#include "tools/scenario/loader.h"

TEST_CASE("a contract broken while the cluster is built is an invariant violation at t=0",
          "[run][invariant]") {
  auto loaded = ekssim::scenario::load_scenario_file(std::string(EKSSIM_SOURCE_DIR) +
                                                     "/scenarios/new-asg-missing-sg-rules.yaml");
  REQUIRE(loaded.ok());
  ekssim::spec::Scenario scenario = *loaded.scenario;
  ekssim::spec::RouteTable table;
  table.name = "rt";
  table.routes.push_back(ekssim::spec::Route{
      scenario.cluster.vpc.cidr, ekssim::spec::Route::Target::kBlackhole, {}, {}});
  scenario.cluster.vpc.route_tables.push_back(table);
  try {
    ekssim::report::simulate(scenario, {});
    FAIL("no exception");
  } catch (const ekssim::sim::InvariantViolation& e) {
    CHECK(e.component() == "vpc/route-table rt");
    CHECK(std::string(e.what()) ==
          "internal invariant broken at t=0s, event #0, in vpc/route-table rt: while building "
          "the cluster: route table rt already has a route for " +
              scenario.cluster.vpc.cidr.to_string());
  }
}
