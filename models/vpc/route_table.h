#pragma once
// Route tables: longest-prefix-match routing for the subnets associated with them.
//
// Semantics (AWS "Configure route tables", "Route priority"):
// - The most specific route that contains the destination wins.
// - A route whose destination is a prefix list (a gateway endpoint's route to Amazon S3) takes
//   part with the matching entry's length; when a CIDR route and a prefix-list route tie, the
//   CIDR route wins. Between two prefix lists that tie, AWS picks one at random and keeps it;
//   here the one added first wins.
// - Every table has a local route for each VPC CIDR (the Vpc adds them).
// - A route whose target is gone (a deleted NAT gateway, a detached internet gateway) is in the
//   "blackhole" state; traffic matching it is dropped. The evaluator checks the target's state.
// Simplifications: no propagated routes, no IPv6, no middlebox (ENI) targets.

#include <optional>
#include <string>
#include <vector>

#include "models/net/ipv4.h"
#include "models/vpc/ids.h"
#include "models/vpc/prefix_list.h"

namespace ekssim::vpc {

struct RouteTarget {
  enum class Kind : uint8_t {
    kLocal,
    kNatGateway,         // index: NatGatewayId
    kInternetGateway,    // the VPC's one internet gateway
    kTransitGateway,     // index: GatewayId
    kPeeringConnection,  // index: GatewayId
    kGatewayEndpoint,    // index: GatewayEndpointId
    kBlackhole,          // a route whose target was deleted
  };
  Kind kind = Kind::kLocal;
  uint32_t index = 0;

  static RouteTarget local() { return {Kind::kLocal, 0}; }
  static RouteTarget nat_gateway(NatGatewayId id) { return {Kind::kNatGateway, id.index()}; }
  static RouteTarget internet_gateway() { return {Kind::kInternetGateway, 0}; }
  static RouteTarget transit_gateway(GatewayId id) { return {Kind::kTransitGateway, id.index()}; }
  static RouteTarget peering_connection(GatewayId id) {
    return {Kind::kPeeringConnection, id.index()};
  }
  static RouteTarget gateway_endpoint(GatewayEndpointId id) {
    return {Kind::kGatewayEndpoint, id.index()};
  }
  static RouteTarget blackhole() { return {Kind::kBlackhole, 0}; }

  bool operator==(const RouteTarget&) const = default;
};

struct Route {
  net::Cidr destination;                    // a CIDR route's destination
  std::optional<PrefixListId> prefix_list;  // set for a prefix-list route (destination unused)
  RouteTarget target;
};

// The route used for one destination and the block that matched it (for a prefix-list route,
// the list's entry).
struct RouteMatch {
  const Route* route = nullptr;
  net::Cidr matched;
};

class RouteTable {
 public:
  explicit RouteTable(std::string name);

  const std::string& name() const { return name_; }
  const std::vector<Route>& routes() const { return routes_; }

  // Throws std::invalid_argument if a route for the same destination (CIDR or prefix list) is
  // already there (AWS: RouteAlreadyExists).
  void add_route(Route route);
  // False if no CIDR route has that destination.
  bool remove_route(net::Cidr destination);

  // Longest prefix match; nullopt when no route contains `address`. `prefix_lists` is the VPC's
  // table, indexed by PrefixListId. O(routes + prefix-list entries), no allocation.
  std::optional<RouteMatch> lookup(net::Ipv4 address,
                                   const std::vector<PrefixList>& prefix_lists) const;

 private:
  std::string name_;
  std::vector<Route> routes_;
};

}  // namespace ekssim::vpc
