#pragma once
// The reason codes a pod's IP failures carry in the report (`ipFailures[].reason`), for
// expectations that name them (`noIpFailures: {reasons: […]}`) and the scenario reference:
//  - ipamd's diagnosis of an address it could not give (models/cni/ipamd_plugin.cpp):
//    WarmPoolGrowing, CooldownStarvation, SubnetExhausted, NoFreePrefix, Unauthorized,
//    Ec2Throttled, Ec2Error, EniLimitReached, MaxPodsReached, ProvisioningDisabled,
//    NodeUnschedulable;
//  - the kubelet's (models/report/report_builder.cpp, on_sandbox_failed): NetworkPluginNotReady
//    when no CNI ADD was attempted, FailedCreatePodSandBox when the ADD failed without a diagnosis.
// tests/cli/failure_reasons_test.cpp checks the golden reports use no other.

#include <array>
#include <string_view>

namespace ekssim::spec {

// clang-format off
inline constexpr std::array<std::string_view, 13> kIpFailureReasons = {
    "WarmPoolGrowing", "CooldownStarvation", "SubnetExhausted", "NoFreePrefix",
    "Unauthorized", "Ec2Throttled", "Ec2Error", "EniLimitReached", "MaxPodsReached",
    "ProvisioningDisabled", "NodeUnschedulable", "NetworkPluginNotReady",
    "FailedCreatePodSandBox"};
// clang-format on

}  // namespace ekssim::spec
