#pragma once
// The VPC CNI's SNAT of pod egress, as ipamd programs it on every node
// (aws/amazon-vpc-cni-k8s, pkg/networkutils/network.go: buildIptablesSNATRules,
// buildIptablesConnmarkRules, SetupHostNetwork; ../shared/reference/dataplane.md §c):
//  - AWS_VPC_K8S_CNI_EXTERNALSNAT=false, the default: nat POSTROUTING jumps to AWS-SNAT-CHAIN-0,
//    which RETURNs for each VPC CIDR (comment "AWS SNAT CHAIN"), then for each entry of
//    AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS ("AWS SNAT CHAIN EXCLUSION"); its last rule SNATs
//    everything else to the primary IP of the node's primary ENI. AWS-CONNMARK-CHAIN-0 skips the
//    same CIDRs and marks the rest with 0x80, and ip rule 1024 sends marked packets to the main
//    table, whose default route is the primary ENI: SNATed packets leave through eth0, so eth0's
//    security groups judge them whichever ENI holds the pod's address.
//  - EXTERNALSNAT=true: none of those rules. A pod's packets leave its own ENI with the pod's
//    address, and a NAT gateway has to translate them.
// Simplifications: the SNAT keeps the source port (upstream adds --random-fully, or --random with
// AWS_VPC_K8S_CNI_RANDOMIZESNAT=hashrandom); IPv6 and AWS_EXTERNAL_SERVICE_CIDRS (ip rule 1535)
// are not modelled.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "models/cni/env_config.h"
#include "models/net/ipv4.h"

namespace ekssim::cni {

struct SnatSettings {
  bool external_snat = false;            // AWS_VPC_K8S_CNI_EXTERNALSNAT
  std::vector<net::Cidr> exclude_cidrs;  // AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS, in written order

  // Reads the aws-node environment the way upstream does: EXTERNALSNAT as a flag whose
  // unparsable value gives the default, false (getBoolEnvVar); the CIDR list split on commas,
  // entries that are not IPv4 CIDRs skipped (parseCIDRString).
  static SnatSettings from_env(const EnvConfig& env);
};

// One entry of AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS as net.ParseCIDR reads it: "a.b.c.d/n" with
// surrounding spaces trimmed and host bits cleared; nullopt for anything else.
std::optional<net::Cidr> parse_go_ipv4_cidr(std::string_view text);

enum class SnatStep : uint8_t {
  kNoChain,         // EXTERNALSNAT=true: nothing is translated, nothing is marked
  kReturnVpcCidr,   // "-d <VPC CIDR> -j RETURN": stays with the pod's address and ENI
  kReturnExcluded,  // "-d <excluded CIDR> -j RETURN": likewise
  kSnat,            // the last rule: SNAT to the primary ENI's primary IP, out through eth0
};

struct SnatDecision {
  SnatStep step = SnatStep::kNoChain;
  // The rule of AWS-SNAT-CHAIN-0 that decided, 1-based (the RETURN rules in order, then the SNAT
  // rule); 0 for kNoChain.
  int rule = 0;
  net::Cidr matched;  // the RETURN rule's CIDR

  bool translated() const { return step == SnatStep::kSnat; }
};

// AWS-SNAT-CHAIN-0 as data. One per cluster: every node has the same rules, only the address the
// last rule translates to differs, and the host path supplies that.
class SnatChain {
 public:
  // `vpc_cidrs`: every IPv4 CIDR block of the VPC, as ipamd reads them from IMDS.
  SnatChain(std::vector<net::Cidr> vpc_cidrs, const SnatSettings& settings);

  // What the chain does with a pod's packet to `dst` that leaves the node. No allocation.
  SnatDecision decide(net::Ipv4 dst) const;

  bool external_snat() const { return external_snat_; }
  // The RETURN rules' CIDRs in chain order: the VPC CIDRs, then the exclusions.
  const std::vector<net::Cidr>& returns() const { return returns_; }

 private:
  bool external_snat_;
  std::vector<net::Cidr> returns_;
  size_t vpc_cidr_count_;
};

}  // namespace ekssim::cni
