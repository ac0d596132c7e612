#pragma once
// A subnet: an address block in one Availability Zone, associated with exactly one route table
// and one network ACL (AWS "Subnets for your VPC"). Its address space and the five addresses AWS
// reserves are the aws model's concern; here a subnet is a place packets enter and leave.

#include <string>

#include "models/net/ipv4.h"
#include "models/vpc/ids.h"

namespace ekssim::vpc {

struct Subnet {
  std::string name;  // "private-1a"
  std::string availability_zone;
  net::Cidr cidr;
  RouteTableId route_table;
  NetworkAclId network_acl;
};

}  // namespace ekssim::vpc
