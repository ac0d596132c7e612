// scenarios/new-asg-partial-dns.yaml: CoreDNS also on the new nodes, so failures are partial.

#include <catch2/catch.hpp>

#include "models/report/failures.h"
#include "tests/cluster/scenario_support.h"

TEST_CASE(
    "with CoreDNS on both node groups, the new nodes' lookups fail only when kube-proxy "
    "picks a replica on an old node",
    "[scenario][seed-story][dns]") {
  const auto report = ekssim::test::run_scenario("new-asg-partial-dns.yaml");
  CHECK(report.all_expectations_passed());
  // From 10m to 25m: 3 scheduler pods, a lookup of airflow-pgbouncer every 30 s (resolve) and
  // every 1m (connect): 135 lookups. A lookup fails when its first candidate goes to a replica
  // on ng-old (the name as given, tried next, does not exist), so the failed share is the share
  // of replicas on ng-old.
  int64_t replicas = 0, on_old = 0;
  for (const auto& p : report.pods) {
    if (p.name.rfind("coredns-", 0) != 0 || p.phase != "Running") continue;
    ++replicas;
    if (p.node_group == std::optional<std::string>("ng-old")) ++on_old;
  }
  REQUIRE(replicas == 4);
  REQUIRE(on_old > 0);
  REQUIRE(on_old < replicas);
  int64_t failed = 0;
  for (const auto& p : report.pods) {
    for (const auto& f : p.dns_failures) {
      if (f.name != "airflow-pgbouncer") continue;
      const int64_t inside = ekssim::report::failures_between(f, 10 * 60, 25 * 60 - 0.001);
      if (inside == 0) continue;
      CHECK(p.node_group == std::optional<std::string>("ng-new"));
      CHECK(f.cause.find("security group nodes-old") != std::string::npos);
      failed += inside;
    }
  }
  const double expected = 135.0 * double(on_old) / double(replicas);
  CHECK(double(failed) > expected * 0.8);
  CHECK(double(failed) < expected * 1.2);
}
