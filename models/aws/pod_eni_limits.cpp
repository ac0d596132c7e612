#include "models/aws/pod_eni_limits.h"

namespace ekssim::aws {

bool cni_trunking_compatible(const InstanceType& type) {
  return type.trunking_compatible.value_or(true);
}

bool trunk_supported(const InstanceType& type) {
  return type.trunking_compatible.value_or(false);
}

int branch_eni_capacity(const InstanceType& type) {
  if (!trunk_supported(type)) return 0;
  return type.branch_interfaces.value_or(0);
}

}  // namespace ekssim::aws
