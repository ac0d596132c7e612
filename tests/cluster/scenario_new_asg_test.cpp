// scenarios/new-asg-missing-sg-rules.yaml: the seed story's path, before and after the fix.

#include <catch2/catch.hpp>

#include "models/report/failures.h"
#include "tests/cluster/scenario_support.h"

TEST_CASE("the new ASG's DNS path is denied at nodes-old until the rule is added at 25m",
          "[scenario][seed-story]") {
  const auto report = ekssim::test::run_scenario("new-asg-missing-sg-rules.yaml");
  REQUIRE(report.expectations.size() == 8);
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

TEST_CASE("pods on the new ASG time out resolving names until 25m, with the rule that drops them",
          "[scenario][seed-story][dns]") {
  const auto report = ekssim::test::run_scenario("new-asg-missing-sg-rules.yaml");
  const ekssim::report::PodReport* pod = nullptr;
  const auto* first = ekssim::test::first_failure(report, "dns", "DnsTimeout", &pod);
  REQUIRE(first != nullptr);
  REQUIRE(pod != nullptr);
  CHECK(pod->node_group == std::optional<std::string>("ng-new"));
  CHECK(pod->name.rfind("airflow-scheduler-", 0) == 0);
  // The new nodes come up after 5m; a glibc lookup that times out twice per candidate reports
  // after its tries.
  CHECK(first->at > 5 * 60);
  CHECK(first->at < 8 * 60);
  CHECK(first->message == "Temporary failure in name resolution");
  CHECK(first->name == "airflow-pgbouncer");
  CHECK(first->cause.find("udp 53 from ng-new to CoreDNS") == 0);
  CHECK(first->cause.find("security group nodes-old") != std::string::npos);
  CHECK(first->fix == "add to nodes-old an inbound rule: udp 53 from security group nodes-new");
  int64_t before = 0, after = 0, elsewhere = 0;
  for (const auto& p : report.pods) {
    for (const auto& f : p.dns_failures) {
      if (p.node_group != std::optional<std::string>("ng-new")) elsewhere += f.count;
      const int64_t early = ekssim::report::failures_between(f, 0, 25 * 60 + 30);
      before += early;
      after += f.count - early;
    }
  }
  CHECK(before > 0);
  CHECK(after == 0);
  CHECK(elsewhere == 0);
  CHECK(report.dns.failed_lookups == before);
  CHECK(report.dns.lookups > report.dns.failed_lookups);
  REQUIRE(report.dns.failures.size() == 1);
  CHECK(report.dns.failures[0].node_group == "ng-new");
  CHECK(report.dns.failures[0].reason == "DnsTimeout");
}

TEST_CASE("the same scenario and seed give the same DNS failures, pod by pod",
          "[scenario][determinism][dns]") {
  const auto a = ekssim::test::run_scenario("new-asg-missing-sg-rules.yaml");
  const auto b = ekssim::test::run_scenario("new-asg-missing-sg-rules.yaml");
  CHECK(a.digest == b.digest);
  REQUIRE(a.pods.size() == b.pods.size());
  for (size_t i = 0; i < a.pods.size(); ++i) {
    REQUIRE(a.pods[i].dns_failures.size() == b.pods[i].dns_failures.size());
    for (size_t k = 0; k < a.pods[i].dns_failures.size(); ++k)
      CHECK(a.pods[i].dns_failures[k].at == b.pods[i].dns_failures[k].at);
  }
}

TEST_CASE("resolves and connects are judged by probes on the live cluster", "[scenario][dns]") {
  const auto report = ekssim::test::run_scenario("new-asg-missing-sg-rules.yaml");
  const auto& resolves = ekssim::test::expectation(report, 6);
  CHECK(resolves.kind == "resolves");
  CHECK(resolves.passed);
  // Probes run every 10 s; the first after the rule is added at 25m resolves.
  CHECK(resolves.detail.find("resolved airflow-pgbouncer at 25m (lookup took ") !=
        std::string::npos);
  const auto& connects = ekssim::test::expectation(report, 7);
  CHECK(connects.kind == "connects");
  CHECK(connects.passed);
  CHECK(connects.detail.find("connected to airflow-pgbouncer:6432 at 40m") != std::string::npos);

  // Asked to resolve before the fix, the same probe fails and says why.
  const auto early = ekssim::test::run_scenario_variant("new-asg-missing-sg-rules.yaml",
                                                        "name: airflow-pgbouncer, within: 30m",
                                                        "name: airflow-pgbouncer, within: 20m");
  const auto& failed = ekssim::test::expectation(early, 6);
  CHECK_FALSE(failed.passed);
  CHECK(failed.detail.find("airflow-pgbouncer did not resolve by 20m; the last try, at 20m: "
                           "airflow/airflow-scheduler-") == 0);
  CHECK(failed.detail.find("Temporary failure in name resolution; cause: udp 53 from ng-new to "
                           "CoreDNS") != std::string::npos);
  CHECK(failed.detail.find("fix: add to nodes-old an inbound rule: udp 53 from security group "
                           "nodes-new") != std::string::npos);
}

TEST_CASE("the seed story with dig on its resolve line reports dig's timeout message",
          "[scenario][seed-story][dns]") {
  // Issue 16: dig's lookup left its nameserver index one past the end, and the failure message
  // read beyond the nameserver list (an ASan heap-buffer-overflow in server_of).
  const auto report = ekssim::test::run_scenario_variant(
      "new-asg-missing-sg-rules.yaml", "{resolve: airflow-pgbouncer, every: 30s}",
      "{resolve: airflow-pgbouncer, every: 30s, client: dig}");
  const ekssim::report::PodReport* pod = nullptr;
  const auto* first = ekssim::test::first_failure(report, "dns", "DnsTimeout", &pod);
  REQUIRE(first != nullptr);
  REQUIRE(pod != nullptr);
  CHECK(pod->node_group == std::optional<std::string>("ng-new"));
  CHECK(first->name == "airflow-pgbouncer");
  CHECK(first->message == ";; connection timed out; no servers could be reached");
  CHECK(first->fix == "add to nodes-old an inbound rule: udp 53 from security group nodes-new");
}
