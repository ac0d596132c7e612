#pragma once
// What kube-proxy's iptables proxier decides for one service port on one node, before it writes
// a rule: the single source both `build_kube_proxy_rules` (the iptables text) and
// `decide_service_port` (the data plane's ClusterIP decision) are derived from, so a change in
// the proxier's behaviour is made here once.
//
// Upstream: pkg/proxy/iptables/proxier.go syncProxyRules, the part of its per-service loop before
// any rule is written (clusterPolicyChain / usesClusterPolicyChain, localPolicyChain /
// usesLocalPolicyChain, internalPolicyChain / hasInternalEndpoints, externalPolicyChain /
// hasExternalEndpoints, usesExternalTrafficChain, the internal and external filter targets and
// comments, the masqueradeAll / localDetector choice for cluster IP traffic, the EXT chain's
// short-circuits); pkg/proxy/topology.go CategorizeEndpoints (clusterEndpoints, localEndpoints,
// allReachableEndpoints, hasAnyEndpoints), whose node-independent half is compiled once per
// service port in service_table.h.
//
// Cost: a value of spans and flags; computing one is O(log endpoints) (the node's local
// endpoints, only when the service uses them) and allocates nothing, so the data plane computes
// its internal traffic per decision instead of caching it: there is nothing to invalidate when a
// table version or the node changes.
// Simplification: node ports, external IPs and load balancer IPs are planned (the rules need
// them) but the data plane decides only cluster IP traffic (dnat.h).

#include <cstdint>
#include <span>
#include <vector>

#include "models/k8s/proxy/chain_names.h"
#include "models/k8s/proxy/proxy_config.h"
#include "models/k8s/proxy/service_table.h"

namespace ekssim::k8s {

// What the filter table does with traffic that has no endpoint to go to.
enum class NoEndpointTarget {
  kReject,  // "<svc> has no endpoints": no usable endpoint anywhere (ICMP port unreachable)
  kDrop,    // "<svc> has no local endpoints": Local policy and none on this node
};

// One traffic class (internal: the cluster IP; external: node ports, external and LB IPs).
struct TrafficPlan {
  ChainKind policy_chain = ChainKind::kSvc;  // KUBE-SVC (Cluster) or KUBE-SVL (Local)
  // hasInternalEndpoints / hasExternalEndpoints: the policy chain has endpoints to pick from.
  bool has_endpoints = false;
  // The policy chain's endpoints, picked each with probability 1/size(); empty without.
  std::span<const ProxyEndpoint> endpoints;
  // The filter rule's target when !has_endpoints.
  NoEndpointTarget when_none = NoEndpointTarget::kReject;

  bool local() const { return policy_chain == ChainKind::kSvl; }
};

// sessionAffinity ClientIP: `recent` rules send a client seen within the timeout back to its
// endpoint (writeServiceToEndpointRules, writeEndpointChain's --set).
struct AffinityPlan {
  bool client_ip = false;
  int32_t timeout_seconds = 0;  // ClientIP only
};

// Which cluster IP traffic the policy chain sends to KUBE-MARK-MASQ first.
enum class InternalMasquerade {
  kNone,                // the no-op local detector (EKS's default, proxy_config.h)
  kAll,                 // masqueradeAll
  kNotFromClusterCidr,  // "! -s <clusterCIDR>": what does not come from a pod
};

struct ServicePortPlan {
  const ServicePortEntry* entry = nullptr;

  // CategorizeEndpoints. `local_endpoints` is empty unless the service uses Local endpoints.
  std::span<const ProxyEndpoint> cluster_endpoints;
  std::span<const ProxyEndpoint> local_endpoints;
  bool has_endpoints = false;  // hasAnyEndpoints

  bool uses_cluster_chain = false;   // usesClusterPolicyChain: KUBE-SVC is written
  bool uses_local_chain = false;     // usesLocalPolicyChain: KUBE-SVL is written
  bool uses_external_chain = false;  // usesExternalTrafficChain: KUBE-EXT is written
  bool uses_firewall_chain = false;  // KUBE-FW: LB IPs with loadBalancerSourceRanges

  TrafficPlan internal;
  TrafficPlan external;

  InternalMasquerade internal_masquerade = InternalMasquerade::kNone;
  // KUBE-EXT with a Local external policy and a cluster CIDR: pods reaching an external address
  // go to KUBE-SVC, as if the packet had gone out to the load balancer and come back.
  bool external_short_circuits_pods = false;

  AffinityPlan affinity;

  // allReachableEndpoints: the endpoints that get a KUBE-SEP chain, the Cluster ones first, then
  // the Local ones not among them. Allocates; the rules need it, the data plane does not.
  std::vector<const ProxyEndpoint*> reachable_endpoints() const;
};

// `node_name`: the planning node's interned name (NodeProxyView::node_name).
ServicePortPlan plan_service_port(const ServicePortEntry& entry, StrId node_name,
                                  const ProxyConfig& config);

// ServicePortPlan::internal alone, by the same rule, for the data plane's ClusterIP decision:
// it skips the rest of the plan (the external traffic's local endpoints, the chains), which
// measured about a tenth of the decision's time (bench/proxy_bench.cpp).
TrafficPlan plan_internal_traffic(const ServicePortEntry& entry, StrId node_name);
// ServicePortPlan::affinity alone.
AffinityPlan plan_affinity(const ServicePortEntry& entry);

}  // namespace ekssim::k8s
