#pragma once
// Builds the VPC data plane (models/vpc) from the scenario's cluster section: security groups
// (with the EKS cluster security group), prefix lists, network ACLs, route tables, subnets, NAT
// gateways, transit gateways and peering connections, remote networks and gateway endpoints.
// Interfaces that hold addresses (nodes, interface endpoints, hosts, the control plane's ENIs)
// are added later, when EC2 has allocated their addresses.

#include <map>
#include <string>

#include "models/spec/cluster.h"
#include "models/vpc/vpc.h"

namespace ekssim::cluster {

struct VpcNames {
  std::map<std::string, vpc::SecurityGroupId, std::less<>> security_groups;
  vpc::SecurityGroupId cluster_security_group;  // eks-cluster-sg-<cluster>
  std::string cluster_security_group_name;
  std::map<std::string, vpc::SubnetId, std::less<>> subnets;
  std::map<std::string, vpc::RouteTableId, std::less<>> route_tables;
  std::map<std::string, vpc::NetworkAclId, std::less<>> network_acls;
  std::map<std::string, vpc::NatGatewayId, std::less<>> nat_gateways;
  std::map<std::string, vpc::GatewayId, std::less<>> gateways;
  std::map<std::string, vpc::PrefixListId, std::less<>> prefix_lists;
};

// The name EKS gives the cluster security group (the real one ends in a random id).
std::string cluster_security_group_name(const std::string& cluster);

// Fills `vpc` (fresh, made from the VPC's primary CIDR) and returns the name maps.
VpcNames build_vpc(const spec::Cluster& cluster, vpc::Vpc& vpc);

// Converts a scenario rule into the data plane's; `names` resolves peers.
vpc::SgRule to_sg_rule(const spec::SecurityGroupRule& rule, const VpcNames& names);

}  // namespace ekssim::cluster
