// scenarios/netpol-*.yaml: which pods fail, why and when, under NetworkPolicies as the VPC CNI's
// network policy agent enforces them (models/netpol, models/cluster/network_policies.h).

#include <algorithm>
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

TEST_CASE(
    "default-deny egress makes every lookup time out, naming the policy and the rule — "
    "allow-dns fixes it a second after it is applied",
    "[scenario][netpol]") {
  const auto report = ekssim::test::run_scenario("netpol-default-deny-dns.yaml");
  CHECK(report.all_expectations_passed());
  int64_t failures = 0;
  double first = 1e9, last = 0;
  for (const auto& p : report.pods) {
    CHECK(p.connect_failures.empty());
    for (const auto& f : p.dns_failures) {
      CHECK(p.namespace_ == "shop");
      CHECK(starts_with(p.name, "checkout-"));
      CHECK(f.reason == "DnsTimeout");
      CHECK(f.name == "payments");
      CHECK(contains(f.cause,
                     "udp 53 from general to kube-dns 172.20.0.10 dropped: network "
                     "policy shop/default-deny-egress"));
      CHECK(contains(f.cause, "no egress rule allows udp 53 to 172.20.0.10"));
      CHECK(f.fix ==
            "add to NetworkPolicy shop/default-deny-egress an egress rule: to: "
            "[{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, "
            "podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: "
            "53}, {protocol: TCP, port: 53}]");
      failures += f.count;
      first = std::min(first, f.at);
      last = std::max(last, f.last_at);
    }
  }
  // Two pods look up every 30 s from their start (about 1m) to 10m1s, when allow-dns is in the
  // agents' maps; each failed lookup ends 30 s after it started (glibc's search list, 5 s × 2).
  CHECK(failures >= 34);
  CHECK(failures <= 38);
  CHECK(first > 60);
  CHECK(last > 10 * 60);
  CHECK(last < 10 * 60 + 1 + 30 + 30);
}

TEST_CASE("a policy that admits one namespace times out the others at the server's ingress",
          "[scenario][netpol]") {
  const auto report = ekssim::test::run_scenario("netpol-namespace-allow.yaml");
  CHECK(report.all_expectations_passed());
  int64_t timeouts = 0;
  for (const auto& p : report.pods) {
    CHECK(p.dns_failures.empty());
    if (p.namespace_ != "reports") CHECK(p.connect_failures.empty());
    for (const auto& f : p.connect_failures) {
      CHECK(starts_with(p.name, "batch-"));
      CHECK(f.reason == "ConnectTimeout");
      CHECK(f.at > 60);
      CHECK(contains(f.cause,
                     "tcp to postgres.db:5432: network policy db/allow-from-app (pod "
                     "db/postgres-"));
      CHECK(contains(f.cause, "no ingress rule allows tcp 5432 from"));
      CHECK(f.fix ==
            "add to NetworkPolicy db/allow-from-app an ingress rule: from: [{namespaceSelector: "
            "{matchLabels: {kubernetes.io/metadata.name: reports}}, podSelector: {matchLabels: "
            "{app: batch}}}], ports: [{protocol: TCP, port: 5432}]");
      timeouts += f.count;
    }
  }
  // One batch pod connects every 30 s from its start (about 1m30s) to the end at 10m.
  CHECK(timeouts >= 15);
  CHECK(timeouts <= 18);
}

TEST_CASE(
    "strict mode keeps every pod no policy selects in DEFAULT_DENY: the same cluster's "
    "lookups all time out (rpc_handler.go EnforceNpToPod, cleanupPod)",
    "[scenario][netpol]") {
  const auto report = ekssim::test::run_scenario_variant(
      "netpol-namespace-allow.yaml", "NETWORK_POLICY_ENFORCING_MODE: \"standard\"",
      "NETWORK_POLICY_ENFORCING_MODE: \"strict\"");
  int64_t api_failures = 0;
  for (const auto& p : report.pods) {
    if (p.namespace_ != "app") continue;
    for (const auto& f : p.dns_failures) {
      CHECK(f.reason == "DnsTimeout");
      CHECK(contains(f.cause, "network policy DEFAULT_DENY (pod app/api-"));
      CHECK(contains(f.cause,
                     "egress denied: DEFAULT_DENY (strict mode, no policy in force "
                     "that selects the pod)"));
      CHECK(starts_with(f.fix,
                        "strict mode: add a NetworkPolicy in namespace app selecting the "
                        "pod (podSelector: {matchLabels: {app: api}}) with an egress rule: "
                        "to: [{namespaceSelector: {matchLabels: "
                        "{kubernetes.io/metadata.name: kube-system}}"));
      api_failures += f.count;
    }
  }
  CHECK(api_failures > 0);
  CHECK_FALSE(report.all_expectations_passed());
}

TEST_CASE(
    "namespaceSelectors read the namespaces' declared labels: env: prod admits checkout, "
    "team: payments admits refunds from 5m1s, reports (no labels) stays denied",
    "[scenario][netpol]") {
  const auto report = ekssim::test::run_scenario("netpol-namespace-labels.yaml");
  CHECK(report.all_expectations_passed());
  int64_t refunds = 0, reports = 0;
  double refunds_last = 0, reports_last = 0;
  for (const auto& p : report.pods) {
    for (const auto& f : p.connect_failures) {
      if (f.reason != "ConnectTimeout") continue;  // the first connects, before postgres is up
      CHECK(contains(f.cause, "no ingress rule allows tcp 5432 from"));
      if (p.namespace_ == "refunds") {
        CHECK(contains(f.cause, "network policy db/allow-prod"));
        refunds += f.count;
        refunds_last = std::max(refunds_last, f.last_at);
      } else {
        CHECK(p.namespace_ == "reports");
        reports += f.count;
        reports_last = std::max(reports_last, f.last_at);
      }
    }
  }
  // refunds connects every 30 s from about 1m20s until allow-payments is in force at 5m1s.
  CHECK(refunds >= 7);
  CHECK(refunds <= 9);
  CHECK(refunds_last < 5 * 60 + 1);
  // reports is denied all along: its namespace carries only kubernetes.io/metadata.name.
  CHECK(reports >= 15);
  CHECK(reports_last > 9 * 60);
}

TEST_CASE("the report's root cause of NetworkPolicy DNS timeouts names the policy and the rule to "
          "add (issue 15, item 2)",
          "[scenario][netpol]") {
  const auto report = ekssim::test::run_scenario("netpol-default-deny-dns.yaml");
  REQUIRE_FALSE(report.top_causes.empty());
  const auto& top = report.top_causes.front();
  CHECK(top.kind == "dns");
  CHECK(top.reason == "DnsTimeout");
  CHECK(top.pods == 2);
  CHECK(contains(top.cause, "dropped: network policy shop/default-deny-egress (pod shop/checkout-"));
  CHECK(contains(top.cause, "pod isolated by policy shop/default-deny-egress and no egress rule "
                            "allows udp 53 to 172.20.0.10"));
  CHECK(top.fix ==
        "add to NetworkPolicy shop/default-deny-egress an egress rule: to: "
        "[{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, "
        "podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: "
        "53}, {protocol: TCP, port: 53}]");
}
