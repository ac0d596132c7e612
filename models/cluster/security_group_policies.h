#pragma once
// The scenario's SecurityGroupPolicies as the VPC resource controller reads them
// (aws/amazon-vpc-resource-controller-k8s pkg/utils/helper.go, GetMatchingSecurityGroupForPods
// and filterPodSecurityGroups): a policy applies to a pod of its own namespace when its
// podSelector matches the pod's labels and its serviceAccountSelector (if given) the labels of
// the pod's service account; the pod's groups are those of every applying policy, duplicates
// removed (RemoveDuplicatedSg). The webhook (webhooks/core/pod_webhook.go, HandleLinuxPod) asks
// the same question at admission and gives a matched pod, unless it is on the host network, the
// request vpc.amazonaws.com/pod-eni: 1; the controller asks it again when it creates the branch.
//
// Simplifications: policies are the scenario's, in force from the start (no event applies or
// deletes one); upstream lists them from the informer cache in no set order, ekssim by policy
// name. Service accounts are not modelled: every pod runs as "default" with no labels, so a
// serviceAccountSelector matches only when it is empty.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "models/spec/workloads.h"

namespace ekssim::cluster {

class SecurityGroupPolicies {
 public:
  explicit SecurityGroupPolicies(const std::vector<spec::Workload>& workloads);

  bool empty() const { return policies_.empty(); }
  // The groups of the policies that apply to a pod of `ns` with `labels`; empty when none does.
  std::vector<std::string> groups_for(std::string_view ns,
                                      const std::map<std::string, std::string>& labels) const;
  // "shop/payments-sg", the policies behind groups_for, for explanations.
  std::vector<std::string> policies_for(std::string_view ns,
                                        const std::map<std::string, std::string>& labels) const;

 private:
  bool applies(const spec::SecurityGroupPolicy& policy, std::string_view ns,
               const std::map<std::string, std::string>& labels) const;

  std::vector<spec::SecurityGroupPolicy> policies_;  // by (namespace, name)
};

}  // namespace ekssim::cluster
