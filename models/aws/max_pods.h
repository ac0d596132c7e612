#pragma once
// The kubelet's max pods on EKS, from the instance type's ENI limits.
//
// Default: what EKS's current node bootstrap computes (awslabs/amazon-eks-ami, nodeadm
// `CalcMaxPods`; the VPC CNI's scripts/gen_vpc_ip_limits.go `printPodLimit`): E × (A − 1) + 2,
// E the default network card's ENIs, A the IPv4 addresses per ENI, +2 for the host-network
// aws-node and kube-proxy pods; no cap. It matches upstream's misc/eni-max-pods.txt for every type.
// The options give the older AL2 calculator's variants (amazon-eks-ami
// templates/al2/runtime/max-pods-calculator.sh, last at 0ab84280): MAX_ENI caps E; custom
// networking leaves the primary ENI without pods (E − 1); prefix delegation counts 16 addresses
// per slot, but only where the script's `Hypervisor == nitro` test passes: bare-metal types, whose
// hypervisor the table lists as unknown, keep the plain formula here although ipamd itself enables
// prefix delegation on them (IsPrefixDelegationSupported); the cap is 110 pods up to 30 vCPUs and
// 250 above, or an explicit cap (both, if given: the smaller).

#include <optional>

#include "models/aws/instance_types.h"

namespace ekssim::aws {

struct MaxPodsOptions {
  bool prefix_delegation = false;
  bool custom_networking = false;
  std::optional<int> max_eni;  // --cni-max-eni; ignored below 1, as ipamd ignores MAX_ENI < 1
  std::optional<int> vcpus;    // applies the calculator's 110/250 cap
  std::optional<int> cap;      // an explicit cap
};

int max_pods(const InstanceType& type, const MaxPodsOptions& options);

}  // namespace ekssim::aws
