#pragma once
// Security groups: allow-only, stateful filters on network interfaces.
//
// Semantics (AWS "Security group rules" and "Security group connection tracking"):
// - Rules are a union; their order does not matter. No matching rule means deny.
// - Stateful: the reply to an allowed request passes whatever the other direction says. The
//   evaluator (path.h) therefore checks groups on the request only.
// - A peer is an IPv4 CIDR, another security group or a prefix list. A security group peer
//   matches the private addresses (primary, secondary, /28 prefixes) of every network interface
//   that carries the group, never public or Elastic IPs; Batfish models it the same way
//   (`Region` collects "referrer IPs", `IpPermissions.toMatchExpr`). That lookup needs the VPC,
//   so it lives in Vpc::peer_covers().
// - A new group has no inbound rules and one outbound rule, all traffic to 0.0.0.0/0
//   (with_aws_defaults()).
// Simplifications: IPv4 only; a flow allowed both ways from 0.0.0.0/0 is "untracked" in AWS,
// which only matters when rules change under a live connection, and is not modelled.

#include <string>
#include <vector>

#include "models/net/hop.h"
#include "models/net/ipv4.h"
#include "models/net/traffic_selector.h"
#include "models/vpc/ids.h"

namespace ekssim::vpc {

struct SgPeer {
  enum class Kind : uint8_t { kCidr, kSecurityGroup, kPrefixList };
  Kind kind = Kind::kCidr;
  net::Cidr cidr;            // kCidr
  SecurityGroupId group;     // kSecurityGroup
  PrefixListId prefix_list;  // kPrefixList

  static SgPeer cidr_block(net::Cidr cidr) { return {Kind::kCidr, cidr, {}, {}}; }
  static SgPeer security_group(SecurityGroupId group) {
    return {Kind::kSecurityGroup, {}, group, {}};
  }
  static SgPeer prefix_list_of(PrefixListId list) { return {Kind::kPrefixList, {}, {}, list}; }

  bool operator==(const SgPeer&) const = default;
};

struct SgRule {
  net::TrafficSelector traffic;
  SgPeer peer;              // the source of an inbound rule, the destination of an outbound one
  std::string description;  // free text, shown in traces

  // Two rules are the same rule when traffic and peer agree (AWS's duplicate test ignores the
  // description).
  bool same_permission(const SgRule& other) const {
    return traffic == other.traffic && peer == other.peer;
  }
};

class SecurityGroup {
 public:
  // A group with no rules at all, in either direction.
  explicit SecurityGroup(std::string name);
  // What CreateSecurityGroup makes: no inbound rules, outbound all traffic to 0.0.0.0/0.
  static SecurityGroup with_aws_defaults(std::string name);

  const std::string& name() const { return name_; }
  const std::vector<SgRule>& rules(net::Direction direction) const {
    return direction == net::Direction::kInbound ? inbound_ : outbound_;
  }

  // Appends a rule; returns false, changing nothing, if the same permission is already there
  // (AWS answers InvalidPermission.Duplicate).
  bool add_rule(net::Direction direction, SgRule rule);
  // Removes the rule with the same permission; false if there is none
  // (InvalidPermission.NotFound).
  bool remove_rule(net::Direction direction, const SgRule& rule);

 private:
  std::vector<SgRule>& mutable_rules(net::Direction direction) {
    return direction == net::Direction::kInbound ? inbound_ : outbound_;
  }

  std::string name_;
  std::vector<SgRule> inbound_;
  std::vector<SgRule> outbound_;
};

}  // namespace ekssim::vpc
