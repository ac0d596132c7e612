#include "models/k8s/network_plugin.h"

namespace ekssim::k8s {

std::string NetworkPlugin::not_ready_message() const {
  // containerd's CRI plugin (internal/cri/server/status.go, `Status`) when no CNI network config
  // has been loaded; the kubelet shows it inside its NetworkNotReady condition.
  return "Network plugin returns error: cni plugin not initialized";
}

}  // namespace ekssim::k8s
