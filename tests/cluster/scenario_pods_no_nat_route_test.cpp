// scenarios/pods-no-nat-route.yaml and its -fixed twin: a private cluster whose pods cannot reach
// a public URL because the private route table has no route out.

#include <catch2/catch.hpp>

#include "tests/cluster/explain_support.h"
#include "tests/cluster/scenario_support.h"

using ekssim::sim::Duration;

TEST_CASE(
    "without a NAT route every connection to api.github.com times out, with the route "
    "table named",
    "[scenario][seed-story]") {
  const auto report = ekssim::test::run_scenario("pods-no-nat-route.yaml");
  CHECK(report.all_expectations_passed());
  REQUIRE(report.nodes.size() == 2);
  for (const auto& node : report.nodes)
    CHECK(node.ready);
  const auto failures = ekssim::test::connect_failures(report);
  CHECK(report.dns.connects == 56);
  CHECK(report.dns.failed_connects == 56);
  CHECK(report.dns.failed_lookups == 0);
  REQUIRE(failures.size() == 56);
  for (const auto* f : failures) {
    CHECK(f->reason == "ConnectTimeout");
    CHECK(f->message == "dial tcp 140.82.112.6:443: i/o timeout");
    CHECK(f->cause ==
          "tcp to api.github.com:443: route table private (subnet private-1a): dropped: no "
          "route for 140.82.112.6");
    CHECK(f->fix ==
          "add to route table private a route for 140.82.112.6 to a gateway that reaches it "
          "(VPC private-vpc has no NAT gateway, internet gateway or remote network for it)");
  }
}

TEST_CASE("with a NAT gateway and the route, the same pods connect", "[scenario][seed-story]") {
  const auto report = ekssim::test::run_scenario("pods-no-nat-route-fixed.yaml");
  CHECK(report.all_expectations_passed());
  CHECK(report.dns.connects == 56);
  CHECK(report.dns.failed_connects == 0);
  CHECK(ekssim::test::connect_failures(report).empty());
}

TEST_CASE("explain shows the SNAT to the node's address and the route table with no route",
          "[scenario][seed-story][explain]") {
  const ekssim::test::ScenarioWorld broken("pods-no-nat-route.yaml", Duration::minutes(5));
  const auto e = broken.explain("pod/app/api", "api.github.com:443");
  CHECK(e.source.chosen == "4 pods in app start with api; the first Running one by name");
  CHECK(e.destination.kind == ekssim::cluster::ExplainDestination::Kind::kExternalHost);
  CHECK(e.destination.describe() == "external host api.github.com (140.82.112.6:443)");
  REQUIRE(e.paths.size() == 1);
  const auto& v = e.paths[0].verdict;
  CHECK(v.disposition == ekssim::net::Disposition::kNoRoute);
  CHECK(v.reason == ekssim::net::Reason::kNoRouteToDestination);
  REQUIRE(v.hops.size() == 4);
  CHECK(v.hops[1].component == ekssim::net::Component::kHost);
  CHECK(v.hops[1].detail.rfind("rule 2: SNAT " + e.source.address.to_string() + " to ", 0) == 0);
  const auto& hop = ekssim::test::stopping_hop(v);
  CHECK(hop.component == ekssim::net::Component::kRouteTable);
  CHECK(hop.name == "private");
  CHECK(hop.to_string() ==
        "route table private (subnet private-1a): dropped: no route for 140.82.112.6");

  const ekssim::test::ScenarioWorld fixed("pods-no-nat-route-fixed.yaml", Duration::minutes(5));
  const auto ok = fixed.explain("pod/app/api", "api.github.com:443");
  REQUIRE(ok.paths.size() == 1);
  CHECK(ok.paths[0].verdict.disposition == ekssim::net::Disposition::kExitsNetwork);
  CHECK(ok.passed() == 1);
}
