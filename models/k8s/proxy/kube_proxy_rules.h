#pragma once
// The filter and nat rules one full kube-proxy sync writes for a node, with upstream's rule texts
// and comments (pkg/proxy/iptables/proxier.go syncProxyRules, writeServiceToEndpointRules), in
// the order syncProxyRules writes them. Rule texts are checked against upstream's
// proxier_test.go expectations in tests/k8s. What each service port's rules do (chains,
// endpoints, REJECT/DROP, masquerading, affinity) is read off its ServicePortPlan
// (service_port_plan.h), which the data plane's ClusterIP decision (dnat.h) reads too; this file
// only turns the plan into text.
//
// Modelled: ClusterIP, NodePort, LoadBalancer (VIP mode) and external IPs; Cluster and Local
// external/internal traffic policies; ClientIP affinity; loadBalancerSourceRanges; REJECT for
// services without endpoints and DROP for Local policies without local endpoints; the
// local-traffic detector and masqueradeAll; localhost node ports and the nfacct counters;
// large-cluster mode (no per-endpoint comments above 1000 endpoints); the differences between
// releases 1.26 and 1.31 (ProxyConfig::minor_version, models/README.md "Versions").
// Simplifications: a full sync only (partial syncs write a subset of the same rules; the state
// after either is the same), so stale chains are never listed for deletion (-X); service ports
// in table order rather than Go's map order; --nodeport-addresses unset.

#include <string>
#include <vector>

#include "models/k8s/proxy/node_proxy_view.h"

namespace ekssim::k8s {

// One table's part of the restore input: the chains kube-proxy declares (":NAME - [0:0]") and
// its rules ("-A NAME …"), each in the order written.
struct TableRules {
  std::vector<std::string> chains;
  std::vector<std::string> rules;
};

struct KubeProxyRules {
  TableRules filter;
  TableRules nat;
};

KubeProxyRules build_kube_proxy_rules(const NodeProxyView& view);

// The iptables-restore input of a full sync: "*filter", chain lines, rules, "COMMIT", then the
// same for "*nat" — what kube-proxy pipes into `iptables-restore --noflush`.
std::string render_kube_proxy_restore(const NodeProxyView& view);

// computeProbability: 1/n with Go's "%0.10f" ("0.3333333333"). iptables-save prints the kernel's
// 32-bit fixed-point value back with 11 decimals ("0.33333333349"), which is where the longer
// form seen on live nodes comes from.
std::string iptables_probability(int n);

}  // namespace ekssim::k8s
