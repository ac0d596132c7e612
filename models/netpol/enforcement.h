#pragma once
// What the VPC CNI's network policy agent (aws/aws-network-policy-agent) has programmed for a pod
// at a given moment: its eBPF pod_state (pkg/ebpf/c/tc.v4ingress.bpf.c, tc.v4egress.bpf.c:
// POLICIES_APPLIED, DEFAULT_ALLOW, DEFAULT_DENY).
//
// At pod start the CNI plugin asks the agent to enforce (cmd/routed-eni-cni-plugin/cni.go,
// EnforceNpToPod; pkg/rpc/rpc_handler.go): in strict mode the pod starts DEFAULT_DENY, in
// standard mode DEFAULT_ALLOW. When the agent already holds the policies of the pod's workload on
// this node (a sibling replica there, ArePoliciesAvailableInLocalCache), they apply at once;
// otherwise they arrive once the network policy controller has resolved the new pod into the
// policies' PolicyEndpoints (amazon-network-policy-controller-k8s, batching pod updates for
// pod-update-batch-period-duration, 1 s by default) and the agent has reconciled them. A pod that
// no policy selects stays DEFAULT_ALLOW in standard mode and DEFAULT_DENY in strict mode
// (controllers/policyendpoints_controller.go cleanupPod).

#include <optional>
#include <string_view>

#include "sim/time.h"

namespace ekssim::netpol {

// NETWORK_POLICY_ENFORCING_MODE (pkg/utils/utils.go NetworkPolicyEnforcingMode).
enum class EnforcingMode { kStandard, kStrict };
// "strict" or "standard" in any case (utils.IsValidNetworkPolicyEnforcingMode lowers it); none
// for anything else, which ipamd refuses at start (pkg/ipamd/ipamd.go getNetworkPolicyMode).
std::optional<EnforcingMode> parse_enforcing_mode(std::string_view text);
std::string_view to_string(EnforcingMode mode);  // "standard", "strict"

enum class PodState { kDefaultAllow, kDefaultDeny, kPoliciesApplied };
std::string_view to_string(PodState state);  // "DEFAULT_ALLOW", "DEFAULT_DENY", "POLICIES_APPLIED"

// How long after a pod's sandbox (or a policy's creation) the agent's maps reflect it: the
// controller's default pod-update batch period (pkg/config/controller_config.go,
// defaultBatchPeriodDuration). The controller's and agent's own processing (milliseconds) is
// folded into it.
inline constexpr sim::Duration kPolicyPropagation = sim::Duration::seconds(1);

// The pod's state: `in_force` once the agent has reconciled the pod with the policies it knows,
// `selected` when one of those policies selects the pod.
PodState pod_state(EnforcingMode mode, bool in_force, bool selected);

}  // namespace ekssim::netpol
