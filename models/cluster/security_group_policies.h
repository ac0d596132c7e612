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
// Policies are the scenario's, then those the applySecurityGroupPolicy and
// deleteSecurityGroupPolicy events create, replace or delete. A change reaches no running pod:
// the webhook answers only at pod CREATE (config/webhook/manifests.yaml, mpod.vpc.k8s.aws), and
// the controller reads the policies only when it creates a pod's branch
// (pkg/provider/branch/provider.go CreateAndAnnotateResources); neither watches
// SecurityGroupPolicy objects to revisit pods. Pods created afterwards get or lose the pod-eni
// request (PodEniWebhook).
//
// The service account's labels are those of the scenario's ServiceAccount of that namespace and
// name (GetMatchingSecurityGroupForPods gets it from the cache); "default", and an account the
// scenario does not declare (the loader warns), have none.
//
// Simplifications: a change is in the controller's cache at once (no informer delay); upstream
// lists policies from the informer cache in no set order, ekssim by policy name; upstream fails
// the lookup of an account that does not exist (and the API server's ServiceAccount admission
// refuses such a pod first), ekssim takes it as an account without labels.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "models/spec/workloads.h"

namespace ekssim::cluster {

class SecurityGroupPolicies {
 public:
  SecurityGroupPolicies(const std::vector<spec::Workload>& workloads,
                        const std::vector<spec::ServiceAccount>& service_accounts);

  bool empty() const { return policies_.empty(); }
  // Every policy now, by (namespace, name).
  const std::vector<spec::SecurityGroupPolicy>& all() const { return policies_; }
  // `kubectl apply`: creates the policy, or replaces the one of the same namespace and name.
  void apply(const spec::SecurityGroupPolicy& policy);
  // `kubectl delete`; a policy that does not exist is left alone (the loader checks names).
  void remove(std::string_view ns, std::string_view name);
  // The groups of the policies that apply to a pod of `ns` with `labels` running as
  // `service_account`; empty when none does.
  std::vector<std::string> groups_for(std::string_view ns,
                                      const std::map<std::string, std::string>& labels,
                                      std::string_view service_account) const;
  // "shop/payments-sg", the policies behind groups_for, for explanations.
  std::vector<std::string> policies_for(std::string_view ns,
                                        const std::map<std::string, std::string>& labels,
                                        std::string_view service_account) const;

 private:
  using LabelMap = std::map<std::string, std::string>;
  bool applies(const spec::SecurityGroupPolicy& policy, std::string_view ns,
               const LabelMap& labels, const LabelMap& account_labels) const;
  const LabelMap& account_labels(std::string_view ns, std::string_view name) const;

  std::vector<spec::SecurityGroupPolicy> policies_;  // by (namespace, name)
  std::map<std::pair<std::string, std::string>, LabelMap, std::less<>> accounts_;  // (ns, name)
  LabelMap no_labels_;
};

}  // namespace ekssim::cluster
