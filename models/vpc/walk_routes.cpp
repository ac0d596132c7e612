#include <fmt/format.h>

#include "models/vpc/describe.h"
#include "models/vpc/fix.h"
#include "models/vpc/walk.h"

namespace ekssim::vpc::detail {

using net::Action;
using net::Component;
using net::Direction;
using net::Disposition;
using net::Leg;
using net::Reason;

void Walk::route_from_home(const Eni* dst, std::optional<EniId> dst_id) {
  const std::optional<RouteMatch> match = vpc_.route(home_.route_table, flow_.dst);
  const net::ComponentRef table{Component::kRouteTable, home_.route_table.index()};
  if (!match) {
    fail(Disposition::kNoRoute, Reason::kNoRouteToDestination, table, Leg::kRequest,
         [&] { return missing_route_fix(vpc_, home_.route_table, source_.subnet, flow_.dst); });
    note_route(home_.route_table, source_.subnet, match, Action::kDropped);
    return;
  }
  const RouteTarget target = match->route->target;
  if (!vpc_.target_available(target)) {
    fail(Disposition::kNullRouted, Reason::kBadStateRoute, table, Leg::kRequest,
         [&] { return blackhole_fix(vpc_, home_.route_table, *match); });
    note_route(home_.route_table, source_.subnet, match, Action::kDropped);
    return;
  }
  note_route(home_.route_table, source_.subnet, match, Action::kForwarded);
  switch (target.kind) {
    case RouteTarget::Kind::kLocal:
      return to_interface(dst ? Place(dst->subnet) : vpc_.subnet_containing(flow_.dst), dst,
                          dst_id);
    case RouteTarget::Kind::kNatGateway:
      return via_nat_gateway(NatGatewayId(target.index));
    case RouteTarget::Kind::kInternetGateway:
      return via_internet_gateway();
    case RouteTarget::Kind::kTransitGateway:
    case RouteTarget::Kind::kPeeringConnection:
      return via_gateway(GatewayId(target.index));
    case RouteTarget::Kind::kGatewayEndpoint:
      return via_gateway_endpoint(GatewayEndpointId(target.index));
    case RouteTarget::Kind::kBlackhole:
      return;  // never available: handled above
  }
}

void Walk::note_route(RouteTableId table, SubnetId subnet, const std::optional<RouteMatch>& match,
                      Action action) {
  if (!trace_) return;
  net::Hop hop(Leg::kRequest, Component::kRouteTable, vpc_.route_table(table).name(),
               "subnet " + vpc_.subnet(subnet).name, std::nullopt, action, "");
  if (!match) {
    hop.detail = fmt::format("no route for {}", flow_.dst.to_string());
    return add(std::move(hop));
  }
  const Route& route = *match->route;
  hop.route_destination = match->matched;
  hop.route_target = describe_target(vpc_, route.target);
  hop.detail =
      route.prefix_list
          ? fmt::format("prefix list {} ({}) -> {}", vpc_.prefix_list(*route.prefix_list).name,
                        match->matched.to_string(), hop.route_target)
          : fmt::format("{} -> {}", match->matched.to_string(), hop.route_target);
  if (!vpc_.target_available(route.target)) hop.detail += ": a blackhole, its target is gone";
  add(std::move(hop));
}

// A public NAT gateway: into its subnet, on through its subnet's route to the internet
// gateway, out of its subnet; the reply retraces the same subnets.
void Walk::via_nat_gateway(NatGatewayId nat_id) {
  const NatGateway& nat = vpc_.nat_gateway(nat_id);
  const Subnet& nat_subnet = vpc_.subnet(nat.subnet);
  if (!cross(Leg::kRequest, source_.subnet, nat.subnet, flow_)) return;
  const std::optional<RouteMatch> next = vpc_.route(nat_subnet.route_table, flow_.dst);
  const net::ComponentRef table{Component::kRouteTable, nat_subnet.route_table.index()};
  if (next && !vpc_.target_available(next->route->target)) {
    fail(Disposition::kNullRouted, Reason::kBadStateRoute, table, Leg::kRequest,
         [&] { return blackhole_fix(vpc_, nat_subnet.route_table, *next); });
    return note_route(nat_subnet.route_table, nat.subnet, next, Action::kDropped);
  }
  if (!next || next->route->target.kind != RouteTarget::Kind::kInternetGateway) {
    fail(Disposition::kNoRoute, Reason::kNoRouteToDestination, table, Leg::kRequest,
         [&] { return nat_needs_internet_gateway_fix(vpc_, nat_subnet.route_table, next); });
    note_route(nat_subnet.route_table, nat.subnet, next, Action::kDropped);
    if (trace_) {
      add(net::Hop(
          Leg::kRequest, Component::kNatGateway, nat.name, "subnet " + nat_subnet.name,
          std::nullopt, Action::kDropped,
          "a public NAT gateway sends traffic on to the internet gateway, and its subnet's "
          "route table has no such route for this destination"));
    }
    return;
  }
  if (trace_) {
    add(net::Hop(Leg::kRequest, Component::kNatGateway, nat.name, "subnet " + nat_subnet.name,
                 std::nullopt, Action::kForwarded,
                 fmt::format("translates the source to the NAT gateway's Elastic IP {}",
                             nat.public_ip.to_string())));
  }
  note_route(nat_subnet.route_table, nat.subnet, next, Action::kForwarded);
  if (!cross(Leg::kRequest, nat.subnet, std::nullopt, flow_)) return;
  if (trace_) {
    add(Leg::kRequest, Component::kInternetGateway, "", Action::kForwarded,
        "exits to the internet");
  }
  verdict_.internet_source = nat.public_ip;
  if (reply(std::nullopt, nat.subnet)) verdict_.disposition = Disposition::kExitsNetwork;
}

// Straight to the internet gateway: only a primary address paired with a public IP gets out
// (the gateway does the one-to-one translation; AWS "Internet gateways").
void Walk::via_internet_gateway() {
  if (!cross(Leg::kRequest, source_.subnet, std::nullopt, flow_)) return;
  if (flow_.src != source_.primary_ip || !source_.public_ip) {
    fail(Disposition::kDeniedOut, Reason::kIgwPublicIpAssociationForEgress,
         {Component::kNetworkInterface, source_id_.index()}, Leg::kRequest,
         [&] { return public_ip_fix(source_, flow_.src); });
    if (trace_) {
      add(Leg::kRequest, Component::kInternetGateway, "", Action::kDropped,
          fmt::format("{} ({} of {}) has no public IP, and the internet gateway only "
                      "translates private addresses that are paired with one",
                      flow_.src.to_string(), source_.describe_address(flow_.src),
                      describe_eni(source_)));
    }
    return;
  }
  if (trace_) {
    add(Leg::kRequest, Component::kInternetGateway, "", Action::kForwarded,
        fmt::format("exits to the internet as {}", source_.public_ip->to_string()));
  }
  verdict_.internet_source = source_.public_ip;
  if (reply(std::nullopt)) verdict_.disposition = Disposition::kExitsNetwork;
}

void Walk::via_gateway(GatewayId gateway_id) {
  if (!cross(Leg::kRequest, source_.subnet, std::nullopt, flow_)) return;
  const Gateway& gateway = vpc_.gateway(gateway_id);
  const bool peering = gateway.kind == Gateway::Kind::kPeeringConnection;
  const Component kind = peering ? Component::kPeeringConnection : Component::kTransitGateway;
  std::optional<RemoteNetworkId> remote_id;
  for (uint32_t i = 0; i < vpc_.remote_network_count() && !remote_id; ++i) {
    const RemoteNetwork& candidate = vpc_.remote_network(RemoteNetworkId(i));
    if (candidate.via != gateway_id) continue;
    for (const net::Cidr& cidr : candidate.cidrs) {
      if (cidr.contains(flow_.dst)) remote_id = RemoteNetworkId(i);
    }
  }
  if (!remote_id) {
    fail(Disposition::kNoRoute,
         peering ? Reason::kPcxRequiresAddressInVpcCidr : Reason::kNoRouteToDestination,
         {kind, gateway_id.index()}, Leg::kRequest,
         [&] { return gateway_route_fix(vpc_, gateway_id, flow_.dst); });
    if (trace_) {
      add(Leg::kRequest, kind, gateway.name, Action::kDropped,
          fmt::format("no network behind it holds {}", flow_.dst.to_string()));
    }
    return;
  }
  const RemoteNetwork& remote = vpc_.remote_network(*remote_id);
  if (trace_) {
    add(Leg::kRequest, kind, gateway.name, Action::kForwarded,
        fmt::format("to remote network {}", remote.name));
  }
  if (remote.check) {
    if (std::optional<RemoteRefusal> refusal = remote.check(flow_)) {
      fail(Disposition::kDeniedIn, Reason::kRemoteNetworkRestriction,
           {Component::kRemoteNetwork, remote_id->index()}, Leg::kRequest, [&] {
             return net::Fix{Component::kRemoteNetwork, remote.name, refusal->fix};
           });
      if (trace_) {
        add(Leg::kRequest, Component::kRemoteNetwork, remote.name, Action::kDenied, refusal->what);
      }
      return;
    }
  }
  if (trace_) {
    add(Leg::kRequest, Component::kRemoteNetwork, remote.name, Action::kArrived,
        "accepted by the far side");
  }
  if (reply(std::nullopt)) verdict_.disposition = Disposition::kDelivered;
}

void Walk::via_gateway_endpoint(GatewayEndpointId endpoint_id) {
  if (!cross(Leg::kRequest, source_.subnet, std::nullopt, flow_)) return;
  if (trace_) {
    add(Leg::kRequest, Component::kGatewayEndpoint, vpc_.gateway_endpoint(endpoint_id).service,
        Action::kForwarded, "exits to the service");
  }
  if (reply(std::nullopt)) verdict_.disposition = Disposition::kExitsNetwork;
}

}  // namespace ekssim::vpc::detail
