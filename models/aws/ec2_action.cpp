#include "models/aws/ec2_action.h"

namespace ekssim::aws {

namespace {
struct ActionInfo {
  std::string_view name;
  std::string_view iam;
  bool mutating;
};
constexpr std::array<ActionInfo, kEc2ActionCount> kActions = {{
    {"RunInstances", "ec2:RunInstances", true},
    {"TerminateInstances", "ec2:TerminateInstances", true},
    {"DescribeInstances", "ec2:DescribeInstances", false},
    {"DescribeNetworkInterfaces", "ec2:DescribeNetworkInterfaces", false},
    {"DescribeSubnets", "ec2:DescribeSubnets", false},
    {"CreateNetworkInterface", "ec2:CreateNetworkInterface", true},
    {"AttachNetworkInterface", "ec2:AttachNetworkInterface", true},
    {"ModifyNetworkInterfaceAttribute", "ec2:ModifyNetworkInterfaceAttribute", true},
    {"AssignPrivateIpAddresses", "ec2:AssignPrivateIpAddresses", true},
    {"UnassignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses", true},
    {"DetachNetworkInterface", "ec2:DetachNetworkInterface", true},
    {"DeleteNetworkInterface", "ec2:DeleteNetworkInterface", true},
    {"CreateTags", "ec2:CreateTags", true},
    {"AssociateTrunkInterface", "ec2:AssociateTrunkInterface", true},
}};
}  // namespace

std::string_view action_name(Ec2Action action) {
  return kActions[static_cast<size_t>(action)].name;
}
std::string_view iam_action(Ec2Action action) {
  return kActions[static_cast<size_t>(action)].iam;
}
bool is_mutating(Ec2Action action) {
  return kActions[static_cast<size_t>(action)].mutating;
}

std::optional<Ec2Action> action_from_name(std::string_view name) {
  for (size_t i = 0; i < kActions.size(); ++i) {
    if (kActions[i].name == name) return static_cast<Ec2Action>(i);
  }
  return std::nullopt;
}

}  // namespace ekssim::aws
