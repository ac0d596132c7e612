#pragma once
// IAM as far as the cluster's networking needs it: roles holding AWS managed policies, and
// whether a role may call an action. Only the managed policies EKS nodes use are known; their
// action lists come from the AWS Managed Policy reference:
//   AmazonEKS_CNI_Policy (v5): the ENI and IP actions ipamd calls, CreateTags on ENIs;
//   AmazonEKSWorkerNodePolicy: ec2 Describe* the kubelet and cloud provider use,
//   eks:DescribeCluster; AmazonEC2ContainerRegistryReadOnly: image pulls (ecr:*).
// Simplification: an unknown policy name grants nothing (the loader rejects unknown names), and
// conditions, resource scopes and explicit denies are not modelled.

#include <string>
#include <string_view>
#include <vector>

namespace ekssim::aws {

// The managed policies ekssim knows, for validation and suggestions.
const std::vector<std::string>& known_managed_policies();
// Whether the managed policy `policy` allows `action` (e.g. "ec2:CreateNetworkInterface").
bool policy_allows(std::string_view policy, std::string_view action);
// The managed policy that would grant `action`, for the fix line of an UnauthorizedOperation.
std::string_view policy_granting(std::string_view action);

class IamRole {
 public:
  explicit IamRole(std::string name, std::vector<std::string> policies = {});

  const std::string& name() const { return name_; }
  const std::vector<std::string>& policies() const { return policies_; }
  bool allows(std::string_view action) const;
  bool has_policy(std::string_view policy) const;
  // attachPolicy / detachPolicy events; both are idempotent.
  void attach(const std::string& policy);
  void detach(std::string_view policy);

 private:
  std::string name_;
  std::vector<std::string> policies_;
};

}  // namespace ekssim::aws
