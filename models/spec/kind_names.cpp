#include "models/spec/kind_names.h"

#include <array>
#include <string>
#include <vector>

namespace ekssim::spec {

namespace {

// Each table is in the order of its variant's alternatives.
constexpr std::array<std::string_view, std::variant_size_v<EventAction>> kEventKinds = {
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
    "restartDaemon",
    "applyNetworkPolicy",
    "deleteNetworkPolicy",
    "applySecurityGroupPolicy",
    "deleteSecurityGroupPolicy"};
constexpr std::array<std::string_view, std::variant_size_v<Check>> kCheckKinds = {
    "podsRunning", "noIpFailures", "ipFailures",    "subnetFreeIps", "podStartLatency", "reachable",
    "unreachable", "nodesReady",   "noDnsFailures", "dnsFailures",   "resolves",        "connects"};

template <size_t N>
std::vector<std::string> to_strings(const std::array<std::string_view, N>& names) {
  return std::vector<std::string>(names.begin(), names.end());
}

}  // namespace

std::string_view kind_name(const EventAction& action) {
  return kEventKinds[action.index()];
}
std::string_view kind_name(const Check& check) {
  return kCheckKinds[check.index()];
}

const std::vector<std::string>& event_kind_names() {
  static const std::vector<std::string> kNames = to_strings(kEventKinds);
  return kNames;
}

const std::vector<std::string>& check_kind_names() {
  static const std::vector<std::string> kNames = to_strings(kCheckKinds);
  return kNames;
}

std::string_view kind_name(const Workload& workload) {
  static constexpr std::array<std::string_view, std::variant_size_v<Workload>> kNames = {
      "Deployment", "Service", "EndpointSlice", "NetworkPolicy", "SecurityGroupPolicy"};
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
