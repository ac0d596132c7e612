#pragma once
// Security Groups for Pods: which instance types take a trunk ENI, and how many branch ENIs a
// node advertises as its `vpc.amazonaws.com/pod-eni` capacity. The two components that decide
// read the same table (models/aws/data, the resource controller's pkg/aws/vpc/limits.go) but
// treat a type missing from it differently:
//  - the VPC CNI (aws/amazon-vpc-cni-k8s pkg/awsutils/awsutils.go, IsTrunkingCompatible) calls an
//    unlisted type trunk-compatible, so ipamd still keeps an ENI slot free for a trunk there;
//  - the VPC resource controller (aws/amazon-vpc-resource-controller-k8s
//    pkg/provider/branch/provider.go, IsInstanceSupported) supports only a listed type with
//    IsTrunkingCompatible, and advertises its BranchInterface figure (UpdateResourceCapacity;
//    none when that figure is 0).

#include "models/aws/instance_types.h"

namespace ekssim::aws {

// IsTrunkingCompatible as ipamd asks it: true when the type is not in the controller's table.
bool cni_trunking_compatible(const InstanceType& type);

// IsInstanceSupported: the controller creates a trunk ENI only on such a node.
bool trunk_supported(const InstanceType& type);

// The pod-eni capacity the controller advertises once the trunk is attached: the type's
// BranchInterface, or 0 where the trunk is not supported.
int branch_eni_capacity(const InstanceType& type);

}  // namespace ekssim::aws
