#include "models/k8s/proxy/service_port_plan.h"

#include <algorithm>

namespace ekssim::k8s {

namespace {

// syncProxyRules: internalPolicyChain / hasInternalEndpoints (and the external pair) start as
// the Cluster chain with hasEndpoints, and move to the Local chain, empty if the node has no
// local endpoint; the filter target is REJECT without any endpoint, else DROP.
TrafficPlan traffic_plan(bool policy_local, bool has_endpoints,
                         std::span<const ProxyEndpoint> cluster_endpoints,
                         std::span<const ProxyEndpoint> local_endpoints) {
  TrafficPlan traffic;
  traffic.policy_chain = policy_local ? ChainKind::kSvl : ChainKind::kSvc;
  traffic.has_endpoints = has_endpoints && !(policy_local && local_endpoints.empty());
  if (traffic.has_endpoints) traffic.endpoints = policy_local ? local_endpoints : cluster_endpoints;
  traffic.when_none = has_endpoints ? NoEndpointTarget::kDrop : NoEndpointTarget::kReject;
  return traffic;
}

}  // namespace

ServicePortPlan plan_service_port(const ServicePortEntry& entry, StrId node_name,
                                  const ProxyConfig& config) {
  ServicePortPlan plan;
  plan.entry = &entry;
  plan.cluster_endpoints = entry.cluster_endpoints;
  // CategorizeEndpoints leaves localEndpoints nil unless svcInfo.UsesLocalEndpoints().
  if (entry.uses_local_endpoints()) plan.local_endpoints = entry.local_endpoints(node_name);
  plan.has_endpoints = entry.has_endpoints();

  plan.uses_cluster_chain = !plan.cluster_endpoints.empty() && entry.uses_cluster_endpoints();
  plan.uses_local_chain = !plan.local_endpoints.empty() && entry.uses_local_endpoints();
  plan.uses_external_chain = plan.has_endpoints && entry.externally_accessible();
  plan.uses_firewall_chain = plan.has_endpoints && !entry.load_balancer_ips.empty() &&
                             !entry.load_balancer_source_ranges.empty();

  plan.internal = traffic_plan(entry.internal_policy_local, plan.has_endpoints,
                               plan.cluster_endpoints, plan.local_endpoints);
  plan.external = traffic_plan(entry.external_policy_local, plan.has_endpoints,
                               plan.cluster_endpoints, plan.local_endpoints);

  // syncProxyRules, "Set up internal traffic handling": masqueradeAll marks every packet, else
  // the local detector marks what it does not recognise as pod traffic (the no-op one, nothing).
  if (config.masquerade_all) {
    plan.internal_masquerade = InternalMasquerade::kAll;
  } else if (config.cluster_cidr) {
    plan.internal_masquerade = InternalMasquerade::kNotFromClusterCidr;
  }
  // "Set up external traffic handling": the pod short-circuit needs a local detector.
  plan.external_short_circuits_pods = entry.external_policy_local && config.cluster_cidr;

  plan.affinity = plan_affinity(entry);
  return plan;
}

AffinityPlan plan_affinity(const ServicePortEntry& entry) {
  AffinityPlan affinity;
  affinity.client_ip = entry.affinity == SessionAffinity::kClientIP;
  if (affinity.client_ip) affinity.timeout_seconds = entry.affinity_timeout_seconds;
  return affinity;
}

TrafficPlan plan_internal_traffic(const ServicePortEntry& entry, StrId node_name) {
  // Internal Local policy implies UsesLocalEndpoints, so these are the plan's local endpoints.
  const std::span<const ProxyEndpoint> local = entry.internal_policy_local
                                                   ? entry.local_endpoints(node_name)
                                                   : std::span<const ProxyEndpoint>();
  return traffic_plan(entry.internal_policy_local, entry.has_endpoints(), entry.cluster_endpoints,
                      local);
}

std::vector<const ProxyEndpoint*> ServicePortPlan::reachable_endpoints() const {
  std::vector<const ProxyEndpoint*> reachable;
  if (entry->uses_cluster_endpoints()) {
    for (const ProxyEndpoint& endpoint : cluster_endpoints)
      reachable.push_back(&endpoint);
  }
  for (const ProxyEndpoint& endpoint : local_endpoints) {
    const bool known = std::any_of(reachable.begin(), reachable.end(), [&](const auto* other) {
      return other->chain == endpoint.chain;
    });
    if (!known) reachable.push_back(&endpoint);
  }
  return reachable;
}

}  // namespace ekssim::k8s
