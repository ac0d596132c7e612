#include "models/vpc/path.h"

#include <fmt/format.h>

#include <stdexcept>
#include <utility>

#include "models/vpc/describe.h"
#include "models/vpc/fix.h"

namespace ekssim::vpc {

namespace {

using net::Action;
using net::Component;
using net::Direction;
using net::Disposition;
using net::Leg;
using net::Reason;

// Where a packet is: a subnet of the VPC, or outside it (nullopt).
using Place = std::optional<SubnetId>;

// One walk of one flow. Every text is built inside `if (trace_)`, so an untraced walk allocates
// nothing: the checks read the tables in place and the verdict's vectors stay empty.
class Walk {
 public:
  Walk(const Vpc& vpc, const net::Flow& flow, EniId source_id, bool trace)
      : vpc_(vpc),
        flow_(flow),
        source_id_(source_id),
        source_(vpc.eni(source_id)),
        home_(vpc.subnet(source_.subnet)),
        trace_(trace) {}

  net::Verdict run() {
    if (!source_holds_address()) return std::move(verdict_);
    if (const AmazonService service = vpc_.amazon_service_at(flow_.dst);
        service != AmazonService::kNone) {
      answer_from_vpc(service);
      return std::move(verdict_);
    }
    const std::optional<EniId> dst_id = vpc_.owner_of(flow_.dst);
    const Eni* dst = dst_id ? &vpc_.eni(*dst_id) : nullptr;
    if (dst_id == source_id_) {
      if (trace_) {
        add({Leg::kRequest,
             Component::kNetworkInterface,
             source_.name,
             "",
             {},
             Action::kArrived,
             fmt::format("{} is an address of the sending interface: the packet stays on the "
                         "instance",
                         flow_.dst.to_string())});
      }
      return std::move(verdict_);
    }
    if (!security_groups(Direction::kOutbound, source_, source_id_, dst)) {
      return std::move(verdict_);
    }
    if (home_.cidr.contains(flow_.dst)) {
      if (trace_) {
        add({Leg::kRequest,
             Component::kSubnet,
             home_.name,
             "",
             {},
             Action::kForwarded,
             fmt::format("{} is in the same subnet: delivered directly, without route table or "
                         "network ACL",
                         flow_.dst.to_string())});
      }
      to_interface(source_.subnet, dst, dst_id);
      return std::move(verdict_);
    }
    route_from_home(dst, dst_id);
    return std::move(verdict_);
  }

 private:
  void add(net::Hop hop) { verdict_.hops.push_back(std::move(hop)); }

  // Records a failure; `make_fix` runs only when tracing.
  template <typename MakeFix>
  void fail(Disposition disposition, Reason reason, net::ComponentRef blocker, Leg leg,
            MakeFix&& make_fix) {
    verdict_.disposition = disposition;
    verdict_.reason = reason;
    verdict_.blocker = blocker;
    verdict_.leg = leg;
    if (trace_) verdict_.fix = make_fix();
  }
  void fail(Disposition disposition, Reason reason, net::ComponentRef blocker) {
    fail(disposition, reason, blocker, Leg::kRequest, [] { return std::optional<net::Fix>(); });
  }

  bool source_holds_address() {
    if (vpc_.owner_of(flow_.src) == source_id_) return true;
    fail(Disposition::kDeniedOut, Reason::kEniSourceDestCheckRestriction,
         {Component::kNetworkInterface, source_id_.index()});
    if (trace_) {
      const auto holder = vpc_.owner_of(flow_.src);
      add({Leg::kRequest,
           Component::kNetworkInterface,
           source_.name,
           "",
           {},
           Action::kDenied,
           fmt::format("the source {} is not an address of this interface ({}), so the source/"
                       "destination check drops it",
                       flow_.src.to_string(),
                       holder ? "it belongs to " + describe_eni(vpc_.eni(*holder))
                              : "no interface holds it")});
    }
    return false;
  }

