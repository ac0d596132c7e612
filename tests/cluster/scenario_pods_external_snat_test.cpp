// scenarios/pods-external-snat-no-nat.yaml: custom networking with AWS_VPC_K8S_CNI_EXTERNALSNAT
// set sends pod traffic out of the pod subnet, which has no NAT route, until setEnv at 10m.

#include <catch2/catch.hpp>

#include "models/cluster/node_agent.h"
#include "tests/cluster/explain_support.h"
#include "tests/cluster/scenario_support.h"

using ekssim::sim::Duration;

namespace {
constexpr const char* kFile = "pods-external-snat-no-nat.yaml";
}  // namespace

TEST_CASE("with EXTERNALSNAT the pods' connections find no route from pods-1a until 10m",
          "[scenario][seed-story]") {
  const auto report = ekssim::test::run_scenario(kFile);
  CHECK(report.all_expectations_passed());
  const auto failures = ekssim::test::connect_failures(report);
  REQUIRE(failures.size() == 36);
  CHECK(report.dns.failed_connects == 36);
  CHECK(report.dns.connects == 76);
  for (const auto* f : failures) {
    CHECK(f->last_at < 10 * 60);
    CHECK(f->reason == "ConnectTimeout");
    CHECK(f->cause ==
          "tcp to api.github.com:443: route table pods (subnet pods-1a): dropped: no route for "
          "140.82.112.6");
    CHECK(f->fix == "add to route table pods a route: 0.0.0.0/0 -> nat gateway nat-1a");
  }
}

TEST_CASE("explain shows the pod's own ENI in pods-1a before the fix and the SNAT after it",
          "[scenario][seed-story][explain]") {
  const ekssim::test::ScenarioWorld before(kFile, Duration::minutes(9));
  const auto e = before.explain("pod/app/api", "api.github.com:443");
  REQUIRE(e.paths.size() == 1);
  const auto& v = e.paths[0].verdict;
  CHECK(v.disposition == ekssim::net::Disposition::kNoRoute);
  REQUIRE(v.hops.size() == 3);
  CHECK(v.hops[0].detail.find("which holds the pod's address, sends it out through that ENI") !=
        std::string::npos);
  CHECK(ekssim::test::stopping_hop(v).to_string() ==
        "route table pods (subnet pods-1a): dropped: no route for 140.82.112.6");
  REQUIRE(v.fix);
  CHECK(v.fix->text == "add to route table pods a route: 0.0.0.0/0 -> nat gateway nat-1a");

  const ekssim::test::ScenarioWorld after(kFile, Duration::minutes(11));
  const auto fixed = after.explain("pod/app/api", "api.github.com:443");
  REQUIRE(fixed.paths.size() == 1);
  const auto& ok = fixed.paths[0].verdict;
  CHECK(ok.disposition == ekssim::net::Disposition::kExitsNetwork);
  // Rules 1 and 2 RETURN for the two VPC CIDRs; rule 3 SNATs to the node's primary address.
  const auto* node = after.world().find_node(fixed.source.node);
  REQUIRE(node != nullptr);
  CHECK(ok.hops[1].detail.rfind("rule 3: SNAT " + fixed.source.address.to_string() + " to " +
                                    node->primary_ip().to_string() + ", the primary IP of eni ",
                                0) == 0);
}
