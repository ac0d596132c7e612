// `ekssim reachability`'s workload rows (models/cluster/workload_reachability.h) on the
// NetworkPolicy scenarios, judged on the live World at a given time: which pair, the verdict and
// the policy and rule that decided.

#include "models/cluster/workload_reachability.h"

#include <catch2/catch.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "models/cluster/world.h"
#include "tools/scenario/loader.h"

using namespace ekssim;
using cluster::WorkloadFlow;
using cluster::WorkloadReachability;

namespace {

// A scenario of scenarios/ simulated up to `at`, then its workload rows.
struct Live {
  Live(const std::string& file, sim::Duration at)
      : scenario(load(file)), world(scenario, scenario.seed) {
    world.start();
    world.run_until(sim::Time::at(at));
  }
  static spec::Scenario load(const std::string& file) {
    auto loaded =
        scenario::load_scenario_file(std::string(EKSSIM_SOURCE_DIR) + "/scenarios/" + file);
    if (!loaded.ok()) throw std::runtime_error(scenario::format_diagnostics(loaded.diagnostics));
    return std::move(*loaded.scenario);
  }
  spec::Scenario scenario;
  cluster::World world;
};

const WorkloadFlow* find(const WorkloadReachability& r, const std::string& from,
                         const std::string& to, const std::string& port) {
  for (const WorkloadFlow& f : r.flows) {
    if (f.from == from && f.to == to && f.port.to_string() == port) return &f;
  }
  return nullptr;
}

// Every network policy hop of the flow, in one string.
std::string policies(const WorkloadFlow& f) {
  std::string text;
  for (const net::Hop* hop : cluster::policy_hops(f.verdict))
    text += hop->to_string() + "\n";
  return text;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("workload rows: default-deny egress drops a pod's DNS to CoreDNS at its egress, naming "
          "the policy and the rule to add",
          "[reachability][netpol]") {
  Live live("netpol-default-deny-dns.yaml", sim::Duration::minutes(9));
  const WorkloadReachability r = cluster::compute_workload_reachability(live.world);
  CHECK(r.notes.empty());
  for (const std::string port : {"53/udp", "53/tcp"}) {
    const WorkloadFlow* dns = find(r, "shop/checkout", "coredns", port);
    REQUIRE(dns != nullptr);
    CHECK_FALSE(dns->verdict.passed());
    CHECK(dns->verdict.disposition == net::Disposition::kDeniedOut);
    CHECK(dns->verdict.reason == net::Reason::kNetworkPolicy);
    CHECK(contains(dns->target, "service kube-system/kube-dns 172.20.0.10:53 -> pod kube-system/"));
    CHECK(contains(policies(*dns), "network policy shop/default-deny-egress (pod shop/checkout-"));
    REQUIRE(dns->verdict.fix);
    CHECK(contains(dns->verdict.fix->text,
                   "add to NetworkPolicy shop/default-deny-egress an egress rule: to: "
                   "[{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: "
                   "kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]"));
  }
  // checkout to payments' Service, on its port: the same egress program denies it.
  const WorkloadFlow* web = find(r, "shop/checkout", "shop/payments", "8080/tcp");
  REQUIRE(web != nullptr);
  CHECK(contains(web->target, "service shop/payments "));
  CHECK(contains(web->target, ":8080 -> pod shop/payments-"));
  CHECK(web->verdict.reason == net::Reason::kNetworkPolicy);
  CHECK(contains(policies(*web), "shop/default-deny-egress"));
  // checkout declares no port and no Service selects it: payments has no row to it.
  CHECK(find(r, "shop/payments", "shop/checkout", "8080/tcp") == nullptr);
}

TEST_CASE("workload rows: once allow-dns reaches the agents, DNS is allowed by its first egress "
          "rule",
          "[reachability][netpol]") {
  Live live("netpol-default-deny-dns.yaml", sim::Duration::minutes(12));
  const WorkloadReachability r = cluster::compute_workload_reachability(live.world);
  const WorkloadFlow* dns = find(r, "shop/checkout", "coredns", "53/udp");
  REQUIRE(dns != nullptr);
  CHECK(dns->verdict.passed());
  CHECK(contains(policies(*dns), "network policy shop/allow-dns (pod shop/checkout-"));
  CHECK(contains(policies(*dns), "egress allowed by policy shop/allow-dns spec.egress[0]"));
  const auto hops = cluster::policy_hops(dns->verdict);
  REQUIRE_FALSE(hops.empty());
  CHECK(hops.front()->rule == std::optional<int>(0));
}

TEST_CASE("workload rows: an ingress policy admits one namespace to postgres and denies another "
          "at postgres's ingress",
          "[reachability][netpol]") {
  Live live("netpol-namespace-allow.yaml", sim::Duration::minutes(10));
  const WorkloadReachability r = cluster::compute_workload_reachability(live.world);
  const WorkloadFlow* api = find(r, "app/api", "db/postgres", "5432/tcp");
  REQUIRE(api != nullptr);
  CHECK(api->verdict.passed());
  CHECK(contains(policies(*api), "ingress allowed by policy db/allow-from-app spec.ingress[0]"));

  const WorkloadFlow* batch = find(r, "reports/batch", "db/postgres", "5432/tcp");
  REQUIRE(batch != nullptr);
  CHECK_FALSE(batch->verdict.passed());
  CHECK(batch->verdict.disposition == net::Disposition::kDeniedIn);
  CHECK(batch->verdict.reason == net::Reason::kNetworkPolicy);
  CHECK(contains(policies(*batch), "network policy db/allow-from-app (pod db/postgres-"));
  REQUIRE(batch->verdict.fix);
  CHECK(contains(batch->verdict.fix->text,
                 "add to NetworkPolicy db/allow-from-app an ingress rule"));
  // Nothing isolates the clients: their DNS is allowed.
  const WorkloadFlow* dns = find(r, "reports/batch", "coredns", "53/udp");
  REQUIRE(dns != nullptr);
  CHECK(dns->verdict.passed());
}

TEST_CASE("workload rows are empty when the policy agent does not enforce",
          "[reachability][netpol]") {
  Live live("sgp-strict-mode.yaml", sim::Duration::minutes(5));
  const WorkloadReachability r = cluster::compute_workload_reachability(live.world);
  CHECK(r.flows.empty());
  CHECK(r.notes.empty());
}