  void answer_from_vpc(AmazonService service) {
    if (service == AmazonService::kDns && !vpc_.dns_support()) {
      fail(Disposition::kNeighborUnreachable, Reason::kVpcDnsSupportDisabled, {Component::kVpc, 0},
           Leg::kRequest, [&] {
             return net::Fix{Component::kVpc, vpc_.name(),
                             fmt::format("set enableDnsSupport: true on VPC {}", vpc_.name())};
           });
      if (trace_) {
        add({Leg::kRequest,
             Component::kAmazonDns,
             flow_.dst.to_string(),
             "",
             {},
             Action::kDropped,
             "enableDnsSupport is off, so nothing answers here"});
      }
      return;
    }
    if (trace_) {
      const Component component = service == AmazonService::kDns ? Component::kAmazonDns
                                  : service == AmazonService::kInstanceMetadata
                                      ? Component::kInstanceMetadata
                                      : Component::kTimeSync;
      add({Leg::kRequest,
           component,
           flow_.dst.to_string(),
           "",
           {},
           Action::kArrived,
           "answered by the VPC itself; security groups and network ACLs do not filter it"});
    }
  }

  // The groups of `filtered` in one direction; `other_end` holds the far address, or is null.
  bool security_groups(Direction direction, const Eni& filtered, EniId filtered_id,
                       const Eni* other_end) {
    const net::Ipv4 far = direction == Direction::kInbound ? flow_.src : flow_.dst;
    for (SecurityGroupId group_id : filtered.security_groups) {
      const auto& rules = vpc_.security_group(group_id).rules(direction);
      for (size_t i = 0; i < rules.size(); ++i) {
        if (!rules[i].traffic.covers(flow_) || !vpc_.peer_covers(rules[i].peer, far, other_end)) {
          continue;
        }
        if (trace_) {
          const int position = static_cast<int>(i) + 1;
          net::Hop hop{Leg::kRequest,
                       Component::kSecurityGroup,
                       vpc_.security_group(group_id).name(),
                       describe_eni(filtered),
                       direction,
                       Action::kPermitted,
                       describe_rule(vpc_, rules[i], direction, position)};
          hop.rule = position;
          add(std::move(hop));
        }
        return true;
      }
    }
    fail(direction == Direction::kInbound ? Disposition::kDeniedIn : Disposition::kDeniedOut,
         Reason::kEniSgRulesMismatch, {Component::kNetworkInterface, filtered_id.index()},
         Leg::kRequest,
         [&] { return security_group_fix(vpc_, flow_, direction, filtered, other_end); });
    if (trace_) {
      std::string detail =
          fmt::format("no rule matches {} {} {}", net::TrafficSelector::exactly(flow_).to_string(),
                      direction == Direction::kInbound ? "from" : "to", far.to_string());
      if (other_end) {
        detail += fmt::format(" ({} of {}, which carries {})", other_end->describe_address(far),
                              describe_eni(*other_end), describe_groups(vpc_, *other_end));
      }
      add({Leg::kRequest, Component::kSecurityGroup, describe_groups(vpc_, filtered),
           describe_eni(filtered), direction, Action::kDenied, std::move(detail)});
    }
    return false;
  }

  // The network ACLs met going from one place to another: the subnet left (outbound), then the
  // subnet entered (inbound). None within one subnet.
  bool cross(Leg leg, Place from, Place to, const net::Flow& packet) {
    if (from == to) return true;
    if (from && !network_acl(leg, *from, Direction::kOutbound, packet)) return false;
    if (to && !network_acl(leg, *to, Direction::kInbound, packet)) return false;
    return true;
  }

  bool network_acl(Leg leg, SubnetId subnet_id, Direction direction, const net::Flow& packet) {
    const Subnet& subnet = vpc_.subnet(subnet_id);
    const NetworkAcl& acl = vpc_.network_acl(subnet.network_acl);
    const NaclDecision decision = acl.evaluate(direction, packet);
    if (trace_) {
      std::string detail =
          decision.position < 0
              ? std::string("rule *: deny all traffic")
              : acl.entries(direction)[static_cast<size_t>(decision.position)].to_string(direction);
      if (!decision.allowed && leg == Leg::kReply) {
        detail +=
            fmt::format("; network ACLs are stateless, so the reply {} needs a rule of its own",
                        packet.to_string());
      }
      net::Hop hop{leg,
                   Component::kNetworkAcl,
                   acl.name(),
                   "subnet " + subnet.name,
                   direction,
                   decision.allowed ? Action::kPermitted : Action::kDenied,
                   std::move(detail)};
      hop.rule = decision.rule_number;
      add(std::move(hop));
    }
    if (decision.allowed) return true;
    fail(direction == Direction::kInbound ? Disposition::kDeniedIn : Disposition::kDeniedOut,
         Reason::kSubnetAclRestriction, {Component::kNetworkAcl, subnet.network_acl.index()}, leg,
         [&] {
           return network_acl_fix(vpc_, subnet.network_acl, direction, leg, packet, decision);
         });
    return false;
  }

