#include "models/cluster/spec_conversions.h"

namespace ekssim::cluster {

k8s::TaintEffect to_k8s_taint_effect(spec::TaintEffect effect) {
  switch (effect) {
    case spec::TaintEffect::kNoSchedule:
      return k8s::TaintEffect::kNoSchedule;
    case spec::TaintEffect::kPreferNoSchedule:
      return k8s::TaintEffect::kPreferNoSchedule;
    case spec::TaintEffect::kNoExecute:
      return k8s::TaintEffect::kNoExecute;
  }
  return k8s::TaintEffect::kNoSchedule;
}

k8s::DnsPolicy to_k8s_dns_policy(spec::DnsPolicy policy) {
  switch (policy) {
    case spec::DnsPolicy::kClusterFirst:
      return k8s::DnsPolicy::kClusterFirst;
    case spec::DnsPolicy::kClusterFirstWithHostNet:
      return k8s::DnsPolicy::kClusterFirstWithHostNet;
    case spec::DnsPolicy::kDefault:
      return k8s::DnsPolicy::kDefault;
  }
  return k8s::DnsPolicy::kClusterFirst;
}

}  // namespace ekssim::cluster
