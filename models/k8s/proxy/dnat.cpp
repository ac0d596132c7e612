#include "models/k8s/proxy/dnat.h"

namespace ekssim::k8s {

DnatDecision decide_cluster_ip(const NodeProxyView& view, net::Ipv4 destination, uint16_t port,
                               net::Protocol protocol) {
  return decide_service_port(view.services.find_cluster_ip(destination, port, protocol),
                             view.node_name);
}

DnatDecision decide_service_port(const ServicePortEntry* entry, StrId node_name) {
  if (entry == nullptr) return {};
  return decide_planned(*entry, plan_internal_traffic(*entry, node_name));
}

// Where a cluster IP packet goes in the rules: KUBE-SERVICES jumps to the internal policy chain
// when it has endpoints, else the filter KUBE-SERVICES rule takes it (syncProxyRules, "Capture
// the clusterIP").
DnatDecision decide_planned(const ServicePortEntry& entry, const TrafficPlan& internal) {
  DnatDecision decision;
  decision.service_port = &entry;
  if (!internal.has_endpoints) {
    const bool reject = internal.when_none == NoEndpointTarget::kReject;
    decision.verdict = reject ? DnatVerdict::kReject : DnatVerdict::kDrop;
    decision.local_policy = !reject && internal.local();
    return decision;
  }
  decision.verdict = DnatVerdict::kDnat;
  decision.candidates = internal.endpoints;
  decision.local_policy = internal.local();
  const AffinityPlan affinity = plan_affinity(entry);
  decision.client_ip_affinity = affinity.client_ip;
  decision.affinity_timeout_seconds = affinity.timeout_seconds;
  return decision;
}

}  // namespace ekssim::k8s
