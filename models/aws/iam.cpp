#include "models/aws/iam.h"

#include <algorithm>

namespace ekssim::aws {

namespace {

struct ManagedPolicy {
  std::string_view name;
  std::vector<std::string_view> actions;  // exact actions, or a "service:*" wildcard
};

const std::vector<ManagedPolicy>& managed_policies() {
  static const std::vector<ManagedPolicy> kPolicies = {
      {"AmazonEKS_CNI_Policy",
       {"ec2:AssignPrivateIpAddresses", "ec2:AttachNetworkInterface", "ec2:CreateNetworkInterface",
        "ec2:DeleteNetworkInterface", "ec2:DescribeInstances", "ec2:DescribeTags",
        "ec2:DescribeNetworkInterfaces", "ec2:DescribeInstanceTypes", "ec2:DescribeSubnets",
        "ec2:DetachNetworkInterface", "ec2:ModifyNetworkInterfaceAttribute",
        "ec2:UnassignPrivateIpAddresses", "ec2:CreateTags"}},
      {"AmazonEKSWorkerNodePolicy",
       {"ec2:DescribeInstances", "ec2:DescribeInstanceTypes", "ec2:DescribeRouteTables",
        "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVolumes",
        "ec2:DescribeVolumesModifications", "ec2:DescribeVpcs", "eks:DescribeCluster",
        "eks-auth:AssumeRoleForPodIdentity"}},
      {"AmazonEC2ContainerRegistryReadOnly", {"ecr:*"}},
      {"AmazonSSMManagedInstanceCore", {"ssm:*", "ssmmessages:*", "ec2messages:*"}},
      // The cluster role's policy for the VPC resource controller (EKS user guide, "Configure
      // the Amazon VPC CNI plugin for Kubernetes for security groups for Amazon EKS Pods"): the
      // ENI calls of trunk.go and helper.go.
      {"AmazonEKSVPCResourceController",
       {"ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission",
        "ec2:AttachNetworkInterface", "ec2:ModifyNetworkInterfaceAttribute",
        "ec2:DescribeNetworkInterfaces", "ec2:DescribeInstances", "ec2:DeleteNetworkInterface",
        "ec2:DetachNetworkInterface", "ec2:AssociateTrunkInterface", "ec2:CreateTags"}},
  };
  return kPolicies;
}

bool action_matches(std::string_view pattern, std::string_view action) {
  if (pattern.size() >= 2 && pattern.substr(pattern.size() - 2) == ":*") {
    return action.substr(0, pattern.size() - 1) == pattern.substr(0, pattern.size() - 1);
  }
  return pattern == action;
}

}  // namespace

const std::vector<std::string>& known_managed_policies() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const auto& p : managed_policies())
      names.emplace_back(p.name);
    return names;
  }();
  return kNames;
}

bool policy_allows(std::string_view policy, std::string_view action) {
  for (const auto& p : managed_policies()) {
    if (p.name != policy) continue;
    return std::any_of(p.actions.begin(), p.actions.end(),
                       [&](std::string_view pattern) { return action_matches(pattern, action); });
  }
  return false;
}

std::string_view policy_granting(std::string_view action) {
  // The CNI policy first: it is the one nodes miss in practice.
  for (const auto& p : managed_policies()) {
    if (policy_allows(p.name, action)) return p.name;
  }
  return {};
}

IamRole::IamRole(std::string name, std::vector<std::string> policies)
    : name_(std::move(name)), policies_(std::move(policies)) {}

bool IamRole::allows(std::string_view action) const {
  return std::any_of(policies_.begin(), policies_.end(),
                     [&](const std::string& policy) { return policy_allows(policy, action); });
}

bool IamRole::has_policy(std::string_view policy) const {
  return std::find(policies_.begin(), policies_.end(), policy) != policies_.end();
}

void IamRole::attach(const std::string& policy) {
  if (!has_policy(policy)) policies_.push_back(policy);
}

void IamRole::detach(std::string_view policy) {
  policies_.erase(std::remove(policies_.begin(), policies_.end(), policy), policies_.end());
}

}  // namespace ekssim::aws
