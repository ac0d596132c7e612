#include "models/vpc/fix.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "models/vpc/describe.h"

namespace ekssim::vpc {

namespace {

std::string describe_destination(const Vpc& vpc, const Route& route) {
  if (route.prefix_list) return "prefix list " + vpc.prefix_list(*route.prefix_list).name;
  return route.destination.to_string();
}

// The block a rule should name for the far end of a packet: its subnet inside the VPC, else the
// address alone.
net::Cidr block_for(const Vpc& vpc, net::Ipv4 address) {
  if (const auto subnet = vpc.subnet_containing(address)) return vpc.subnet(*subnet).cidr;
  return net::Cidr::of(address, 32);
}

bool number_used(const std::vector<NaclEntry>& entries, int number) {
  return std::any_of(entries.begin(), entries.end(),
                     [&](const NaclEntry& entry) { return entry.rule_number == number; });
}

// The highest free rule number below `limit`, or 0 if there is none.
int free_number_below(const std::vector<NaclEntry>& entries, int limit) {
  for (int number = limit - 1; number >= kNaclFirstRuleNumber; --number) {
    if (!number_used(entries, number)) return number;
  }
  return 0;
}

int new_rule_number(const std::vector<NaclEntry>& entries, const NaclDecision& decision) {
  if (decision.rule_number != kNaclDefaultRuleNumber) {
    return free_number_below(entries, decision.rule_number);
  }
  // Nothing matched, so any free number works; keep the usual spacing of hundreds.
  const int last = entries.empty() ? 0 : entries.back().rule_number;
  const int next_hundred = (last / 100 + 1) * 100;
  if (next_hundred <= kNaclLastRuleNumber) return next_hundred;
  return free_number_below(entries, kNaclDefaultRuleNumber);
}

// A route that would carry `destination` out of `from`, if the VPC has anything that reaches it.
std::optional<std::pair<net::Cidr, RouteTarget>> suggest_route(const Vpc& vpc, SubnetId from,
                                                               net::Ipv4 destination) {
  for (size_t i = 0; i < vpc.remote_network_count(); ++i) {
    const RemoteNetwork& remote = vpc.remote_network(RemoteNetworkId(static_cast<uint32_t>(i)));
    const Gateway& gateway = vpc.gateway(remote.via);
    if (!gateway.available) continue;
    for (const net::Cidr& cidr : remote.cidrs) {
      if (!cidr.contains(destination)) continue;
      return std::pair{cidr, gateway.kind == Gateway::Kind::kTransitGateway
                                 ? RouteTarget::transit_gateway(remote.via)
                                 : RouteTarget::peering_connection(remote.via)};
    }
  }
  if (vpc.contains(destination)) return std::nullopt;
  const std::string& zone = vpc.subnet(from).availability_zone;
  std::optional<NatGatewayId> nat;
  for (size_t i = 0; i < vpc.nat_gateway_count(); ++i) {
    const NatGatewayId id(static_cast<uint32_t>(i));
    const NatGateway& candidate = vpc.nat_gateway(id);
    if (!candidate.available || candidate.subnet == from) continue;
    const bool same_zone = vpc.subnet(candidate.subnet).availability_zone == zone;
    if (!nat || (same_zone && vpc.subnet(vpc.nat_gateway(*nat).subnet).availability_zone != zone)) {
      nat = id;
    }
  }
  if (nat) return std::pair{net::Cidr::everything(), RouteTarget::nat_gateway(*nat)};
  if (vpc.has_internet_gateway()) {
    return std::pair{net::Cidr::everything(), RouteTarget::internet_gateway()};
  }
  return std::nullopt;
}

}  // namespace

net::Fix security_group_fix(const Vpc& vpc, const net::Flow& packet, net::Direction direction,
                            const Eni& filtered, const Eni* other_end) {
  const bool inbound = direction == net::Direction::kInbound;
  const net::Ipv4 far_address = inbound ? packet.src : packet.dst;
  const std::string peer =
      other_end && !other_end->security_groups.empty()
          ? describe_peer(vpc, SgPeer::security_group(other_end->security_groups.front()))
          : net::Cidr::of(far_address, 32).to_string();
  const std::string rule =
      fmt::format("{} rule: {} {} {}", inbound ? "an inbound" : "an outbound",
                  net::TrafficSelector::exactly(packet).to_string(), inbound ? "from" : "to", peer);
  if (filtered.security_groups.empty()) {
    return {net::Component::kNetworkInterface, filtered.name,
            fmt::format("associate with {} a security group that has {}", describe_eni(filtered),
                        rule)};
  }
  const std::string& group = vpc.security_group(filtered.security_groups.front()).name();
  return {net::Component::kSecurityGroup, group, fmt::format("add to {} {}", group, rule)};
}

net::Fix network_acl_fix(const Vpc& vpc, NetworkAclId acl_id, net::Direction direction,
                         net::Leg leg, const net::Flow& packet, const NaclDecision& decision) {
  const NetworkAcl& acl = vpc.network_acl(acl_id);
  const bool inbound = direction == net::Direction::kInbound;
  const bool ephemeral = leg == net::Leg::kReply && packet.protocol.has_ports() &&
                         net::kEphemeralPorts.contains(packet.dst_port);
  net::TrafficSelector traffic = net::TrafficSelector::exactly(packet);
  if (ephemeral) traffic.ports = net::kEphemeralPorts;
  const NaclEntry entry{0, traffic, block_for(vpc, inbound ? packet.src : packet.dst),
                        NaclAction::kAllow};
  const std::string allow = fmt::format("allow {} {} {}", traffic.to_string(),
                                        inbound ? "from" : "to", entry.cidr.to_string());
  const int number = new_rule_number(acl.entries(direction), decision);
  std::string text =
      number > 0 ? fmt::format("add to network ACL {} an {} rule {}: {}", acl.name(),
                               net::to_string(direction), number, allow)
                 : fmt::format("replace {} rule {} of network ACL {} with: {}",
                               net::to_string(direction), decision.rule_number, acl.name(), allow);
  if (ephemeral) {
    text += fmt::format(
        " (the reply goes to the client's ephemeral port {}; network ACLs are stateless)",
        packet.dst_port);
  }
  return {net::Component::kNetworkAcl, acl.name(), std::move(text)};
}

net::Fix missing_route_fix(const Vpc& vpc, RouteTableId table_id, SubnetId from,
                           net::Ipv4 destination) {
  const std::string& table = vpc.route_table(table_id).name();
  if (const auto route = suggest_route(vpc, from, destination)) {
    return {net::Component::kRouteTable, table,
            fmt::format("add to route table {} a route: {} -> {}", table, route->first.to_string(),
                        describe_target(vpc, route->second))};
  }
  return {net::Component::kRouteTable, table,
          fmt::format("add to route table {} a route for {} to a gateway that reaches it (VPC {} "
                      "has no NAT gateway, internet gateway or remote network for it)",
                      table, destination.to_string(), vpc.name())};
}

net::Fix blackhole_fix(const Vpc& vpc, RouteTableId table_id, const RouteMatch& match) {
  const std::string& table = vpc.route_table(table_id).name();
  const Route& route = *match.route;
  if (route.target.kind == RouteTarget::Kind::kInternetGateway) {
    return {net::Component::kVpc, vpc.name(),
            fmt::format("attach an internet gateway to VPC {} (route table {} sends {} to it)",
                        vpc.name(), table, describe_destination(vpc, route))};
  }
  return {net::Component::kRouteTable, table,
          fmt::format("replace route {} -> {} in route table {}: its target is gone, so the "
                      "route is a blackhole",
                      describe_destination(vpc, route), describe_target(vpc, route.target), table)};
}

net::Fix nat_needs_internet_gateway_fix(const Vpc& vpc, RouteTableId nat_table,
                                        const std::optional<RouteMatch>& current) {
  const std::string& table = vpc.route_table(nat_table).name();
  const std::string attach =
      vpc.has_internet_gateway()
          ? ""
          : fmt::format("attach an internet gateway to VPC {} and ", vpc.name());
  if (current) {
    const std::string destination = describe_destination(vpc, *current->route);
    return {net::Component::kRouteTable, table,
            fmt::format("{}replace route {} -> {} in route table {} with {} -> internet gateway",
                        attach, destination, describe_target(vpc, current->route->target), table,
                        destination)};
  }
  return {
      net::Component::kRouteTable, table,
      fmt::format("{}add to route table {} a route: 0.0.0.0/0 -> internet gateway", attach, table)};
}

net::Fix gateway_route_fix(const Vpc& vpc, GatewayId gateway_id, net::Ipv4 destination) {
  const Gateway& gateway = vpc.gateway(gateway_id);
  if (gateway.kind == Gateway::Kind::kTransitGateway) {
    return {net::Component::kTransitGateway, gateway.name,
            fmt::format("add to transit gateway {} a route for {} to the network that holds it",
                        gateway.name, destination.to_string())};
  }
  std::string reach;
  for (size_t i = 0; i < vpc.remote_network_count(); ++i) {
    const RemoteNetwork& remote = vpc.remote_network(RemoteNetworkId(static_cast<uint32_t>(i)));
    if (remote.via != gateway_id) continue;
    for (const net::Cidr& cidr : remote.cidrs)
      reach += (reach.empty() ? "" : ", ") + cidr.to_string();
  }
  return {net::Component::kPeeringConnection, gateway.name,
          fmt::format("route {} elsewhere: peering connection {} reaches only the peer VPC's "
                      "CIDRs ({})",
                      destination.to_string(), gateway.name, reach.empty() ? "none" : reach)};
}

net::Fix public_ip_fix(const Eni& source, net::Ipv4 address) {
  // Only an instance's primary address gets a public IP at launch (EC2: eth0 only).
  const bool at_launch = source.role == EniRole::kInstance && address == source.primary_ip;
  return {net::Component::kNetworkInterface, source.name,
          fmt::format("associate an Elastic IP with {} on {}, {}send its internet traffic "
                      "through a NAT gateway",
                      address.to_string(), describe_eni(source),
                      at_launch ? "launch its instance in a subnet with mapPublicIpOnLaunch, or "
                                : "or ")};
}

}  // namespace ekssim::vpc
