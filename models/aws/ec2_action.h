#pragma once
// The EC2 API actions the cluster's components call, and the throttling class of each (AWS
// "Request throttling for the Amazon EC2 API": every API has its own token bucket, sized by
// category — non-mutating Describe* calls 100 tokens refilled at 20/s, mutating calls 50 tokens
// refilled at 5/s). The figures are AWS's published defaults for a new account; accounts with
// raised limits set cluster.ec2Api.throttle in the scenario.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ekssim::aws {

enum class Ec2Action : uint8_t {
  kRunInstances,
  kTerminateInstances,
  kDescribeInstances,
  kDescribeNetworkInterfaces,
  kDescribeSubnets,
  kCreateNetworkInterface,
  kAttachNetworkInterface,
  kModifyNetworkInterfaceAttribute,
  kAssignPrivateIpAddresses,
  kUnassignPrivateIpAddresses,
  kDetachNetworkInterface,
  kDeleteNetworkInterface,
  kCreateTags,
  // The VPC resource controller's, for Security Groups for Pods (pkg/aws/ec2/api/helper.go
  // AssociateBranchToTrunk).
  kAssociateTrunkInterface,
};
inline constexpr size_t kEc2ActionCount = 14;

// "CreateNetworkInterface"
std::string_view action_name(Ec2Action action);
// "ec2:CreateNetworkInterface", as IAM names it.
std::string_view iam_action(Ec2Action action);
bool is_mutating(Ec2Action action);
// The action named "CreateNetworkInterface" (as the scenario's ec2Throttle writes it), if any.
std::optional<Ec2Action> action_from_name(std::string_view name);

struct ThrottleLimits {
  int64_t capacity;
  int64_t refill_per_second;
};
inline constexpr ThrottleLimits kNonMutatingDefault{100, 20};
inline constexpr ThrottleLimits kMutatingDefault{50, 5};

}  // namespace ekssim::aws
