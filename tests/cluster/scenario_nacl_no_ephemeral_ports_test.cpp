// scenarios/nacl-no-ephemeral-ports.yaml and its -fixed twin: a stateless network ACL drops the
// replies to the pods' connections through the NAT gateway.

#include <catch2/catch.hpp>

#include "tests/cluster/explain_support.h"
#include "tests/cluster/scenario_support.h"

using ekssim::sim::Duration;

namespace {
constexpr const char* kFix =
    "add to network ACL private an inbound rule 200: allow tcp 1024-65535 from 140.82.112.6/32 "
    "(the reply goes to the client's ephemeral port 40000; network ACLs are stateless)";
}  // namespace

TEST_CASE("the replies to the pods' connections are dropped by rule * of the private ACL",
          "[scenario][nacl]") {
  const auto report = ekssim::test::run_scenario("nacl-no-ephemeral-ports.yaml");
  CHECK(report.all_expectations_passed());
  for (const auto& node : report.nodes)
    CHECK(node.ready);
  const auto failures = ekssim::test::connect_failures(report);
  REQUIRE(failures.size() == 56);
  CHECK(report.dns.failed_connects == 56);
  for (const auto* f : failures) {
    CHECK(f->reason == "ConnectTimeout");
    CHECK(f->cause.rfind("tcp to api.github.com:443: reply: network ACL private (subnet "
                         "private-1a, inbound): denied: rule *: deny all traffic; network ACLs "
                         "are stateless, so the reply tcp 140.82.112.6:443 -> 10.0.",
                         0) == 0);
    CHECK(f->fix == kFix);
  }
  const auto fixed = ekssim::test::run_scenario("nacl-no-ephemeral-ports-fixed.yaml");
  CHECK(fixed.all_expectations_passed());
  CHECK(fixed.dns.connects == 56);
  CHECK(fixed.dns.failed_connects == 0);
}

TEST_CASE("explain walks the request out through the NAT gateway and stops the reply at rule *",
          "[scenario][nacl][explain]") {
  const ekssim::test::ScenarioWorld broken("nacl-no-ephemeral-ports.yaml", Duration::minutes(5));
  const auto e = broken.explain("pod/app/api", "api.github.com:443");
  REQUIRE(e.paths.size() == 1);
  const auto& v = e.paths[0].verdict;
  CHECK(v.disposition == ekssim::net::Disposition::kDeniedIn);
  CHECK(v.reason == ekssim::net::Reason::kSubnetAclRestriction);
  CHECK(v.leg == ekssim::net::Leg::kReply);
  REQUIRE(v.hops.size() == 14);
  const auto& hop = ekssim::test::stopping_hop(v);
  CHECK(&hop == &v.hops.back());
  CHECK(hop.component == ekssim::net::Component::kNetworkAcl);
  CHECK(hop.name == "private");
  CHECK(hop.rule == 32767);
  CHECK(hop.direction == ekssim::net::Direction::kInbound);
  REQUIRE(v.fix);
  CHECK(v.fix->text == kFix);
  // The request went out: the outbound rule 100 of the same ACL let it through.
  CHECK(v.hops[4].to_string() ==
        "network ACL private (subnet private-1a, outbound): permitted: rule 100: allow all "
        "traffic to 0.0.0.0/0");

  const ekssim::test::ScenarioWorld fixed("nacl-no-ephemeral-ports-fixed.yaml",
                                          Duration::minutes(5));
  const auto ok = fixed.explain("pod/app/api", "api.github.com:443");
  REQUIRE(ok.paths.size() == 1);
  CHECK(ok.paths[0].verdict.disposition == ekssim::net::Disposition::kExitsNetwork);
  CHECK(ok.paths[0].verdict.hops.back().rule == 120);
}
