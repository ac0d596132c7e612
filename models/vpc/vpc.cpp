#include "models/vpc/vpc.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "sim/invariant.h"

namespace ekssim::vpc {

namespace {

template <typename T, typename IdT>
const T& checked(const std::vector<T>& table, IdT id, std::string_view what) {
  if (id.index() >= table.size()) {
    throw sim::ComponentFailure("vpc", fmt::format("no {} #{}", what, id.index()));
  }
  return table[id.index()];
}

template <typename IdT>
void remember_name(std::map<std::string, IdT, std::less<>>& names, const std::string& name, IdT id,
                   std::string_view what) {
  if (!names.emplace(name, id).second) {
    throw sim::ComponentFailure("vpc", fmt::format("a {} named {} already exists", what, name));
  }
}

template <typename IdT>
std::optional<IdT> find_name(const std::map<std::string, IdT, std::less<>>& names,
                             std::string_view name) {
  const auto it = names.find(name);
  if (it == names.end()) return std::nullopt;
  return it->second;
}

}  // namespace

Vpc::Vpc(std::string name, net::Cidr primary_cidr) : name_(std::move(name)), cidrs_{primary_cidr} {
  add_network_acl(NetworkAcl::allow_all("default"));
  add_route_table("main");
}

void Vpc::add_cidr(net::Cidr cidr) {
  ++config_version_;
  for (const net::Cidr& existing : cidrs_) {
    if (existing.overlaps(cidr)) {
      throw sim::ComponentFailure(
          "vpc/" + name_, fmt::format("VPC {}: CIDR {} overlaps {}", name_, cidr.to_string(),
                                      existing.to_string()));
    }
  }
  cidrs_.push_back(cidr);
  for (RouteTable& table : route_tables_)
    table.add_route(Route{cidr, {}, RouteTarget::local()});
}

bool Vpc::contains(net::Ipv4 address) const {
  return std::any_of(cidrs_.begin(), cidrs_.end(),
                     [&](const net::Cidr& cidr) { return cidr.contains(address); });
}

AmazonService Vpc::amazon_service_at(net::Ipv4 address) const {
  if (address == dns_server() || address == kAmazonDnsLinkLocal) return AmazonService::kDns;
  if (address == kInstanceMetadata) return AmazonService::kInstanceMetadata;
  if (address == kTimeSync) return AmazonService::kTimeSync;
  return AmazonService::kNone;
}

SecurityGroupId Vpc::add_security_group(SecurityGroup group) {
  ++config_version_;
  const SecurityGroupId id(static_cast<uint32_t>(security_groups_.size()));
  remember_name(security_group_names_, group.name(), id, "security group");
  security_groups_.push_back(std::move(group));
  return id;
}

NetworkAclId Vpc::add_network_acl(NetworkAcl acl) {
  ++config_version_;
  const NetworkAclId id(static_cast<uint32_t>(network_acls_.size()));
  remember_name(network_acl_names_, acl.name(), id, "network ACL");
  network_acls_.push_back(std::move(acl));
  return id;
}

RouteTableId Vpc::add_route_table(std::string name) {
  ++config_version_;
  const RouteTableId id(static_cast<uint32_t>(route_tables_.size()));
  remember_name(route_table_names_, name, id, "route table");
  RouteTable table(std::move(name));
  for (const net::Cidr& cidr : cidrs_)
    table.add_route(Route{cidr, {}, RouteTarget::local()});
  route_tables_.push_back(std::move(table));
  return id;
}

PrefixListId Vpc::add_prefix_list(PrefixList list) {
  ++config_version_;
  prefix_lists_.push_back(std::move(list));
  return PrefixListId(static_cast<uint32_t>(prefix_lists_.size() - 1));
}

SubnetId Vpc::add_subnet(Subnet subnet) {
  ++config_version_;
  if (!std::any_of(cidrs_.begin(), cidrs_.end(),
                   [&](const net::Cidr& cidr) { return cidr.contains(subnet.cidr); })) {
    throw sim::ComponentFailure(
        "vpc/" + name_, fmt::format("subnet {} ({}) is outside the CIDRs of VPC {}", subnet.name,
                                    subnet.cidr.to_string(), name_));
  }
  for (const Subnet& other : subnets_) {
    if (other.cidr.overlaps(subnet.cidr)) {
      throw sim::ComponentFailure(
          "vpc/" + name_, fmt::format("subnet {} ({}) overlaps subnet {} ({})", subnet.name,
                                      subnet.cidr.to_string(), other.name, other.cidr.to_string()));
    }
  }
  checked(route_tables_, subnet.route_table, "route table");
  checked(network_acls_, subnet.network_acl, "network ACL");
  const SubnetId id(static_cast<uint32_t>(subnets_.size()));
  remember_name(subnet_names_, subnet.name, id, "subnet");
  const auto at = std::lower_bound(subnets_by_base_.begin(), subnets_by_base_.end(),
                                   subnet.cidr.base(), [&](SubnetId existing, net::Ipv4 base) {
                                     return subnets_[existing.index()].cidr.base() < base;
                                   });
  subnets_.push_back(std::move(subnet));
  subnets_by_base_.insert(at, id);
  return id;
}

NatGatewayId Vpc::add_nat_gateway(NatGateway nat) {
  ++config_version_;
  checked(subnets_, nat.subnet, "subnet");
  nat_gateways_.push_back(std::move(nat));
  return NatGatewayId(static_cast<uint32_t>(nat_gateways_.size() - 1));
}

GatewayId Vpc::add_gateway(Gateway gateway) {
  ++config_version_;
  gateways_.push_back(std::move(gateway));
  return GatewayId(static_cast<uint32_t>(gateways_.size() - 1));
}

RemoteNetworkId Vpc::add_remote_network(RemoteNetwork network) {
  ++config_version_;
  checked(gateways_, network.via, "gateway");
  remote_networks_.push_back(std::move(network));
  return RemoteNetworkId(static_cast<uint32_t>(remote_networks_.size() - 1));
}

GatewayEndpointId Vpc::add_gateway_endpoint(GatewayEndpoint endpoint,
                                            const std::vector<RouteTableId>& route_tables) {
  ++config_version_;
  checked(prefix_lists_, endpoint.prefix_list, "prefix list");
  const GatewayEndpointId id(static_cast<uint32_t>(gateway_endpoints_.size()));
  for (RouteTableId table : route_tables) {
    add_route(table, Route{{}, endpoint.prefix_list, RouteTarget::gateway_endpoint(id)});
  }
  gateway_endpoints_.push_back(std::move(endpoint));
  return id;
}

void Vpc::check_assignable(const Eni& eni, net::Cidr block) const {
  const Subnet& home = subnet(eni.subnet);
  if (!home.cidr.contains(block)) {
    throw sim::ComponentFailure("vpc/" + name_,
                                fmt::format("ENI {}: {} is outside its subnet {} ({})", eni.name,
                                            block.to_string(), home.name, home.cidr.to_string()));
  }
  for (uint64_t k = 0; k < block.size(); ++k) {
    if (const auto holder = owner_of(block.at(k))) {
      throw sim::ComponentFailure(
          "vpc/" + name_, fmt::format("ENI {}: {} is already held by ENI {}", eni.name,
                                      block.at(k).to_string(), enis_[holder->index()].name));
    }
  }
}

EniId Vpc::add_eni(Eni eni) {
  checked(subnets_, eni.subnet, "subnet");
  for (SecurityGroupId group : eni.security_groups)
    checked(security_groups_, group, "group");
  const EniId id(static_cast<uint32_t>(enis_.size()));
  check_assignable(eni, net::Cidr::of(eni.primary_ip, 32));
  for (net::Ipv4 address : eni.secondary_ips)
    check_assignable(eni, net::Cidr::of(address, 32));
  for (net::Cidr prefix : eni.prefixes)
    check_assignable(eni, prefix);
  addresses_.add_address(eni.primary_ip, id);
  for (net::Ipv4 address : eni.secondary_ips)
    addresses_.add_address(address, id);
  for (net::Cidr prefix : eni.prefixes)
    addresses_.add_prefix(prefix, id);
  enis_.push_back(std::move(eni));
  eni_deleted_.push_back(false);
  return id;
}

bool Vpc::add_rule(SecurityGroupId group, net::Direction direction, SgRule rule) {
  ++config_version_;
  checked(security_groups_, group, "security group");
  return security_groups_[group.index()].add_rule(direction, std::move(rule));
}

bool Vpc::remove_rule(SecurityGroupId group, net::Direction direction, const SgRule& rule) {
  ++config_version_;
  checked(security_groups_, group, "security group");
  return security_groups_[group.index()].remove_rule(direction, rule);
}

void Vpc::add_nacl_entry(NetworkAclId acl, net::Direction direction, NaclEntry entry) {
  ++config_version_;
  checked(network_acls_, acl, "network ACL");
  network_acls_[acl.index()].add_entry(direction, entry);
}

bool Vpc::remove_nacl_entry(NetworkAclId acl, net::Direction direction, int rule_number) {
  ++config_version_;
  checked(network_acls_, acl, "network ACL");
  return network_acls_[acl.index()].remove_entry(direction, rule_number);
}

void Vpc::add_route(RouteTableId table, Route route) {
  ++config_version_;
  checked(route_tables_, table, "route table");
  if (route.prefix_list) checked(prefix_lists_, *route.prefix_list, "prefix list");
  switch (route.target.kind) {
    case RouteTarget::Kind::kLocal:
      if (route.prefix_list ||
          std::find(cidrs_.begin(), cidrs_.end(), route.destination) == cidrs_.end()) {
        throw sim::ComponentFailure(
            "vpc/" + name_,
            fmt::format("route table {}: a local route must be for a CIDR of VPC {}",
                        route_tables_[table.index()].name(), name_));
      }
      break;
    case RouteTarget::Kind::kNatGateway:
      checked(nat_gateways_, NatGatewayId(route.target.index), "NAT gateway");
      break;
    case RouteTarget::Kind::kTransitGateway:
    case RouteTarget::Kind::kPeeringConnection: {
      const Gateway& gateway = checked(gateways_, GatewayId(route.target.index), "gateway");
      const auto expected = route.target.kind == RouteTarget::Kind::kTransitGateway
                                ? Gateway::Kind::kTransitGateway
                                : Gateway::Kind::kPeeringConnection;
      if (gateway.kind != expected) {
        throw sim::ComponentFailure(
            "vpc/" + name_,
            fmt::format("route table {}: gateway {} is not of the route's target kind",
                        route_tables_[table.index()].name(), gateway.name));
      }
      break;
    }
    default:
      break;
  }
  route_tables_[table.index()].add_route(route);
}

bool Vpc::remove_route(RouteTableId table, net::Cidr destination) {
  ++config_version_;
  checked(route_tables_, table, "route table");
  if (std::find(cidrs_.begin(), cidrs_.end(), destination) != cidrs_.end()) {
    throw sim::ComponentFailure(
        "vpc/" + name_, fmt::format("route table {}: the local route for {} cannot be removed",
                                    route_tables_[table.index()].name(), destination.to_string()));
  }
  return route_tables_[table.index()].remove_route(destination);
}

void Vpc::associate_route_table(SubnetId subnet, RouteTableId table) {
  ++config_version_;
  checked(subnets_, subnet, "subnet");
  checked(route_tables_, table, "route table");
  subnets_[subnet.index()].route_table = table;
}

void Vpc::associate_network_acl(SubnetId subnet, NetworkAclId acl) {
  ++config_version_;
  checked(subnets_, subnet, "subnet");
  checked(network_acls_, acl, "network ACL");
  subnets_[subnet.index()].network_acl = acl;
}

void Vpc::set_nat_gateway_available(NatGatewayId nat, bool available) {
  ++config_version_;
  checked(nat_gateways_, nat, "NAT gateway");
  nat_gateways_[nat.index()].available = available;
}

void Vpc::set_gateway_available(GatewayId gateway, bool available) {
  ++config_version_;
  checked(gateways_, gateway, "gateway");
  gateways_[gateway.index()].available = available;
}

Eni& Vpc::mutable_eni(EniId id) {
  checked(enis_, id, "ENI");
  if (eni_deleted_[id.index()]) {
    throw sim::ComponentFailure("vpc/" + name_,
                                fmt::format("ENI {} is deleted", enis_[id.index()].name));
  }
  return enis_[id.index()];
}

void Vpc::assign_private_ip(EniId id, net::Ipv4 address) {
  Eni& target = mutable_eni(id);
  check_assignable(target, net::Cidr::of(address, 32));
  addresses_.add_address(address, id);
  target.secondary_ips.push_back(address);
}

void Vpc::unassign_private_ip(EniId id, net::Ipv4 address) {
  Eni& target = mutable_eni(id);
  const auto it = std::find(target.secondary_ips.begin(), target.secondary_ips.end(), address);
  if (it == target.secondary_ips.end()) {
    throw sim::ComponentFailure("vpc/" + name_, fmt::format("ENI {} has no secondary IP {}",
                                                            target.name, address.to_string()));
  }
  target.secondary_ips.erase(it);
  addresses_.remove_address(address);
}

void Vpc::assign_prefix(EniId id, net::Cidr prefix) {
  Eni& target = mutable_eni(id);
  check_assignable(target, prefix);
  addresses_.add_prefix(prefix, id);
  target.prefixes.push_back(prefix);
}

void Vpc::unassign_prefix(EniId id, net::Cidr prefix) {
  Eni& target = mutable_eni(id);
  const auto it = std::find(target.prefixes.begin(), target.prefixes.end(), prefix);
  if (it == target.prefixes.end()) {
    throw sim::ComponentFailure(
        "vpc/" + name_, fmt::format("ENI {} has no prefix {}", target.name, prefix.to_string()));
  }
  target.prefixes.erase(it);
  addresses_.remove_prefix(prefix);
}

void Vpc::set_security_groups(EniId id, std::vector<SecurityGroupId> groups) {
  ++config_version_;
  Eni& target = mutable_eni(id);
  for (SecurityGroupId group : groups)
    checked(security_groups_, group, "security group");
  target.security_groups = std::move(groups);
}

void Vpc::set_public_ip(EniId id, std::optional<net::Ipv4> public_ip) {
  ++config_version_;
  mutable_eni(id).public_ip = public_ip;
}

void Vpc::delete_eni(EniId id) {
  Eni& target = mutable_eni(id);
  addresses_.remove_address(target.primary_ip);
  for (net::Ipv4 address : target.secondary_ips)
    addresses_.remove_address(address);
  for (net::Cidr prefix : target.prefixes)
    addresses_.remove_prefix(prefix);
  target.secondary_ips.clear();
  target.prefixes.clear();
  eni_deleted_[id.index()] = true;
}

const SecurityGroup& Vpc::security_group(SecurityGroupId id) const {
  return checked(security_groups_, id, "security group");
}
const NetworkAcl& Vpc::network_acl(NetworkAclId id) const {
  return checked(network_acls_, id, "network ACL");
}
const RouteTable& Vpc::route_table(RouteTableId id) const {
  return checked(route_tables_, id, "route table");
}
const PrefixList& Vpc::prefix_list(PrefixListId id) const {
  return checked(prefix_lists_, id, "prefix list");
}
const Subnet& Vpc::subnet(SubnetId id) const {
  return checked(subnets_, id, "subnet");
}
const NatGateway& Vpc::nat_gateway(NatGatewayId id) const {
  return checked(nat_gateways_, id, "NAT gateway");
}
const Gateway& Vpc::gateway(GatewayId id) const {
  return checked(gateways_, id, "gateway");
}
const RemoteNetwork& Vpc::remote_network(RemoteNetworkId id) const {
  return checked(remote_networks_, id, "remote network");
}
const GatewayEndpoint& Vpc::gateway_endpoint(GatewayEndpointId id) const {
  return checked(gateway_endpoints_, id, "gateway endpoint");
}
const Eni& Vpc::eni(EniId id) const {
  return checked(enis_, id, "ENI");
}
bool Vpc::eni_exists(EniId id) const {
  return id.index() < enis_.size() && !eni_deleted_[id.index()];
}

std::optional<SecurityGroupId> Vpc::find_security_group(std::string_view name) const {
  return find_name(security_group_names_, name);
}
std::optional<NetworkAclId> Vpc::find_network_acl(std::string_view name) const {
  return find_name(network_acl_names_, name);
}
std::optional<RouteTableId> Vpc::find_route_table(std::string_view name) const {
  return find_name(route_table_names_, name);
}
std::optional<SubnetId> Vpc::find_subnet(std::string_view name) const {
  return find_name(subnet_names_, name);
}

bool Vpc::in_group(net::Ipv4 address, SecurityGroupId group) const {
  const auto holder = owner_of(address);
  return holder && enis_[holder->index()].carries(group);
}

bool Vpc::peer_covers(const SgPeer& peer, net::Ipv4 address, const Eni* owner) const {
  switch (peer.kind) {
    case SgPeer::Kind::kCidr:
      return peer.cidr.contains(address);
    case SgPeer::Kind::kSecurityGroup:
      return owner != nullptr && owner->carries(peer.group);
    case SgPeer::Kind::kPrefixList:
      return prefix_lists_[peer.prefix_list.index()].contains(address);
  }
  return false;
}

std::optional<SubnetId> Vpc::subnet_containing(net::Ipv4 address) const {
  // The last subnet whose base is <= address is the only candidate: subnets do not overlap.
  const auto after = std::upper_bound(
      subnets_by_base_.begin(), subnets_by_base_.end(), address,
      [&](net::Ipv4 a, SubnetId id) { return a < subnets_[id.index()].cidr.base(); });
  if (after == subnets_by_base_.begin()) return std::nullopt;
  const SubnetId candidate = *(after - 1);
  if (!subnets_[candidate.index()].cidr.contains(address)) return std::nullopt;
  return candidate;
}

std::optional<RouteMatch> Vpc::route(RouteTableId table, net::Ipv4 destination) const {
  return route_tables_[table.index()].lookup(destination, prefix_lists_);
}

bool Vpc::target_available(const RouteTarget& target) const {
  switch (target.kind) {
    case RouteTarget::Kind::kLocal:
    case RouteTarget::Kind::kGatewayEndpoint:
      return true;
    case RouteTarget::Kind::kNatGateway:
      return nat_gateways_[target.index].available;
    case RouteTarget::Kind::kInternetGateway:
      return internet_gateway_;
    case RouteTarget::Kind::kTransitGateway:
    case RouteTarget::Kind::kPeeringConnection:
      return gateways_[target.index].available;
    case RouteTarget::Kind::kBlackhole:
      return false;
  }
  return false;
}

}  // namespace ekssim::vpc
