// kind: NetworkPolicy and its events: what the loader keeps, what Kubernetes' validation
// (pkg/apis/networking/validation ValidateNetworkPolicy) and defaulting (pkg/apis/networking/v1
// SetDefaults_NetworkPolicy) say, and NETWORK_POLICY_ENFORCING_MODE as ipamd reads it.

#include <catch2/catch.hpp>
#include <string>

#include "tests/scenario/scenario_text.h"

namespace ekssim::scenario {
namespace {

using testing::diagnostics_of;
using testing::load_ok;
using testing::minimal_with;
using testing::with_workloads;

const netpol::NetworkPolicy& only_policy(const spec::Scenario& s) {
  for (const spec::Workload& w : s.workloads) {
    if (const auto* p = std::get_if<spec::NetworkPolicy>(&w)) return p->policy;
  }
  FAIL("no NetworkPolicy loaded");
  throw;
}

TEST_CASE("a NetworkPolicy loads with its selectors, ipBlock, ports and endPort") {
  const spec::Scenario s = load_ok(with_workloads(R"(  - kind: NetworkPolicy
    namespace: web
    name: db-access
    podSelector: {matchLabels: {app: db}}
    ingress:
      - from:
          - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: web}}
            podSelector: {matchExpressions: [{key: tier, operator: In, values: [api]}]}
          - ipBlock: {cidr: 10.0.0.0/16, except: [10.0.5.0/24]}
        ports:
          - {protocol: TCP, port: 5432, endPort: 5433}
)"));
  const netpol::NetworkPolicy& p = only_policy(s);
  CHECK(p.id() == "web/db-access");
  CHECK(p.pod_selector.to_string() == "app=db");
  CHECK(p.isolates_ingress);
  CHECK_FALSE(p.isolates_egress);
  REQUIRE(p.ingress.size() == 1);
  REQUIRE(p.ingress[0].peers.size() == 2);
  CHECK(p.ingress[0].peers[0].pod_selector->to_string() == "tier in (api)");
  CHECK(p.ingress[0].peers[1].ip_block->except.size() == 1);
  CHECK(p.ingress[0].ports[0].end_port == 5433);
}

TEST_CASE(
    "policyTypes left out is Ingress, plus Egress when there are egress rules "
    "(SetDefaults_NetworkPolicy)") {
  const auto egress = only_policy(load_ok(with_workloads(
      "  - {kind: NetworkPolicy, namespace: web, name: p, podSelector: {}, egress: [{ports: "
      "[{protocol: UDP, port: 53}]}]}\n")));
  CHECK(egress.isolates_ingress);
  CHECK(egress.isolates_egress);
  const auto empty = only_policy(load_ok(with_workloads(
      "  - {kind: NetworkPolicy, namespace: web, name: p, podSelector: {}, egress: []}\n")));
  CHECK(empty.isolates_ingress);
  CHECK_FALSE(empty.isolates_egress);
  const auto typed = only_policy(load_ok(with_workloads(
      "  - {kind: NetworkPolicy, namespace: web, name: p, podSelector: {}, policyTypes: "
      "[Egress]}\n")));
  CHECK_FALSE(typed.isolates_ingress);
  CHECK(typed.isolates_egress);
}

TEST_CASE("a NetworkPolicy without podSelector is an error naming the key") {
  CHECK(diagnostics_of(with_workloads("  - {kind: NetworkPolicy, namespace: web, name: p}\n"))
            .find("error: missing 'podSelector' in NetworkPolicy 'p'") != std::string::npos);
}

TEST_CASE(
    "endPort without a numeric port, and below port, are errors (ValidateNetworkPolicyPort)") {
  CHECK(diagnostics_of(with_workloads("  - {kind: NetworkPolicy, namespace: web, name: p, "
                                   "podSelector: {}, ingress: [{ports: [{endPort: 90}]}]}\n"))
            .find("error: endPort without a numeric port") != std::string::npos);
  CHECK(diagnostics_of(with_workloads("  - {kind: NetworkPolicy, namespace: web, name: p, "
                                   "podSelector: {}, ingress: [{ports: [{port: 90, endPort: "
                                   "80}]}]}\n"))
            .find("error: endPort 80 is below port 90") != std::string::npos);
}

TEST_CASE("a peer with ipBlock and a selector, and an except outside the cidr, are errors") {
  CHECK(diagnostics_of(with_workloads("  - {kind: NetworkPolicy, namespace: web, name: p, "
                                   "podSelector: {}, ingress: [{from: [{ipBlock: {cidr: "
                                   "10.0.0.0/16}, podSelector: {}}]}]}\n"))
            .find("error: a peer with ipBlock and a selector") != std::string::npos);
  CHECK(diagnostics_of(with_workloads("  - {kind: NetworkPolicy, namespace: web, name: p, "
                                   "podSelector: {}, ingress: [{from: [{ipBlock: {cidr: "
                                   "10.0.0.0/16, except: [10.1.0.0/24]}}]}]}\n"))
            .find("error: except 10.1.0.0/24 is not inside cidr 10.0.0.0/16") != std::string::npos);
}

TEST_CASE("a named port no Deployment's containerPorts carry loads with a warning, located") {
  const std::string text = with_workloads(
      "  - {kind: NetworkPolicy, namespace: web, name: p, podSelector: {}, ingress: [{ports: "
      "[{port: http}]}]}\n");
  const LoadResult r = load_scenario_text(text, "s.yaml");
  CHECK(r.ok());
  CHECK(format_diagnostics(r.diagnostics)
            .find("s.yaml:28:5: warning: NetworkPolicy web/p: named port 'http' is no "
                  "Deployment's containerPort") != std::string::npos);
  // Declared by a Deployment: no warning.
  const std::string declared = minimal_with(
      "  - {kind: Deployment, namespace: web, name: web, replicas: 2}\n",
      "  - {kind: Deployment, namespace: web, name: web, replicas: 2,\n"
      "     containerPorts: [{name: http, containerPort: 8080}]}\n"
      "  - {kind: NetworkPolicy, namespace: web, name: p, podSelector: {}, ingress: [{ports: "
      "[{port: http}]}]}\n");
  const LoadResult ok = load_scenario_text(declared, "s.yaml");
  CHECK(ok.ok());
  CHECK(format_diagnostics(ok.diagnostics).find("named port") == std::string::npos);
}

TEST_CASE("containerPorts load; a name twice or a port out of range is refused") {
  const spec::Scenario s = load_ok(minimal_with(
      "  - {kind: Deployment, namespace: web, name: web, replicas: 2}\n",
      "  - {kind: Deployment, namespace: web, name: web, replicas: 2, containerPorts: "
      "[{name: http, containerPort: 8080}, {containerPort: 53, protocol: UDP}]}\n"));
  const auto& d = std::get<spec::Deployment>(s.workloads.at(0));
  REQUIRE(d.container_ports.size() == 2);
  CHECK(d.container_ports[0].name == "http");
  CHECK(d.container_ports[0].port == 8080);
  CHECK(d.container_ports[1].protocol == net::Protocol::udp());
  CHECK(diagnostics_of(minimal_with("  - {kind: Deployment, namespace: web, name: web, replicas: 2}\n",
                                    "  - {kind: Deployment, namespace: web, name: web, "
                                    "containerPorts: [{name: a, containerPort: 1}, {name: a, "
                                    "containerPort: 2}]}\n"))
            .find("error: container port name 'a' is used twice") != std::string::npos);
  CHECK(diagnostics_of(minimal_with("  - {kind: Deployment, namespace: web, name: web, replicas: 2}\n",
                                    "  - {kind: Deployment, namespace: web, name: web, "
                                    "containerPorts: [{containerPort: 70000}]}\n"))
            .find("containerPort") != std::string::npos);
}

TEST_CASE(
    "NETWORK_POLICY_ENFORCING_MODE other than strict or standard is an error: ipamd "
    "refuses to start (getNetworkPolicyMode)") {
  const std::string text =
      minimal_with("  nodeGroups:\n",
                   "  addons:\n    vpcCni:\n      env: {NETWORK_POLICY_ENFORCING_MODE: \"none\"}\n "
                   " nodeGroups:\n");
  CHECK(diagnostics_of(text).find("error: NETWORK_POLICY_ENFORCING_MODE \"none\" is not a mode: "
                                  "ipamd refuses to start (\"invalid Network policy mode\"); "
                                  "expected strict or standard") != std::string::npos);
  const std::string strict =
      minimal_with("  nodeGroups:\n",
                   "  addons:\n    vpcCni:\n      env: {NETWORK_POLICY_ENFORCING_MODE: \"Strict\", "
                   "ENABLE_NETWORK_POLICY: \"true\"}\n  nodeGroups:\n");
  CHECK(load_scenario_text(strict, "s.yaml").ok());
}

TEST_CASE(
    "applyNetworkPolicy and deleteNetworkPolicy load — deleting an unknown policy is an "
    "error with the names that exist") {
  const spec::Scenario s = load_ok(minimal_with(
      "events:\n",
      "events:\n  - {at: 1m, applyNetworkPolicy: {namespace: web, name: deny, podSelector: {}, "
      "policyTypes: [Egress]}}\n  - {at: 2m, deleteNetworkPolicy: {namespace: web, name: "
      "deny}}\n"));
  REQUIRE(s.events.size() == 3);
  const auto* apply = std::get_if<spec::ApplyNetworkPolicy>(&s.events[0].action);
  REQUIRE(apply != nullptr);
  CHECK(apply->policy.policy.isolates_egress);
  CHECK(std::holds_alternative<spec::DeleteNetworkPolicy>(s.events[1].action));
  CHECK(diagnostics_of(minimal_with("events:\n",
                                    "events:\n  - {at: 2m, deleteNetworkPolicy: {namespace: web, "
                                    "name: deny}}\n"))
            .find("unknown NetworkPolicy 'web/deny'") != std::string::npos);
}

}  // namespace
}  // namespace ekssim::scenario
