// scenarios/sgp-*.yaml: Security Groups for Pods end to end — which pods run on branch ENIs,
// which stay Pending and why, which lookups fail and when, per POD_SECURITY_GROUP_ENFORCING_MODE
// (models/cluster/branch_eni_controller.h, models/cni/host_path.h).

#include <catch2/catch.hpp>
#include <string>

#include "tests/cluster/scenario_support.h"

namespace {

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("beyond an m5.large's 9 branch ENIs, three payments pods stay Pending with "
          "Insufficient vpc.amazonaws.com/pod-eni",
          "[scenario][sgp]") {
  const auto report = ekssim::test::run_scenario("sgp-beyond-branch-limit.yaml");
  CHECK(report.all_expectations_passed());
  int running = 0, pending = 0;
  for (const auto& p : report.pods) {
    if (!starts_with(p.name, "payments-")) continue;
    if (p.phase == "Running") {
      ++running;
      // Each runs on its own branch ENI, not on one of ipamd's ENIs.
      REQUIRE(p.eni);
      REQUIRE(p.running_at);
      CHECK(*p.running_at < 3 * 60);
    } else {
      ++pending;
      CHECK(p.phase == "Pending");
      REQUIRE(p.pending_reason);
      // The scheduler's wording before 1.30's fix of the doubled period (node_fit.h).
      CHECK(*p.pending_reason ==
            "0/1 nodes are available: 1 Insufficient vpc.amazonaws.com/pod-eni. preemption: 0/1 "
            "nodes are available: 1 No preemption victims found for incoming pod..");
    }
  }
  CHECK(running == 9);
  CHECK(pending == 3);
  // The web pods run on ipamd's addresses: the node has the trunk and at most two pod ENIs.
  for (const auto& n : report.nodes) CHECK(n.enis <= 3);
}

TEST_CASE("a branch-ENI pod's lookups time out until the node group's group admits the pod's "
          "group on 53",
          "[scenario][sgp]") {
  const auto report = ekssim::test::run_scenario("sgp-coredns-blocked.yaml");
  CHECK(report.all_expectations_passed());
  int64_t failures = 0;
  double first = 1e9, last = 0;
  for (const auto& p : report.pods) {
    for (const auto& f : p.dns_failures) {
      CHECK(p.namespace_ == "shop");
      CHECK(starts_with(p.name, "checkout-"));
      CHECK(f.reason == "DnsTimeout");
      CHECK(contains(f.cause, "udp 53 from general (a branch ENI with checkout-pods) to CoreDNS"));
      CHECK(contains(f.cause, "security group nodes"));
      CHECK(f.fix == "add to nodes an inbound rule: udp 53 from security group checkout-pods");
      failures += f.count;
      first = std::min(first, f.at);
      last = std::max(last, f.last_at);
    }
  }
  // Two pods look up every 30 s from about 2m20s until the rule is in at 10m.
  CHECK(failures == 32);
  CHECK(first > 2 * 60);
  CHECK(first < 2 * 60 + 30);
  CHECK(last < 10 * 60 + 60);
}

TEST_CASE("strict and standard side by side: the same node reaches a branch-ENI pod only in "
          "standard mode",
          "[scenario][sgp]") {
  const auto strict = ekssim::test::run_scenario("sgp-strict-mode.yaml");
  const auto standard = ekssim::test::run_scenario("sgp-standard-mode.yaml");
  CHECK(strict.all_expectations_passed());
  CHECK(standard.all_expectations_passed());
}

TEST_CASE(
    "a SecurityGroupPolicy applied at 4m reaches only the pods created after it: the "
    "replacements of 7m time out on DNS, those created after its deletion resolve again",
    "[scenario][sgp]") {
  const auto report = ekssim::test::run_scenario("sgp-policy-applied-later.yaml");
  CHECK(report.all_expectations_passed());
  int before = 0, during = 0, after = 0;
  for (const auto& p : report.pods) {
    if (!starts_with(p.name, "checkout-")) continue;
    REQUIRE(p.eni);
    if (p.created_at < 4 * 60) {
      // Running when the policy came: admitted without pod-eni, kept ipamd's address, and
      // resolved until deleted at 7m.
      ++before;
      CHECK(p.ip_failures.empty());
      CHECK(p.dns_failures.empty());
      REQUIRE(p.deleted_at);
      CHECK(*p.deleted_at >= 7 * 60);
    } else if (p.created_at == 7 * 60) {
      // Created while the policy was in force: the webhook asked for a branch ENI; the CNI waits
      // for it, then every lookup through checkout-pods times out.
      ++during;
      REQUIRE(p.ip_failures.size() == 1);
      CHECK(p.ip_failures[0].reason == "BranchEniPending");
      CHECK(p.ip_failures[0].at == 7 * 60);
      REQUIRE(p.dns_failures.size() == 1);
      const auto& f = p.dns_failures[0];
      CHECK(f.reason == "DnsTimeout");
      CHECK(contains(f.cause, "udp 53 from general (a branch ENI with checkout-pods) to CoreDNS"));
      CHECK(f.at > 7 * 60 + 30);
      CHECK(f.at < 8 * 60);
      CHECK(f.last_at < 14 * 60);
      CHECK(f.count == 13);
    } else {
      // Created at 14m, after the policy was deleted at 12m: no branch ENI, no failure.
      ++after;
      CHECK(p.created_at == 14 * 60);
      CHECK(p.ip_failures.empty());
      CHECK(p.dns_failures.empty());
    }
  }
  CHECK(before == 2);
  CHECK(during == 2);
  CHECK(after == 2);
}
