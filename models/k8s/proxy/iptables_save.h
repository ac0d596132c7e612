#pragma once
// A node's whole IPv4 ruleset in iptables-save form, as it stands after kubelet, kube-proxy (one
// full sync) and, when given, the VPC CNI's aws-node have started on a fresh node: "*mangle",
// "*filter" and "*nat", each with its built-in chains (policy ACCEPT) in hook order, then the
// user chains sorted by name (libiptc's order), then the rules chain by chain, then "COMMIT".
// The text loads with `iptables-restore` into an empty network namespace.
//
// Besides kube-proxy's own chains (kube_proxy_rules.h) it holds:
// - the jumps kube-proxy keeps in the built-in chains (proxier.go iptablesJumpChains and
//   iptablesKubeletJumpChains, each prepended with EnsureRule), placed above the ones kubelet
//   created when it started earlier (pkg/kubelet/kubelet_network_linux.go: the
//   INPUT/OUTPUT -> KUBE-FIREWALL jumps);
// - the canary chains both watch to detect a flush (KUBE-PROXY-CANARY, KUBE-KUBELET-CANARY) and
//   kubelet's KUBE-IPTABLES-HINT;
// - kubelet's KUBE-FIREWALL localnet rule, which kube-proxy duplicates when it serves localhost
//   node ports;
// - the VPC CNI's SNAT and connmark rules (vpc_cni_rules.h).
//
// Simplification: rule texts are the ones each writer passes to iptables. `iptables-save` on a
// live node prints the same rules normalised: "-d" before "-m", "/32" on addresses, statistic
// probabilities with 11 decimals, the recent and CONNMARK matches' default options spelled out.

#include <string>

#include "models/k8s/proxy/node_proxy_view.h"
#include "models/k8s/proxy/vpc_cni_rules.h"

namespace ekssim::k8s {

// `vpc_cni` null: a node without the VPC CNI's rules (another CNI, or aws-node not started).
std::string render_iptables_save(const NodeProxyView& view,
                                 const VpcCniHostConfig* vpc_cni = nullptr);

}  // namespace ekssim::k8s
