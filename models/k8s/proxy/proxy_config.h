#pragma once
// kube-proxy's iptables-mode settings that change the rules it writes (KubeProxyConfiguration
// and what NewProxier probes on the host), plus the node's identity a view needs.

#include <optional>
#include <string>
#include <string_view>

#include "models/net/ipv4.h"

namespace ekssim::k8s {

// The releases whose proxier.go the rules were checked against: 1.26 (the oldest modelled) to
// 1.31 (the last change modelled; newer releases write the same rules).
inline constexpr int kOldestProxierMinor = 26;
inline constexpr int kNewestProxierMinor = 31;

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
  // The sysctl net/netfilter/nf_conntrack_tcp_be_liberal is non-zero: no INVALID drop rule
  // (from 1.29 on).
  bool conntrack_tcp_be_liberal = false;
  // The minor version of kube-proxy (cluster.version "1.29" → 29): the rules follow the proxier
  // of that release where it changed between 1.26 and the newest modelled (`since`).
  int minor_version = kNewestProxierMinor;

  // Whether this kube-proxy is release 1.`minor` or newer. Older than 1.26 is taken as 1.26.
  bool since(int minor) const { return minor_version >= minor; }

  static std::string masquerade_mark_for_bit(int bit);
  // The minor of a "1.29"-style version; the newest modelled for anything else.
  static int minor_of(std::string_view version);
};

}  // namespace ekssim::k8s
