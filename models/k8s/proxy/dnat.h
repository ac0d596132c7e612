#pragma once
// The decision a node's iptables rules make for the first packet of a connection to a ClusterIP
// (the simulator's hot path, separate from the text rendering). It mirrors the rules
// syncProxyRules writes (pkg/proxy/iptables/proxier.go):
// - no KUBE-SERVICES rule matches: not a service port, the packet goes on unchanged;
// - the service has no usable endpoint anywhere: filter KUBE-SERVICES REJECTs it ("has no
//   endpoints"), an ICMP port unreachable the client sees at once;
// - internalTrafficPolicy Local and no usable endpoint on this node: filter KUBE-SERVICES DROPs
//   it ("has no local endpoints"), the client times out;
// - otherwise KUBE-SVC (or KUBE-SVL) picks one candidate: rule i of n matches with probability
//   1/(n-i), which makes every candidate equally likely (1/n). With ClientIP affinity, a client
//   seen within the timeout goes back to its endpoint first (the `recent` module's per-node
//   table, which the caller keeps).
//
// Cost: O(log service ports) and no allocation per call. The real KUBE-SERVICES chain is a linear
// list matched rule by rule; only the outcome is modelled, not that cost.
// Simplification: destinations other than ClusterIPs (external IPs, load balancer IPs, node
// ports) are rendered as rules but not decided here.

#include <cstdint>
#include <span>

#include "models/k8s/proxy/node_proxy_view.h"
#include "models/k8s/proxy/service_table.h"
#include "models/net/ipv4.h"
#include "models/net/protocol.h"

namespace ekssim::k8s {

enum class DnatVerdict { kNotAService, kReject, kDrop, kDnat };

struct DnatDecision {
  DnatVerdict verdict = DnatVerdict::kNotAService;
  const ServicePortEntry* service_port = nullptr;  // null for kNotAService
  // kDnat: the endpoints the policy chain picks from, each with probability 1/size().
  std::span<const ProxyEndpoint> candidates;
  bool local_policy = false;  // the candidates are this node's (KUBE-SVL-…)
  bool client_ip_affinity = false;
  int32_t affinity_timeout_seconds = 0;
};

DnatDecision decide_cluster_ip(const NodeProxyView& view, net::Ipv4 destination, uint16_t port,
                               net::Protocol protocol);
// The same decision for a service port already found (the version of it a node's rules hold);
// null: not a service.
// `node_name`: the deciding node's interned name (NodeProxyView::node_name).
DnatDecision decide_service_port(const ServicePortEntry* entry, StrId node_name);

}  // namespace ekssim::k8s
