#pragma once
// Security groups and the prefix lists their rules may name (scenario `cluster.securityGroups`,
// `cluster.prefixLists`). Traffic is the net vocabulary shared with the VPC models.

#include <string>
#include <vector>

#include "models/net/ipv4.h"
#include "models/net/traffic_selector.h"
#include "models/spec/location.h"

namespace ekssim::spec {

// A customer-managed prefix list: a named set of CIDRs (AWS "Managed prefix lists").
struct PrefixList {
  std::string name;
  std::vector<net::Cidr> cidrs;
  Location location;
};

// The other side of a rule: the source of an ingress rule, the destination of an egress rule.
// Exactly one of a CIDR, a security group or a prefix list.
struct RulePeer {
  enum class Kind { kCidr, kSecurityGroup, kPrefixList };
  Kind kind = Kind::kCidr;
  net::Cidr cidr;  // kCidr
  Ref name;        // kSecurityGroup, kPrefixList
  Location location;
};

struct SecurityGroupRule {
  net::TrafficSelector traffic;  // protocol, ports (tcp/udp), icmp {type, code}
  RulePeer peer;                 // `from` (ingress) or `to` (egress)
  std::string description;
  Location location;
};

struct SecurityGroup {
  std::string name;
  std::string description;
  std::vector<SecurityGroupRule> ingress;
  std::vector<SecurityGroupRule> egress;
  // True when the scenario gave no `egress` list and `egress` holds AWS's default rule for a new
  // group: all traffic to 0.0.0.0/0 (AWS "Default security groups").
  bool egress_defaulted = false;
  Location location;
};

}  // namespace ekssim::spec