  // The reply to an accepted request, from the place that answered (through `via`, the NAT
  // gateway's subnet, if any) back to the source's subnet. Verdicts that pass set no field: the
  // default disposition is accepted, so the callers set only the other successes.
  bool reply(Place from, Place via = std::nullopt) {
    if (trace_) {
      add({Leg::kReply,
           Component::kSecurityGroup,
           "",
           "",
           {},
           Action::kPermitted,
           "security groups are stateful: the reply to an allowed request passes whatever "
           "their rules say"});
    }
    const net::Flow back = flow_.reply();
    if (via && !cross(Leg::kReply, from, via, back)) return false;
    return cross(Leg::kReply, via ? via : from, source_.subnet, back);
  }

  void unreachable(Place subnet) {
    fail(Disposition::kNeighborUnreachable, Reason::kNoPossibleDestination,
         subnet ? net::ComponentRef{Component::kSubnet, subnet->index()}
                : net::ComponentRef{Component::kVpc, 0});
    if (trace_) {
      add({Leg::kRequest,
           subnet ? Component::kSubnet : Component::kVpc,
           subnet ? vpc_.subnet(*subnet).name : vpc_.name(),
           "",
           {},
           Action::kDropped,
           fmt::format("no network interface holds {}", flow_.dst.to_string())});
    }
  }

  // Delivery to the ENI holding the destination, in subnet `to` (perhaps the source's own).
  void to_interface(Place to, const Eni* dst, std::optional<EniId> dst_id) {
    if (!to) return unreachable(to);
    if (!cross(Leg::kRequest, source_.subnet, to, flow_)) return;
    if (!dst) return unreachable(to);
    if (!security_groups(Direction::kInbound, *dst, *dst_id, &source_)) return;
    if (trace_) {
      const bool endpoint = dst->role == EniRole::kInterfaceEndpoint;
      add({Leg::kRequest,
           endpoint ? Component::kInterfaceEndpoint : Component::kNetworkInterface,
           endpoint ? dst->service : dst->name,
           endpoint ? describe_eni(*dst) : "",
           {},
           Action::kArrived,
           fmt::format("{} is the {} of this interface", flow_.dst.to_string(),
                       dst->describe_address(flow_.dst))});
    }
    reply(to);
  }

  void route_from_home(const Eni* dst, std::optional<EniId> dst_id) {
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

  void note_route(RouteTableId table, SubnetId subnet, const std::optional<RouteMatch>& match,
                  Action action) {
    if (!trace_) return;
    net::Hop hop{Leg::kRequest,
                 Component::kRouteTable,
                 vpc_.route_table(table).name(),
                 "subnet " + vpc_.subnet(subnet).name,
                 {},
                 action,
                 ""};
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
  void via_nat_gateway(NatGatewayId nat_id) {
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
        add({Leg::kRequest,
             Component::kNatGateway,
             nat.name,
             "subnet " + nat_subnet.name,
             {},
             Action::kDropped,
             "a public NAT gateway sends traffic on to the internet gateway, and its subnet's "
             "route table has no such route for this destination"});
      }
      return;
    }
    note_route(nat_subnet.route_table, nat.subnet, next, Action::kForwarded);
    if (trace_) {
      add({Leg::kRequest,
           Component::kNatGateway,
           nat.name,
           "subnet " + nat_subnet.name,
           {},
           Action::kForwarded,
           "translates the source to the NAT gateway's own address"});
    }
    if (!cross(Leg::kRequest, nat.subnet, std::nullopt, flow_)) return;
    if (trace_) {
      add({Leg::kRequest,
           Component::kInternetGateway,
           "",
           "",
           {},
           Action::kForwarded,
           "exits to the internet"});
    }
    if (reply(std::nullopt, nat.subnet)) verdict_.disposition = Disposition::kExitsNetwork;
  }

