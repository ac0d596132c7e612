#pragma once
// Typed indexes into the Vpc's tables. An id is the position of the object in its table; tables
// never shrink (a deleted ENI keeps its slot), so an id stays valid for the whole run and a test
// or a report can compare ids instead of names.

#include <compare>
#include <cstdint>

namespace ekssim::vpc {

template <typename Tag>
class Id {
 public:
  constexpr Id() = default;
  constexpr explicit Id(uint32_t index) : index_(index) {}
  constexpr uint32_t index() const { return index_; }
  constexpr auto operator<=>(const Id&) const = default;

 private:
  uint32_t index_ = 0;
};

using SecurityGroupId = Id<struct SecurityGroupTag>;
using NetworkAclId = Id<struct NetworkAclTag>;
using RouteTableId = Id<struct RouteTableTag>;
using PrefixListId = Id<struct PrefixListTag>;
using SubnetId = Id<struct SubnetTag>;
using EniId = Id<struct EniTag>;
using NatGatewayId = Id<struct NatGatewayTag>;
using GatewayId = Id<struct GatewayTag>;  // a transit gateway or a peering connection
using RemoteNetworkId = Id<struct RemoteNetworkTag>;
using GatewayEndpointId = Id<struct GatewayEndpointTag>;

}  // namespace ekssim::vpc
