#include "models/cluster/pod_eni_webhook.h"

#include <map>
#include <string>

namespace ekssim::cluster {

void PodEniWebhook::admit(k8s::PodTemplate& pod) const {
  if (pod.host_network || policies_.empty()) return;
  std::map<std::string, std::string> labels;
  for (const k8s::Label& l : pod.labels.items())
    labels[std::string(strings_.view(l.key))] = strings_.view(l.value);
  // HandleLinuxPod: no matching policy leaves the pod as it is ("Pod didn't match any SGP").
  if (policies_.groups_for(strings_.view(pod.ns), labels, strings_.view(pod.service_account))
          .empty()) {
    return;
  }
  pod.pod_eni = 1;
}

}  // namespace ekssim::cluster
