#pragma once
// A mutating admission webhook on pod CREATE (admissionregistration.k8s.io/v1
// MutatingWebhookConfiguration with `operations: [CREATE]`, `resources: [pods]`): the API server
// hands it each new pod as its controller asked for it, and stores the pod as the webhook left
// it. Pods already stored are never sent again, so a webhook's answer holds for the pod's life
// (k8s.io/apiserver pkg/admission/plugin/webhook/mutating/dispatcher.go runs only for the
// operations the configuration names).
//
// Simplification: the webhook answers at once (no timeout or failurePolicy), and it sees the
// pod's template, the only part of a pod that ekssim's webhooks read or change.

#include "models/k8s/pod.h"

namespace ekssim::k8s {

class PodAdmission {
 public:
  virtual ~PodAdmission() = default;
  // Changes `pod`, a copy of the creating controller's template, before the pod is stored.
  virtual void admit(PodTemplate& pod) const = 0;
};

}  // namespace ekssim::k8s
