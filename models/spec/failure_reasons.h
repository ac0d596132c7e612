#pragma once
// The reason codes a pod's IP failures carry in the report (`ipFailures[].reason`), for
// expectations that name them (`noIpFailures: {reasons: […]}`) and the scenario reference:
//  - ipamd's diagnosis of an address it could not give (models/cni/ipamd_plugin.cpp):
//    WarmPoolGrowing, CooldownStarvation, SubnetExhausted, NoFreePrefix, Unauthorized,
//    Ec2Throttled, Ec2Error, EniLimitReached, MaxPodsReached, ProvisioningDisabled,
//    NodeUnschedulable;
//  - the branch-ENI path of Security Groups for Pods (models/cluster/branch_eni_plugin.cpp):
//    BranchEniPending, a pod-eni pod whose branch ENI the VPC resource controller has not made;
//  - the kubelet's (models/report/report_builder.cpp, on_sandbox_failed): NetworkPluginNotReady
//    when no CNI ADD was attempted, FailedCreatePodSandBox when the ADD failed without a diagnosis.
// tests/cli/failure_reasons_test.cpp checks the golden reports use no other.

#include <array>
#include <string_view>

namespace ekssim::spec {

// clang-format off
inline constexpr std::array<std::string_view, 14> kIpFailureReasons = {
    "WarmPoolGrowing", "CooldownStarvation", "SubnetExhausted", "NoFreePrefix",
    "Unauthorized", "Ec2Throttled", "Ec2Error", "EniLimitReached", "MaxPodsReached",
    "ProvisioningDisabled", "NodeUnschedulable", "NetworkPluginNotReady",
    "FailedCreatePodSandBox", "BranchEniPending"};
// clang-format on

}  // namespace ekssim::spec
