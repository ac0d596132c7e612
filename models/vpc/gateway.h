#pragma once
// What routes lead to besides the VPC itself: NAT gateways, transit gateways and peering
// connections with the remote networks behind them, and gateway endpoints.
//
// - A public NAT gateway sits in a public subnet; it forwards traffic to the internet only if its
//   own subnet's route table sends the destination to the internet gateway (AWS "NAT gateways",
//   "Public NAT gateway"). Its subnet's network ACL judges the traffic both ways.
// - A transit gateway or peering connection leads to remote networks, given here as CIDRs with
//   an optional check for the far side's own firewall (an on-premises DNS server's, for
//   example), called with the flow as it arrives.
// - A gateway endpoint (Amazon S3, DynamoDB) is reached through prefix-list routes.
// Simplifications: no private NAT gateways; the NAT gateway keeps the client's source port (AWS
// remaps it into 1024-65535); transit gateway route tables and the remote side's routes back are
// not modelled (a remote network either takes the flow or refuses it); a gateway endpoint takes
// any protocol (AWS carries only TCP and ICMP echo, VPCE_GATEWAY_PROTOCOL_RESTRICTION).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/net/flow.h"
#include "models/net/ipv4.h"
#include "models/vpc/ids.h"

namespace ekssim::vpc {

struct NatGateway {
  std::string name;  // "nat-1a"
  SubnetId subnet;
  bool available = true;  // false once deleted: routes to it become blackholes
  // Its Elastic IP: what the internet sees as the source of everything it translates.
  net::Ipv4 public_ip;
};

struct Gateway {
  enum class Kind : uint8_t { kTransitGateway, kPeeringConnection };
  std::string name;  // "tgw-onprem", "pcx-shared"
  Kind kind = Kind::kTransitGateway;
  bool available = true;
};

// Why the far side refused a flow, and what would change its mind.
struct RemoteRefusal {
  std::string what;  // "on-prem DNS firewall drops udp 53 from 10.0.0.0/16"
  std::string fix;   // "allow udp 53 from 10.0.0.0/16 on the on-prem DNS firewall"
};
// Returns nullopt to accept. Called once per request that reaches the network; it must not keep
// the reference.
using RemoteCheck = std::function<std::optional<RemoteRefusal>(const net::Flow&)>;

struct RemoteNetwork {
  std::string name;  // "on-prem"
  GatewayId via;
  std::vector<net::Cidr> cidrs;
  RemoteCheck check;  // empty: accepts everything
};

struct GatewayEndpoint {
  std::string service;  // "s3"
  PrefixListId prefix_list;
};

}  // namespace ekssim::vpc
