#include "models/net/hop.h"

#include <utility>

namespace ekssim::net {

std::string_view to_string(Component component) {
  switch (component) {
    case Component::kNetworkInterface:
      return "network interface";
    case Component::kSecurityGroup:
      return "security group";
    case Component::kNetworkAcl:
      return "network ACL";
    case Component::kSubnet:
      return "subnet";
    case Component::kRouteTable:
      return "route table";
    case Component::kNatGateway:
      return "NAT gateway";
    case Component::kInternetGateway:
      return "internet gateway";
    case Component::kTransitGateway:
      return "transit gateway";
    case Component::kPeeringConnection:
      return "peering connection";
    case Component::kGatewayEndpoint:
      return "gateway endpoint";
    case Component::kInterfaceEndpoint:
      return "interface endpoint";
    case Component::kRemoteNetwork:
      return "remote network";
    case Component::kAmazonDns:
      return "Amazon-provided DNS";
    case Component::kInstanceMetadata:
      return "instance metadata service";
    case Component::kTimeSync:
      return "Amazon Time Sync";
    case Component::kVpc:
      return "VPC";
    case Component::kKubeProxy:
      return "kube-proxy";
    case Component::kHost:
      return "host";
    case Component::kVeth:
      return "veth";
    case Component::kNetworkPolicy:
      return "network policy";
  }
  return "?";
}

std::string_view to_string(Direction direction) {
  return direction == Direction::kInbound ? "inbound" : "outbound";
}

std::string_view to_string(Leg leg) {
  return leg == Leg::kRequest ? "request" : "reply";
}

std::string_view to_string(Action action) {
  switch (action) {
    case Action::kPermitted:
      return "permitted";
    case Action::kDenied:
      return "denied";
    case Action::kForwarded:
      return "forwarded";
    case Action::kDropped:
      return "dropped";
    case Action::kArrived:
      return "arrived";
  }
  return "?";
}

Hop::Hop(Leg leg, Component component, std::string name, std::string attached_to,
         std::optional<Direction> direction, Action action, std::string detail)
    : leg(leg),
      component(component),
      name(std::move(name)),
      attached_to(std::move(attached_to)),
      direction(direction),
      action(action),
      detail(std::move(detail)) {}

std::string Hop::to_string() const {
  std::string text;
  if (leg == Leg::kReply) text = std::string(net::to_string(leg)) + ": ";
  text += net::to_string(component);
  if (!name.empty()) text += " " + name;
  if (!attached_to.empty() || direction) {
    text += " (" + attached_to;
    if (direction) {
      if (!attached_to.empty()) text += ", ";
      text += net::to_string(*direction);
    }
    text += ")";
  }
  text += ": ";
  text += net::to_string(action);
  if (!detail.empty()) text += ": " + detail;
  return text;
}

}  // namespace ekssim::net