  // Straight to the internet gateway: only a primary address paired with a public IP gets out
  // (the gateway does the one-to-one translation; AWS "Internet gateways").
  void via_internet_gateway() {
    if (!cross(Leg::kRequest, source_.subnet, std::nullopt, flow_)) return;
    if (flow_.src != source_.primary_ip || !source_.public_ip) {
      fail(Disposition::kDeniedOut, Reason::kIgwPublicIpAssociationForEgress,
           {Component::kNetworkInterface, source_id_.index()}, Leg::kRequest,
           [&] { return public_ip_fix(source_, flow_.src); });
      if (trace_) {
        add({Leg::kRequest,
             Component::kInternetGateway,
             "",
             "",
             {},
             Action::kDropped,
             fmt::format("{} ({} of {}) has no public IP, and the internet gateway only "
                         "translates private addresses that are paired with one",
                         flow_.src.to_string(), source_.describe_address(flow_.src),
                         describe_eni(source_))});
      }
      return;
    }
    if (trace_) {
      add({Leg::kRequest,
           Component::kInternetGateway,
           "",
           "",
           {},
           Action::kForwarded,
           fmt::format("exits to the internet as {}", source_.public_ip->to_string())});
    }
    if (reply(std::nullopt)) verdict_.disposition = Disposition::kExitsNetwork;
  }

  void via_gateway(GatewayId gateway_id) {
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
        add({Leg::kRequest,
             kind,
             gateway.name,
             "",
             {},
             Action::kDropped,
             fmt::format("no network behind it holds {}", flow_.dst.to_string())});
      }
      return;
    }
    const RemoteNetwork& remote = vpc_.remote_network(*remote_id);
    if (trace_) {
      add({Leg::kRequest,
           kind,
           gateway.name,
           "",
           {},
           Action::kForwarded,
           fmt::format("to remote network {}", remote.name)});
    }
    if (remote.check) {
      if (std::optional<RemoteRefusal> refusal = remote.check(flow_)) {
        fail(Disposition::kDeniedIn, Reason::kRemoteNetworkRestriction,
             {Component::kRemoteNetwork, remote_id->index()}, Leg::kRequest, [&] {
               return net::Fix{Component::kRemoteNetwork, remote.name, refusal->fix};
             });
        if (trace_) {
          add({Leg::kRequest,
               Component::kRemoteNetwork,
               remote.name,
               "",
               {},
               Action::kDenied,
               refusal->what});
        }
        return;
      }
    }
    if (trace_) {
      add({Leg::kRequest,
           Component::kRemoteNetwork,
           remote.name,
           "",
           {},
           Action::kArrived,
           "accepted by the far side"});
    }
    if (reply(std::nullopt)) verdict_.disposition = Disposition::kDelivered;
  }

  void via_gateway_endpoint(GatewayEndpointId endpoint_id) {
    if (!cross(Leg::kRequest, source_.subnet, std::nullopt, flow_)) return;
    if (trace_) {
      add({Leg::kRequest,
           Component::kGatewayEndpoint,
           vpc_.gateway_endpoint(endpoint_id).service,
           "",
           {},
           Action::kForwarded,
           "exits to the service"});
    }
    if (reply(std::nullopt)) verdict_.disposition = Disposition::kExitsNetwork;
  }

  const Vpc& vpc_;
  const net::Flow& flow_;
  const EniId source_id_;
  const Eni& source_;
  const Subnet& home_;
  const bool trace_;
  net::Verdict verdict_;
};

}  // namespace

net::Verdict evaluate(const Vpc& vpc, const net::Flow& flow, EniId source,
                      const EvaluateOptions& options) {
  if (!vpc.eni_exists(source)) {
    throw std::invalid_argument(fmt::format("evaluate: no live ENI #{}", source.index()));
  }
  if (flow.protocol.is_all()) {
    throw std::invalid_argument("evaluate: a flow needs a concrete protocol, not 'all'");
  }
  return Walk(vpc, flow, source, options.want_trace).run();
}

}  // namespace ekssim::vpc
