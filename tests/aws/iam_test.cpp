#include "models/aws/iam.h"

#include <catch2/catch.hpp>

using ekssim::aws::IamRole;

TEST_CASE("the CNI policy grants exactly what ipamd needs for ENIs and addresses", "[iam]") {
  const IamRole with_cni("node-role", {"AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy"});
  for (const char* action :
       {"ec2:CreateNetworkInterface", "ec2:AttachNetworkInterface", "ec2:AssignPrivateIpAddresses",
        "ec2:UnassignPrivateIpAddresses", "ec2:DescribeNetworkInterfaces",
        "ec2:DeleteNetworkInterface", "ec2:DetachNetworkInterface",
        "ec2:ModifyNetworkInterfaceAttribute", "ec2:CreateTags"}) {
    INFO(action);
    CHECK(with_cni.allows(action));
  }
}

TEST_CASE("a node role without the CNI policy can describe instances but not ENIs", "[iam]") {
  // This is why ipamd's nodeInit fails at DescribeNetworkInterfaces, not earlier.
  const IamRole no_cni("node-role-no-cni",
                       {"AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly"});
  CHECK(no_cni.allows("ec2:DescribeInstances"));
  CHECK_FALSE(no_cni.allows("ec2:DescribeNetworkInterfaces"));
  CHECK_FALSE(no_cni.allows("ec2:CreateNetworkInterface"));
  CHECK(no_cni.allows("ecr:BatchGetImage"));
  CHECK(ekssim::aws::policy_granting("ec2:CreateNetworkInterface") == "AmazonEKS_CNI_Policy");
}

TEST_CASE("attaching and detaching a policy are idempotent", "[iam]") {
  IamRole role("r");
  role.attach("AmazonEKS_CNI_Policy");
  role.attach("AmazonEKS_CNI_Policy");
  CHECK(role.policies().size() == 1);
  CHECK(role.allows("ec2:AssignPrivateIpAddresses"));
  role.detach("AmazonEKS_CNI_Policy");
  role.detach("AmazonEKS_CNI_Policy");
  CHECK_FALSE(role.allows("ec2:AssignPrivateIpAddresses"));
}
