#pragma once
// The VPC resource controller's pod mutating webhook for Security Groups for Pods
// (aws/amazon-vpc-resource-controller-k8s webhooks/core/pod_webhook.go, Handle and
// HandleLinuxPod): a pod on the host network is allowed unchanged ("SGP not supported on Pod
// running on HostNetwork"); any other pod that a SecurityGroupPolicy selects now
// (GetMatchingSecurityGroupForPods) gets the request and limit vpc.amazonaws.com/pod-eni: 1.
// It is registered for pod CREATE only (config/webhook/manifests.yaml, mpod.vpc.k8s.aws), so a
// policy applied or deleted later changes the pods created after it, never the running ones.
//
// Simplifications: Windows and Fargate pods are not modelled; the webhook's failurePolicy
// Ignore (a pod admitted unchanged when the webhook is down) never applies, as it never fails.

#include "models/cluster/security_group_policies.h"
#include "models/k8s/pod_admission.h"
#include "models/k8s/string_table.h"

namespace ekssim::cluster {

class PodEniWebhook final : public k8s::PodAdmission {
 public:
  PodEniWebhook(const k8s::StringTable& strings, const SecurityGroupPolicies& policies)
      : strings_(strings), policies_(policies) {}

  void admit(k8s::PodTemplate& pod) const override;

 private:
  const k8s::StringTable& strings_;
  const SecurityGroupPolicies& policies_;
};

}  // namespace ekssim::cluster
