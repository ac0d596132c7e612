#pragma once
// The decision a node's iptables rules make for the first packet of a connection to a ClusterIP
// (the simulator's hot path, separate from the text rendering). It is read off the internal
// traffic of the ServicePortPlan the rules are written from (service_port_plan.h), so the two
// cannot drift:
// - no KUBE-SERVICES rule matches: not a service port, the packet goes on unchanged;
// - the plan's internal traffic has no endpoints: the filter KUBE-SERVICES rule's target,
//   REJECT ("has no endpoints", an ICMP port unreachable the client sees at once) or DROP
//   ("has no local endpoints", internalTrafficPolicy Local; the client times out);
// - otherwise the internal policy chain (KUBE-SVC or KUBE-SVL) picks one of its endpoints: rule
//   i of n matches with probability 1/(n-i), which makes every endpoint equally likely (1/n).
//   With ClientIP affinity, a client seen within the timeout goes back to its endpoint first
//   (the `recent` module's per-node table, which the caller keeps).
//
// Cost: O(log service ports + log endpoints) and no allocation per call. The real KUBE-SERVICES
// chain is a linear list matched rule by rule; only the outcome is modelled, not that cost.
// Simplification: destinations other than ClusterIPs (external IPs, load balancer IPs, node
// ports) are rendered as rules but not decided here.

#include <cstdint>
#include <span>

#include "models/k8s/proxy/node_proxy_view.h"
#include "models/k8s/proxy/service_port_plan.h"
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
  // kDnat and kDrop: the internal policy is Local (KUBE-SVL-…, the node's own endpoints).
  bool local_policy = false;
  bool client_ip_affinity = false;
  int32_t affinity_timeout_seconds = 0;
};

DnatDecision decide_cluster_ip(const NodeProxyView& view, net::Ipv4 destination, uint16_t port,
                               net::Protocol protocol);
// The same decision for a service port already found (the version of it a node's rules hold);
// null: not a service.
// `node_name`: the deciding node's interned name (NodeProxyView::node_name).
DnatDecision decide_service_port(const ServicePortEntry* entry, StrId node_name);
// The decision for cluster IP traffic to `entry` whose plan has `internal`
// (ServicePortPlan::internal, or plan_internal_traffic).
DnatDecision decide_planned(const ServicePortEntry& entry, const TrafficPlan& internal);

}  // namespace ekssim::k8s
