#pragma once
// An elastic network interface: where security groups apply and the owner of private addresses.
//
// A node's ENI holds its primary address, the secondary addresses and /28 prefixes the VPC CNI
// assigns to pods (AWS "Assign prefixes to network interfaces"), and up to five security groups
// (`awsutils.createENIInput` copies the primary ENI's groups onto the secondary ENIs it creates).
// Interface endpoints and the EKS control plane's cross-account ENIs are ENIs too, with their own
// groups. Every address comes from the ENI's subnet.
//
// The Vpc owns ENIs and keeps its address index in step with them: change addresses and groups
// through Vpc's methods only.

#include <optional>
#include <string>
#include <vector>

#include "models/net/ipv4.h"
#include "models/vpc/ids.h"

namespace ekssim::vpc {

enum class EniRole : uint8_t {
  kInstance,           // an EC2 instance's interface (nodes)
  kInterfaceEndpoint,  // a VPC interface endpoint's interface in one subnet
  kEksControlPlane,    // the cluster's cross-account ENIs (private endpoint access)
  kBranch,             // a pod's branch ENI on its node's trunk (Security Groups for Pods)
};

struct Eni {
  std::string name;  // "ng-old-1/eth0", "vpce-ec2/private-1a"
  SubnetId subnet;
  net::Ipv4 primary_ip;
  std::vector<net::Ipv4> secondary_ips;
  std::vector<net::Cidr> prefixes;  // /28 blocks
  std::vector<SecurityGroupId> security_groups;
  // Associated with the primary private address (auto-assigned public IP or Elastic IP); the only
  // way out through an internet gateway without a NAT.
  std::optional<net::Ipv4> public_ip;
  EniRole role = EniRole::kInstance;
  std::string service;  // kInterfaceEndpoint: the endpoint's service, "ec2", "ecr.api" …

  bool carries(SecurityGroupId group) const;
  // "primary IP", "secondary IP" or "address of prefix 10.0.3.16/28", for traces.
  std::string describe_address(net::Ipv4 address) const;
};

}  // namespace ekssim::vpc
