// The per-node plan both kube-proxy's rules and the ClusterIP decision are read from
// (service_port_plan.h), one test per choice syncProxyRules makes before it writes a rule
// (pkg/proxy/iptables/proxier.go) and per CategorizeEndpoints result (pkg/proxy/topology.go).

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "models/k8s/proxy/service_port_plan.h"
#include "tests/k8s/proxy_test_support.h"

namespace ekssim::k8s::testing {
namespace {

// The plan of the world's only service port, for the test node.
ServicePortPlan only_plan(const ProxyWorld& world) {
  REQUIRE(world.table.entries().size() == 1);
  return plan_service_port(*world.table.entries()[0], world.node, world.config);
}

std::string addresses(std::span<const ProxyEndpoint> endpoints) {
  std::string text;
  for (const ProxyEndpoint& endpoint : endpoints) {
    if (!text.empty()) text += ", ";
    append_endpoint(text, endpoint.ip, endpoint.port);
  }
  return text;
}

std::string addresses(const std::vector<const ProxyEndpoint*>& endpoints) {
  std::string text;
  for (const ProxyEndpoint* endpoint : endpoints) {
    if (!text.empty()) text += ", ";
    append_endpoint(text, endpoint->ip, endpoint->port);
  }
  return text;
}

// One port "p80", endpoints 10.180.0.1 on this node and 10.180.1.1 on another.
Service with_two_endpoints(ProxyWorld& world, Service svc) {
  world.add(svc, {slice({tcp_endpoint_port("p80", 80)},
                        {endpoint("10.180.0.1", kTestNode), endpoint("10.180.1.1", kOtherNode)})});
  return svc;
}

TEST_CASE("A Cluster-policy ClusterIP service plans KUBE-SVC with every endpoint",
          "[proxy][plan]") {
  ProxyWorld world;
  with_two_endpoints(world, service("ns1", "svc1", "172.30.0.41", {tcp_port("p80", 80)}));
  const ServicePortPlan plan = only_plan(world);
  CHECK(plan.has_endpoints);
  CHECK(plan.uses_cluster_chain);
  CHECK_FALSE(plan.uses_local_chain);
  CHECK_FALSE(plan.uses_external_chain);
  CHECK(plan.internal.policy_chain == ChainKind::kSvc);
  CHECK(addresses(plan.internal.endpoints) == "10.180.0.1:80, 10.180.1.1:80");
  // CategorizeEndpoints computes no local endpoints for a service that does not use them.
  CHECK(plan.local_endpoints.empty());
  CHECK(addresses(plan.reachable_endpoints()) == "10.180.0.1:80, 10.180.1.1:80");
}

TEST_CASE("No usable endpoint anywhere plans REJECT for internal and external traffic",
          "[proxy][plan]") {
  ProxyWorld world;
  Service svc = service("ns1", "svc1", "172.30.0.41", {tcp_port("p80", 80, 3001)});
  svc.type = ServiceType::kNodePort;
  world.add(svc, {slice({tcp_endpoint_port("p80", 80)},
                        {endpoint("10.180.0.1", kTestNode, {false, false, true})})});
  const ServicePortPlan plan = only_plan(world);
  CHECK_FALSE(plan.has_endpoints);
  CHECK_FALSE(plan.internal.has_endpoints);
  CHECK(plan.internal.when_none == NoEndpointTarget::kReject);
  CHECK_FALSE(plan.external.has_endpoints);
  CHECK(plan.external.when_none == NoEndpointTarget::kReject);
  CHECK_FALSE(plan.uses_cluster_chain);
  CHECK_FALSE(plan.uses_external_chain);
  CHECK(plan.reachable_endpoints().empty());
}

TEST_CASE("internalTrafficPolicy Local without a local endpoint plans DROP", "[proxy][plan]") {
  ProxyWorld world;
  Service svc = service("ns1", "svc1", "172.30.0.41", {tcp_port("p80", 80)});
  svc.internal_traffic_policy = TrafficPolicy::kLocal;
  world.add(svc, {slice({tcp_endpoint_port("p80", 80)}, {endpoint("10.180.1.1", kOtherNode)})});
  const ServicePortPlan plan = only_plan(world);
  CHECK(plan.has_endpoints);
  CHECK(plan.internal.local());
  CHECK_FALSE(plan.internal.has_endpoints);
  CHECK(plan.internal.when_none == NoEndpointTarget::kDrop);
  // Neither policy chain is written: KUBE-SVC is unused by internal-only Local traffic.
  CHECK_FALSE(plan.uses_cluster_chain);
  CHECK_FALSE(plan.uses_local_chain);
}

TEST_CASE("externalTrafficPolicy Local plans KUBE-SVL for external and KUBE-SVC for internal",
          "[proxy][plan]") {
  ProxyWorld world;
  Service svc = service("ns1", "svc1", "172.30.0.41", {tcp_port("p80", 80, 3001)});
  svc.type = ServiceType::kNodePort;
  svc.external_traffic_policy = TrafficPolicy::kLocal;
  with_two_endpoints(world, svc);
  const ServicePortPlan plan = only_plan(world);
  CHECK(plan.uses_cluster_chain);
  CHECK(plan.uses_local_chain);
  CHECK(plan.uses_external_chain);
  CHECK(plan.internal.policy_chain == ChainKind::kSvc);
  CHECK(addresses(plan.internal.endpoints) == "10.180.0.1:80, 10.180.1.1:80");
  CHECK(plan.external.policy_chain == ChainKind::kSvl);
  CHECK(addresses(plan.external.endpoints) == "10.180.0.1:80");
  // With a cluster CIDR, pods reaching the node port short-circuit to KUBE-SVC.
  CHECK(plan.external_short_circuits_pods);
  world.config.cluster_cidr.reset();
  CHECK_FALSE(only_plan(world).external_short_circuits_pods);
}

TEST_CASE("externalTrafficPolicy Local on another node's endpoints plans DROP for external only",
          "[proxy][plan]") {
  ProxyWorld world;
  Service svc = service("ns1", "svc1", "172.30.0.41", {tcp_port("p80", 80, 3001)});
  svc.type = ServiceType::kNodePort;
  svc.external_traffic_policy = TrafficPolicy::kLocal;
  world.add(svc, {slice({tcp_endpoint_port("p80", 80)}, {endpoint("10.180.1.1", kOtherNode)})});
  const ServicePortPlan plan = only_plan(world);
  CHECK(plan.internal.has_endpoints);
  CHECK_FALSE(plan.external.has_endpoints);
  CHECK(plan.external.when_none == NoEndpointTarget::kDrop);
  // The EXT chain is still written: local traffic to the node port goes to KUBE-SVC.
  CHECK(plan.uses_external_chain);
  CHECK_FALSE(plan.uses_local_chain);
}

TEST_CASE("Cluster IP masquerading follows masqueradeAll, then the local detector",
          "[proxy][plan]") {
  ProxyWorld world;
  with_two_endpoints(world, service("ns1", "svc1", "172.30.0.41", {tcp_port("p80", 80)}));
  CHECK(only_plan(world).internal_masquerade == InternalMasquerade::kNotFromClusterCidr);
  world.config.masquerade_all = true;
  CHECK(only_plan(world).internal_masquerade == InternalMasquerade::kAll);
  world.config.masquerade_all = false;
  world.config.cluster_cidr.reset();
  CHECK(only_plan(world).internal_masquerade == InternalMasquerade::kNone);
}

TEST_CASE("ClientIP affinity is planned with its timeout", "[proxy][plan]") {
  ProxyWorld world;
  Service svc = service("ns1", "svc1", "172.30.0.41", {tcp_port("p80", 80)});
  svc.session_affinity = SessionAffinity::kClientIP;
  svc.affinity_timeout_seconds = 60;
  with_two_endpoints(world, svc);
  const ServicePortPlan plan = only_plan(world);
  CHECK(plan.affinity.client_ip);
  CHECK(plan.affinity.timeout_seconds == 60);
}

}  // namespace
}  // namespace ekssim::k8s::testing
