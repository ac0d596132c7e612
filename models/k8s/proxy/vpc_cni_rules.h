#pragma once
// The host iptables rules the Amazon VPC CNI's aws-node writes next to kube-proxy's, so that a
// node's whole ruleset can be rendered in one place (aws/amazon-vpc-cni-k8s
// pkg/networkutils/network.go buildIptablesSNATRules, buildIptablesConnmarkRules,
// updateIptablesRules). IPv4 only.
//
// - nat POSTROUTING jumps to AWS-SNAT-CHAIN-0, which RETURNs for every VPC CIDR and every
//   AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS entry and SNATs everything else leaving a non-vlan
//   interface to the primary ENI's primary IP.
// - nat PREROUTING sends traffic from pod veths (eni+) to AWS-CONNMARK-CHAIN-0, which marks
//   connections to outside the VPC; a restore rule copies the connmark to the packet mark.
// - mangle PREROUTING marks connections that arrive on the primary ENI for a local address
//   (NodePort traffic) and restores that mark on traffic from pods and branch ENIs, so replies
//   leave through eth0 (the ip rule at priority 1024 does the routing).
// With AWS_VPC_K8S_CNI_EXTERNALSNAT=true the nat rules are absent (the chains still exist).
//
// Order: updateIptablesRules inserts each CIDR RETURN rule at position 1 and appends the rest,
// so on a freshly started node the CIDR rules sit in reverse order of the CIDR list, above the
// SNAT/mark rule. Simplification: the rules as a fresh aws-node start writes them; CIDRs added
// while it runs would be inserted on top, and stale ones removed.

#include <cstdint>
#include <string>
#include <vector>

#include "models/net/ipv4.h"

namespace ekssim::k8s {

// AWS_VPC_K8S_CNI_RANDOMIZESNAT: "none", "hashrandom" (--random), "prng" (--random-fully).
enum class SnatRandomization { kNone, kHashRandom, kPrng };

struct VpcCniHostConfig {
  bool external_snat = false;                 // AWS_VPC_K8S_CNI_EXTERNALSNAT
  std::vector<net::Cidr> vpc_cidrs;           // the VPC's IPv4 CIDR blocks
  std::vector<net::Cidr> exclude_snat_cidrs;  // AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS
  net::Ipv4 primary_ip;                       // the primary ENI's primary private IP
  std::string primary_interface = "eth0";     // found by the primary ENI's MAC ("ens5" on AL2023)
  std::string veth_prefix = "eni";            // AWS_VPC_K8S_CNI_VETHPREFIX
  uint32_t connmark = 0x80;                   // AWS_VPC_K8S_CNI_CONNMARK
  bool node_port_support = true;              // AWS_VPC_CNI_NODE_PORT_SUPPORT
  SnatRandomization randomize_snat = SnatRandomization::kPrng;
  // Without --random-fully support, prng falls back to --random (with a warning upstream).
  bool iptables_has_random_fully = true;
};

struct VpcCniRules {
  std::vector<std::string> nat_chains;  // AWS-SNAT-CHAIN-0, AWS-CONNMARK-CHAIN-0
  // "-A CHAIN …" lines in the order they end up in each chain on a fresh node.
  std::vector<std::string> nat_rules;
  std::vector<std::string> mangle_rules;
};

VpcCniRules build_vpc_cni_rules(const VpcCniHostConfig& config);

}  // namespace ekssim::k8s
