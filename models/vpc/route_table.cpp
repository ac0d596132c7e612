#include "models/vpc/route_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "sim/invariant.h"

namespace ekssim::vpc {

RouteTable::RouteTable(std::string name) : name_(std::move(name)) {}

void RouteTable::add_route(Route route) {
  const bool duplicate = std::any_of(routes_.begin(), routes_.end(), [&](const Route& existing) {
    if (existing.prefix_list || route.prefix_list) return existing.prefix_list == route.prefix_list;
    return existing.destination == route.destination;
  });
  if (duplicate) {
    throw sim::ComponentFailure(
        "vpc/route-table " + name_,
        fmt::format("route table {} already has a route for {}", name_,
                    route.prefix_list ? fmt::format("prefix list #{}", route.prefix_list->index())
                                      : route.destination.to_string()));
  }
  routes_.push_back(route);
}

bool RouteTable::remove_route(net::Cidr destination) {
  const auto it = std::find_if(routes_.begin(), routes_.end(), [&](const Route& existing) {
    return !existing.prefix_list && existing.destination == destination;
  });
  if (it == routes_.end()) return false;
  routes_.erase(it);
  return true;
}

std::optional<RouteMatch> RouteTable::lookup(net::Ipv4 address,
                                             const std::vector<PrefixList>& prefix_lists) const {
  std::optional<RouteMatch> best;
  for (const Route& route : routes_) {
    net::Cidr matched = route.destination;
    if (route.prefix_list) {
      const net::Cidr* entry = prefix_lists[route.prefix_list->index()].longest_match(address);
      if (!entry) continue;
      matched = *entry;
    } else if (!route.destination.contains(address)) {
      continue;
    }
    const bool better = !best || matched.prefix_length() > best->matched.prefix_length() ||
                        (matched.prefix_length() == best->matched.prefix_length() &&
                         best->route->prefix_list && !route.prefix_list);
    if (better) best = RouteMatch{&route, matched};
  }
  return best;
}

}  // namespace ekssim::vpc
