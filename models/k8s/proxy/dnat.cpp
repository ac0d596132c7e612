#include "models/k8s/proxy/dnat.h"

namespace ekssim::k8s {

DnatDecision decide_cluster_ip(const NodeProxyView& view, net::Ipv4 destination, uint16_t port,
                               net::Protocol protocol) {
  return decide_service_port(view.services.find_cluster_ip(destination, port, protocol),
                             view.node_name);
}

DnatDecision decide_service_port(const ServicePortEntry* entry, StrId node_name) {
  DnatDecision decision;
  if (entry == nullptr) return decision;
  decision.service_port = entry;
  if (!entry->has_endpoints()) {
    decision.verdict = DnatVerdict::kReject;
    return decision;
  }
  if (entry->internal_policy_local) {
    decision.candidates = entry->local_endpoints(node_name);
    decision.local_policy = true;
    if (decision.candidates.empty()) {
      decision.verdict = DnatVerdict::kDrop;
      return decision;
    }
  } else {
    decision.candidates = entry->cluster_endpoints;
  }
  decision.verdict = DnatVerdict::kDnat;
  decision.client_ip_affinity = entry->affinity == SessionAffinity::kClientIP;
  if (decision.client_ip_affinity)
    decision.affinity_timeout_seconds = entry->affinity_timeout_seconds;
  return decision;
}

}  // namespace ekssim::k8s
