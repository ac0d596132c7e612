#pragma once
// Internal to evaluate() (path.h): the walk of one flow through the VPC. walk.cpp holds the
// start and the filters (security groups, network ACLs, delivery to an ENI); walk_routes.cpp
// the routing and what lies beyond a route (NAT gateway, internet gateway, transit gateway,
// peering connection, gateway endpoint).
//
// Every text is built inside `if (trace_)`, so an untraced walk allocates nothing: the checks
// read the tables in place and the verdict's vectors stay empty. A check returns false when it
// has ended the walk, with the verdict filled in.

#include <optional>
#include <string>
#include <utility>

#include "models/net/flow.h"
#include "models/net/hop.h"
#include "models/net/verdict.h"
#include "models/vpc/ids.h"
#include "models/vpc/vpc.h"

namespace ekssim::vpc::detail {

// Where a packet is: a subnet of the VPC, or outside it (nullopt).
using Place = std::optional<SubnetId>;

class Walk {
 public:
  Walk(const Vpc& vpc, const net::Flow& flow, EniId source_id, bool trace);
  net::Verdict run();

 private:
  // walk.cpp
  bool source_holds_address();
  void answer_from_vpc(AmazonService service);
  bool security_groups(net::Direction direction, const Eni& filtered, EniId filtered_id,
                       const Eni* other_end);
  bool cross(net::Leg leg, Place from, Place to, const net::Flow& packet);
  bool network_acl(net::Leg leg, SubnetId subnet_id, net::Direction direction,
                   const net::Flow& packet);
  bool reply(Place from, Place via = std::nullopt);
  void unreachable(Place subnet);
  void to_interface(Place to, const Eni* dst, std::optional<EniId> dst_id);

  // walk_routes.cpp
  void route_from_home(const Eni* dst, std::optional<EniId> dst_id);
  void note_route(RouteTableId table, SubnetId subnet, const std::optional<RouteMatch>& match,
                  net::Action action);
  void via_nat_gateway(NatGatewayId nat_id);
  void via_internet_gateway();
  void via_gateway(GatewayId gateway_id);
  void via_gateway_endpoint(GatewayEndpointId endpoint_id);

  void add(net::Hop hop) { verdict_.hops.push_back(std::move(hop)); }
  // A hop attached to nothing, with no direction.
  void add(net::Leg leg, net::Component component, std::string name, net::Action action,
           std::string detail) {
    add(net::Hop(leg, component, std::move(name), "", std::nullopt, action, std::move(detail)));
  }

  // Records a failure; `make_fix` runs only when tracing.
  template <typename MakeFix>
  void fail(net::Disposition disposition, net::Reason reason, net::ComponentRef blocker,
            net::Leg leg, MakeFix&& make_fix) {
    verdict_.disposition = disposition;
    verdict_.reason = reason;
    verdict_.blocker = blocker;
    verdict_.leg = leg;
    if (trace_) verdict_.fix = make_fix();
  }
  // A failure no configuration change cures.
  void fail(net::Disposition disposition, net::Reason reason, net::ComponentRef blocker) {
    fail(disposition, reason, blocker, net::Leg::kRequest,
         [] { return std::optional<net::Fix>(); });
  }

  const Vpc& vpc_;
  const net::Flow& flow_;
  const EniId source_id_;
  const Eni& source_;
  const Subnet& home_;
  const bool trace_;
  net::Verdict verdict_;
};

}  // namespace ekssim::vpc::detail
