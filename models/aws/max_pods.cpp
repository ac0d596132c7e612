#include "models/aws/max_pods.h"

#include <algorithm>

namespace ekssim::aws {

int max_pods(const InstanceType& type, const MaxPodsOptions& options) {
  int enis = type.max_enis;
  if (options.max_eni && *options.max_eni >= 1) enis = std::min(enis, *options.max_eni);
  if (options.custom_networking) enis -= 1;
  const int slots = type.ipv4_per_eni - 1;
  const bool prefixes = options.prefix_delegation && type.hypervisor == Hypervisor::kNitro;
  int pods = enis * slots * (prefixes ? 16 : 1) + 2;
  if (options.vcpus) pods = std::min(pods, *options.vcpus <= 30 ? 110 : 250);
  if (options.cap) pods = std::min(pods, *options.cap);
  return pods;
}

}  // namespace ekssim::aws
