#pragma once
// One step of a packet's trace, in the manner of Batfish's traceroute steps (a filter step names
// the filter and the line that matched; a routing step names the route) and of Reachability
// Analyzer's path components (the component, what it is attached to, the rule or route used).
// Every model that moves or filters packets appends hops in this vocabulary, so a report can show
// one path through the host, the VPC and beyond.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "models/net/ipv4.h"

namespace ekssim::net {

enum class Component : uint8_t {
  kNetworkInterface,
  kSecurityGroup,
  kNetworkAcl,
  kSubnet,
  kRouteTable,
  kNatGateway,
  kInternetGateway,
  kTransitGateway,
  kPeeringConnection,
  kGatewayEndpoint,
  kInterfaceEndpoint,
  kRemoteNetwork,
  kAmazonDns,         // the Route 53 Resolver at VPC base + 2 and 169.254.169.253
  kInstanceMetadata,  // IMDS, 169.254.169.254
  kTimeSync,          // Amazon Time Sync, 169.254.169.123
  kVpc,
  // Inside a node, before the packet reaches an ENI (models/cni/host_path.h):
  kKubeProxy,  // kube-proxy's iptables rules: a Service's DNAT, REJECT or DROP
  kHost,       // the node's policy routing and the VPC CNI's SNAT
  kVeth,       // a pod's veth pair: delivery to a pod on the same node
  // The VPC CNI's network policy agent: eBPF on a pod's veth judging NetworkPolicies
  // (models/netpol).
  kNetworkPolicy,
};
// "network interface", "security group", "network ACL", "NAT gateway", "kube-proxy", "host",
// "veth" …
std::string_view to_string(Component component);

enum class Direction : uint8_t { kInbound, kOutbound };
std::string_view to_string(Direction direction);  // "inbound", "outbound"

// The request travels from client to server; the reply comes back. Stateless filters (network
// ACLs) judge each leg on its own; stateful ones (security groups) only the request.
enum class Leg : uint8_t { kRequest, kReply };
std::string_view to_string(Leg leg);  // "request", "reply"

enum class Action : uint8_t {
  kPermitted,  // a filter let the packet through
  kDenied,     // a filter stopped it
  kForwarded,  // a router or gateway passed it on
  kDropped,    // a router or gateway had nowhere to send it
  kArrived,    // it reached its destination
};
std::string_view to_string(Action action);  // "permitted", "denied" …

struct Hop {
  Hop() = default;
  // The common fields; the structured match fields below are set afterwards when they apply.
  Hop(Leg leg, Component component, std::string name, std::string attached_to,
      std::optional<Direction> direction, Action action, std::string detail);

  Leg leg = Leg::kRequest;
  Component component = Component::kVpc;
  std::string name;         // "nodes-old", "strict", "private", "nat-1a"; may be empty
  std::string attached_to;  // "eni ng-old-1/eth0", "subnet private-1b"; may be empty
  std::optional<Direction> direction;
  Action action = Action::kForwarded;
  std::string detail;  // what matched, in words

  // What matched, as data. For a security group: the 1-based position of the rule in the
  // group's inbound or outbound list. For a network ACL: the rule number, 32767 for the implicit
  // deny rule that consoles print as "*" (Batfish's name for it, `NetworkAcl.getAclName`).
  std::optional<int> rule;
  // For a routing step: the route used (a prefix-list route shows the matching entry).
  std::optional<Cidr> route_destination;
  std::string route_target;  // "local", "nat gateway nat-1a", "internet gateway"

  // "reply: network ACL strict (subnet private-1b, outbound): denied: rule *: deny all traffic"
  std::string to_string() const;
};

}  // namespace ekssim::net
