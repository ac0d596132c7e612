#pragma once
// Security Groups for Pods as the page draws it, read from the live World: a node's trunk ENI
// with the branch ENIs associated with it (each one's id, VLAN, address, subnet, security groups
// and the pod it belongs to, or that it is cooling down after its pod went), and the security
// groups a pod's traffic carries.
//
// The VPC resource controller attaches the trunk to the instance like any ENI and associates each
// branch with it under a VLAN id, never attaching it (amazon-vpc-resource-controller-k8s
// pkg/provider/branch/trunk/trunk.go, CreateAndAssociateBranchENIs); models/cluster/
// branch_eni_controller.h models that. A pod with a branch ENI sends with the branch's groups
// (its SecurityGroupPolicy's); any other pod with the groups of the node's ENI its address is on
// (the VPC CNI's secondary addresses share their ENI's groups), a host-network pod with the
// primary ENI's.

#include <nlohmann/json.hpp>

#include "models/cluster/node_agent.h"
#include "models/cluster/world.h"

namespace ekssim::serve {

// [{"id", "vlan", "ip", "subnet", "securityGroups": [...], "pod": "ns/name" | "cooling": true}]
// for the trunk ENI `trunk` of `agent`, by VLAN id.
nlohmann::json branch_enis(const cluster::World& world, const cluster::NodeAgent& agent,
                           aws::EniIndex trunk);

// The pod's security groups and, when it has one, its branch ENI's id, added to `out` as
// "securityGroups" and "branchEni"; nothing for a pod without an address or node.
void add_pod_security_groups(const cluster::World& world, const k8s::Pod& pod, nlohmann::json& out);

}  // namespace ekssim::serve
