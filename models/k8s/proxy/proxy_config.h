#pragma once
// kube-proxy's iptables-mode settings that change the rules it writes (KubeProxyConfiguration
// and what NewProxier probes on the host), plus the node's identity a view needs.

#include <optional>
#include <string>

#include "models/net/ipv4.h"

namespace ekssim::k8s {

struct ProxyConfig {
  // The masquerade mark: NewProxier formats 1 << iptables.masqueradeBit (default 14) with
  // Go's "%#08x", giving "0x004000". (Upstream's test fake sets "0x4000" directly.)
  std::string masquerade_mark = masquerade_mark_for_bit(14);
  bool masquerade_all = false;  // iptables.masqueradeAll
  // The local-traffic detector (detectLocalMode ClusterCIDR with clusterCIDR set): traffic from
  // this range counts as pod traffic. None: the no-op detector, which writes no "! -s" rules.
  // EKS's kube-proxy add-on sets no cluster CIDR (an EKS node's kube-proxy logs
  // --cluster-cidr="" with --config=/var/lib/kube-proxy-config/config,
  // aws/amazon-vpc-cni-k8s#1509), hence the default.
  std::optional<net::Cidr> cluster_cidr;
  // iptables.localhostNodePorts (default true), with --nodeport-addresses unset (all addresses).
  // Simplification: only that default address set is modelled.
  bool localhost_node_ports = true;
  // Whether nfacct.Ensure succeeded for both counters (ct_state_invalid_dropped_pkts and
  // localhost_nps_accepted_pkts); needs the kernel's nfnetlink_acct.
  bool nfacct_counters = true;
  // iptables.HasRandomFully(): the installed iptables supports MASQUERADE --random-fully.
  bool random_fully = true;
  // The sysctl net/netfilter/nf_conntrack_tcp_be_liberal is non-zero: no INVALID drop rule.
  bool conntrack_tcp_be_liberal = false;

  static std::string masquerade_mark_for_bit(int bit);
};

}  // namespace ekssim::k8s
