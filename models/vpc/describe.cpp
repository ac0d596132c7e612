#include "models/vpc/describe.h"

#include <fmt/format.h>

namespace ekssim::vpc {

std::string describe_peer(const Vpc& vpc, const SgPeer& peer) {
  switch (peer.kind) {
    case SgPeer::Kind::kCidr:
      return peer.cidr.to_string();
    case SgPeer::Kind::kSecurityGroup:
      return "security group " + vpc.security_group(peer.group).name();
    case SgPeer::Kind::kPrefixList:
      return "prefix list " + vpc.prefix_list(peer.prefix_list).name;
  }
  return "?";
}

std::string describe_rule(const Vpc& vpc, const SgRule& rule, net::Direction direction,
                          int position) {
  std::string text = fmt::format("rule {}: {} {} {}", position, rule.traffic.to_string(),
                                 direction == net::Direction::kInbound ? "from" : "to",
                                 describe_peer(vpc, rule.peer));
  if (!rule.description.empty()) text += " (" + rule.description + ")";
  return text;
}

std::string describe_target(const Vpc& vpc, const RouteTarget& target) {
  switch (target.kind) {
    case RouteTarget::Kind::kLocal:
      return "local";
    case RouteTarget::Kind::kNatGateway:
      return "nat gateway " + vpc.nat_gateway(NatGatewayId(target.index)).name;
    case RouteTarget::Kind::kInternetGateway:
      return "internet gateway";
    case RouteTarget::Kind::kTransitGateway:
      return "transit gateway " + vpc.gateway(GatewayId(target.index)).name;
    case RouteTarget::Kind::kPeeringConnection:
      return "peering connection " + vpc.gateway(GatewayId(target.index)).name;
    case RouteTarget::Kind::kGatewayEndpoint:
      return "gateway endpoint " + vpc.gateway_endpoint(GatewayEndpointId(target.index)).service;
    case RouteTarget::Kind::kBlackhole:
      return "blackhole";
  }
  return "?";
}

std::string describe_eni(const Eni& eni) {
  if (eni.role == EniRole::kBranch) return "branch eni " + eni.name;
  return "eni " + eni.name;
}

std::string describe_groups(const Vpc& vpc, const Eni& eni) {
  if (eni.security_groups.empty()) return "no security group";
  std::string text;
  for (SecurityGroupId group : eni.security_groups) {
    if (!text.empty()) text += ", ";
    text += vpc.security_group(group).name();
  }
  return text;
}

}  // namespace ekssim::vpc
