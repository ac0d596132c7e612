#include "models/spec/kind_names.h"

#include <array>

namespace ekssim::spec {

// Each table is in the order of its variant's alternatives.
std::string_view kind_name(const EventAction& action) {
  static constexpr std::array<std::string_view, std::variant_size_v<EventAction>> kNames = {
      "scaleNodeGroup",
      "scaleDeployment",
      "addSecurityGroupRule",
      "removeSecurityGroupRule",
      "terminateInstance",
      "deletePod",
      "setEnv",
      "attachPolicy",
      "detachPolicy",
      "ec2Throttle",
      "failAvailabilityZone",
      "restartDaemon"};
  return kNames[action.index()];
}

std::string_view kind_name(const Check& check) {
  static constexpr std::array<std::string_view, std::variant_size_v<Check>> kNames = {
      "podsRunning",     "noIpFailures", "ipFailures",  "subnetFreeIps",
      "podStartLatency", "reachable",    "unreachable", "nodesReady",
      "noDnsFailures",   "dnsFailures",  "resolves",    "connects"};
  return kNames[check.index()];
}

std::string_view kind_name(const Workload& workload) {
  static constexpr std::array<std::string_view, std::variant_size_v<Workload>> kNames = {
      "Deployment", "Service", "EndpointSlice"};
  return kNames[workload.index()];
}

std::string_view effect_name(TaintEffect effect) {
  switch (effect) {
    case TaintEffect::kNoSchedule:
      return "NoSchedule";
    case TaintEffect::kPreferNoSchedule:
      return "PreferNoSchedule";
    case TaintEffect::kNoExecute:
      return "NoExecute";
  }
  return "";
}

std::string_view service_type_name(ServiceType type) {
  switch (type) {
    case ServiceType::kClusterIP:
      return "ClusterIP";
    case ServiceType::kNodePort:
      return "NodePort";
    case ServiceType::kLoadBalancer:
      return "LoadBalancer";
    case ServiceType::kExternalName:
      return "ExternalName";
  }
  return "";
}

}  // namespace ekssim::spec
