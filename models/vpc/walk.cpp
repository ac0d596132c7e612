#include "models/vpc/walk.h"

#include <fmt/format.h>

#include "models/vpc/describe.h"
#include "models/vpc/fix.h"

namespace ekssim::vpc::detail {

using net::Action;
using net::Component;
using net::Direction;
using net::Disposition;
using net::Leg;
using net::Reason;

Walk::Walk(const Vpc& vpc, const net::Flow& flow, EniId source_id, bool trace)
    : vpc_(vpc),
      flow_(flow),
      source_id_(source_id),
      source_(vpc.eni(source_id)),
      home_(vpc.subnet(source_.subnet)),
      trace_(trace) {}

net::Verdict Walk::run() {
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
      add(Leg::kRequest, Component::kNetworkInterface, source_.name, Action::kArrived,
          fmt::format("{} is an address of the sending interface: the packet stays on the "
                      "instance",
                      flow_.dst.to_string()));
    }
    return std::move(verdict_);
  }
  if (!security_groups(Direction::kOutbound, source_, source_id_, dst)) {
    return std::move(verdict_);
  }
  if (home_.cidr.contains(flow_.dst)) {
    if (trace_) {
      add(Leg::kRequest, Component::kSubnet, home_.name, Action::kForwarded,
          fmt::format("{} is in the same subnet: delivered directly, without route table or "
                      "network ACL",
                      flow_.dst.to_string()));
    }
    to_interface(source_.subnet, dst, dst_id);
    return std::move(verdict_);
  }
  route_from_home(dst, dst_id);
  return std::move(verdict_);
}

bool Walk::source_holds_address() {
  if (vpc_.owner_of(flow_.src) == source_id_) return true;
  fail(Disposition::kDeniedOut, Reason::kEniSourceDestCheckRestriction,
       {Component::kNetworkInterface, source_id_.index()});
  if (trace_) {
    const auto holder = vpc_.owner_of(flow_.src);
    add(Leg::kRequest, Component::kNetworkInterface, source_.name, Action::kDenied,
        fmt::format(
            "the source {} is not an address of this interface ({}), so the source/"
            "destination check drops it",
            flow_.src.to_string(),
            holder ? "it belongs to " + describe_eni(vpc_.eni(*holder)) : "no interface holds it"));
  }
  return false;
}

void Walk::answer_from_vpc(AmazonService service) {
  if (service == AmazonService::kDns && !vpc_.dns_support()) {
    fail(Disposition::kNeighborUnreachable, Reason::kVpcDnsSupportDisabled, {Component::kVpc, 0},
         Leg::kRequest, [&] {
           return net::Fix{Component::kVpc, vpc_.name(),
                           fmt::format("set enableDnsSupport: true on VPC {}", vpc_.name())};
         });
    if (trace_) {
      add(Leg::kRequest, Component::kAmazonDns, flow_.dst.to_string(), Action::kDropped,
          "enableDnsSupport is off, so nothing answers here");
    }
    return;
  }
  if (trace_) {
    const Component component = service == AmazonService::kDns ? Component::kAmazonDns
                                : service == AmazonService::kInstanceMetadata
                                    ? Component::kInstanceMetadata
                                    : Component::kTimeSync;
    add(Leg::kRequest, component, flow_.dst.to_string(), Action::kArrived,
        "answered by the VPC itself; security groups and network ACLs do not filter it");
  }
}

// The groups of `filtered` in one direction; `other_end` holds the far address, or is null.
bool Walk::security_groups(Direction direction, const Eni& filtered, EniId filtered_id,
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
        net::Hop hop(Leg::kRequest, Component::kSecurityGroup, vpc_.security_group(group_id).name(),
                     describe_eni(filtered), direction, Action::kPermitted,
                     describe_rule(vpc_, rules[i], direction, position));
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
    add(net::Hop(Leg::kRequest, Component::kSecurityGroup, describe_groups(vpc_, filtered),
                 describe_eni(filtered), direction, Action::kDenied, std::move(detail)));
  }
  return false;
}

// The network ACLs met going from one place to another: the subnet left (outbound), then the
// subnet entered (inbound). None within one subnet.
bool Walk::cross(Leg leg, Place from, Place to, const net::Flow& packet) {
  if (from == to) return true;
  if (from && !network_acl(leg, *from, Direction::kOutbound, packet)) return false;
  if (to && !network_acl(leg, *to, Direction::kInbound, packet)) return false;
  return true;
}

bool Walk::network_acl(Leg leg, SubnetId subnet_id, Direction direction, const net::Flow& packet) {
  const Subnet& subnet = vpc_.subnet(subnet_id);
  const NetworkAcl& acl = vpc_.network_acl(subnet.network_acl);
  const NaclDecision decision = acl.evaluate(direction, packet);
  if (trace_) {
    std::string detail =
        decision.position < 0
            ? std::string("rule *: deny all traffic")
            : acl.entries(direction)[static_cast<size_t>(decision.position)].to_string(direction);
    if (!decision.allowed && leg == Leg::kReply) {
      detail += fmt::format("; network ACLs are stateless, so the reply {} needs a rule of its own",
                            packet.to_string());
    }
    net::Hop hop(leg, Component::kNetworkAcl, acl.name(), "subnet " + subnet.name, direction,
                 decision.allowed ? Action::kPermitted : Action::kDenied, std::move(detail));
    hop.rule = decision.rule_number;
    add(std::move(hop));
  }
  if (decision.allowed) return true;
  fail(direction == Direction::kInbound ? Disposition::kDeniedIn : Disposition::kDeniedOut,
       Reason::kSubnetAclRestriction, {Component::kNetworkAcl, subnet.network_acl.index()}, leg,
       [&] { return network_acl_fix(vpc_, subnet.network_acl, direction, leg, packet, decision); });
  return false;
}

// The reply to an accepted request, from the place that answered (through `via`, the NAT
// gateway's subnet, if any) back to the source's subnet. On success it sets nothing: accepted is
// the verdict's default, and callers whose flow left the VPC set their own disposition.
bool Walk::reply(Place from, Place via) {
  if (trace_) {
    add(Leg::kReply, Component::kSecurityGroup, "", Action::kPermitted,
        "security groups are stateful: the reply to an allowed request passes whatever "
        "their rules say");
  }
  const net::Flow back = flow_.reply();
  if (via && !cross(Leg::kReply, from, via, back)) return false;
  return cross(Leg::kReply, via ? via : from, source_.subnet, back);
}

void Walk::unreachable(Place subnet) {
  fail(Disposition::kNeighborUnreachable, Reason::kNoPossibleDestination,
       subnet ? net::ComponentRef{Component::kSubnet, subnet->index()}
              : net::ComponentRef{Component::kVpc, 0});
  if (trace_) {
    add(Leg::kRequest, subnet ? Component::kSubnet : Component::kVpc,
        subnet ? vpc_.subnet(*subnet).name : vpc_.name(), Action::kDropped,
        fmt::format("no network interface holds {}", flow_.dst.to_string()));
  }
}

// Delivery to the ENI holding the destination, in subnet `to` (perhaps the source's own).
void Walk::to_interface(Place to, const Eni* dst, std::optional<EniId> dst_id) {
  if (!to) return unreachable(to);
  if (!cross(Leg::kRequest, source_.subnet, to, flow_)) return;
  if (!dst) return unreachable(to);
  if (!security_groups(Direction::kInbound, *dst, *dst_id, &source_)) return;
  if (trace_) {
    const bool endpoint = dst->role == EniRole::kInterfaceEndpoint;
    add(net::Hop(Leg::kRequest,
                 endpoint ? Component::kInterfaceEndpoint : Component::kNetworkInterface,
                 endpoint ? dst->service : dst->name, endpoint ? describe_eni(*dst) : "",
                 std::nullopt, Action::kArrived,
                 fmt::format("{} is the {} of this interface", flow_.dst.to_string(),
                             dst->describe_address(flow_.dst))));
  }
  reply(to);
}

}  // namespace ekssim::vpc::detail
