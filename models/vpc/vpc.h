#pragma once
// The VPC: every table the data plane consults (security groups, network ACLs, route tables,
// prefix lists, subnets, ENIs, gateways, remote networks) and the indexes that make a query cheap.
//
// The cluster builder fills it from the scenario; during a run the EC2 and CNI models change it
// (ENIs attach, addresses are assigned, rules are added) through the mutation methods, which
// keep the indexes in step in O(1) or O(size of the changed object), never by a rebuild.
// evaluate() (path.h) reads it.
//
// Like AWS's CreateVpc, the constructor makes a default network ACL that allows everything and a
// main route table with only the local routes; subnets are associated with them unless the
// builder says otherwise.
//
// Contract violations (an unknown id, an address outside its subnet or held twice, a duplicate
// route) throw std::invalid_argument: the loader validates user input before anything reaches
// here, so they are bugs in the caller.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/net/hop.h"
#include "models/net/ipv4.h"
#include "models/vpc/address_index.h"
#include "models/vpc/eni.h"
#include "models/vpc/gateway.h"
#include "models/vpc/ids.h"
#include "models/vpc/network_acl.h"
#include "models/vpc/prefix_list.h"
#include "models/vpc/route_table.h"
#include "models/vpc/security_group.h"
#include "models/vpc/subnet.h"

namespace ekssim::vpc {

// Link-local services the hypervisor answers; security groups and network ACLs never filter them
// (AWS "Security group rules", "Network ACLs": Amazon DNS, IMDS, Time Sync, DHCP are exempt).
inline constexpr net::Ipv4 kAmazonDnsLinkLocal = net::Ipv4::from_octets(169, 254, 169, 253);
inline constexpr net::Ipv4 kInstanceMetadata = net::Ipv4::from_octets(169, 254, 169, 254);
inline constexpr net::Ipv4 kTimeSync = net::Ipv4::from_octets(169, 254, 169, 123);

enum class AmazonService : uint8_t { kNone, kDns, kInstanceMetadata, kTimeSync };

class Vpc {
 public:
  Vpc(std::string name, net::Cidr primary_cidr);

  const std::string& name() const { return name_; }
  const std::vector<net::Cidr>& cidrs() const { return cidrs_; }
  // Adds a secondary CIDR (EKS custom networking often puts pods in 100.64.0.0/16) and its local
  // route in every route table.
  void add_cidr(net::Cidr cidr);
  bool contains(net::Ipv4 address) const;

  // The Route 53 Resolver's in-VPC address: the primary CIDR's base + 2 (AWS "Amazon DNS server").
  net::Ipv4 dns_server() const { return cidrs_.front().base() + 2; }
  bool dns_support() const { return dns_support_; }
  void set_dns_support(bool enabled) {
    dns_support_ = enabled;
    ++config_version_;
  }
  // Which exempt service, if any, answers at `address`.
  AmazonService amazon_service_at(net::Ipv4 address) const;

  bool has_internet_gateway() const { return internet_gateway_; }
  void set_internet_gateway(bool attached) {
    internet_gateway_ = attached;
    ++config_version_;
  }

  NetworkAclId default_network_acl() const { return NetworkAclId(0); }
  RouteTableId main_route_table() const { return RouteTableId(0); }

  // --- Building (and changing during a run). Each returns the new object's id. ---
  SecurityGroupId add_security_group(SecurityGroup group);
  NetworkAclId add_network_acl(NetworkAcl acl);
  RouteTableId add_route_table(std::string name);  // with the local routes already in
  PrefixListId add_prefix_list(PrefixList list);
  // The subnet must lie inside a VPC CIDR and overlap no other subnet.
  SubnetId add_subnet(Subnet subnet);
  NatGatewayId add_nat_gateway(NatGateway nat);
  GatewayId add_gateway(Gateway gateway);
  RemoteNetworkId add_remote_network(RemoteNetwork network);
  // Adds the endpoint and a route to its prefix list in each of `route_tables`.
  GatewayEndpointId add_gateway_endpoint(GatewayEndpoint endpoint,
                                         const std::vector<RouteTableId>& route_tables);
  // Indexes every address of the ENI. Addresses must lie in its subnet and be free.
  EniId add_eni(Eni eni);

  // --- Changes during a run ---
  // An add/removeSecurityGroupRule event (AuthorizeSecurityGroupIngress/Egress, Revoke…):
  // whether the rules changed (a duplicate is not added twice; an absent rule is not removed).
  struct RuleChange {
    SecurityGroupId group;
    net::Direction direction;
    SgRule rule;
    bool add = true;
  };
  bool apply(const RuleChange& change) {
    return change.add ? add_rule(change.group, change.direction, change.rule)
                      : remove_rule(change.group, change.direction, change.rule);
  }
  bool add_rule(SecurityGroupId group, net::Direction direction, SgRule rule);
  bool remove_rule(SecurityGroupId group, net::Direction direction, const SgRule& rule);
  void add_nacl_entry(NetworkAclId acl, net::Direction direction, NaclEntry entry);
  bool remove_nacl_entry(NetworkAclId acl, net::Direction direction, int rule_number);
  void add_route(RouteTableId table, Route route);
  bool remove_route(RouteTableId table, net::Cidr destination);
  void associate_route_table(SubnetId subnet, RouteTableId table);
  void associate_network_acl(SubnetId subnet, NetworkAclId acl);
  void set_nat_gateway_available(NatGatewayId nat, bool available);
  void set_gateway_available(GatewayId gateway, bool available);

  void assign_private_ip(EniId eni, net::Ipv4 address);
  void unassign_private_ip(EniId eni, net::Ipv4 address);
  void assign_prefix(EniId eni, net::Cidr prefix);
  void unassign_prefix(EniId eni, net::Cidr prefix);
  void set_security_groups(EniId eni, std::vector<SecurityGroupId> groups);
  void set_public_ip(EniId eni, std::optional<net::Ipv4> public_ip);
  // Releases every address of the ENI; its slot stays, marked deleted.
  void delete_eni(EniId eni);

  // --- Reading ---
  // Moves with every change a path's verdict may depend on: the VPC's CIDRs, gateways, security
  // groups and their rules, network ACLs, routes and their associations, and an ENI's groups or
  // public address. Not with ENIs coming and going or addresses being assigned: a verdict is for
  // given endpoints, and whoever caches one keys it on those too. Verdict caches key on this
  // (cluster::PodNetwork::config_version); a new mutator of such a setting must bump it.
  uint64_t config_version() const { return config_version_; }
  const SecurityGroup& security_group(SecurityGroupId id) const;
  const NetworkAcl& network_acl(NetworkAclId id) const;
  const RouteTable& route_table(RouteTableId id) const;
  const PrefixList& prefix_list(PrefixListId id) const;
  const std::vector<PrefixList>& prefix_lists() const { return prefix_lists_; }
  const Subnet& subnet(SubnetId id) const;
  const NatGateway& nat_gateway(NatGatewayId id) const;
  const Gateway& gateway(GatewayId id) const;
  const RemoteNetwork& remote_network(RemoteNetworkId id) const;
  const GatewayEndpoint& gateway_endpoint(GatewayEndpointId id) const;
  const Eni& eni(EniId id) const;
  bool eni_exists(EniId id) const;

  size_t security_group_count() const { return security_groups_.size(); }
  size_t network_acl_count() const { return network_acls_.size(); }
  size_t subnet_count() const { return subnets_.size(); }
  size_t nat_gateway_count() const { return nat_gateways_.size(); }
  size_t remote_network_count() const { return remote_networks_.size(); }
  size_t eni_count() const { return enis_.size(); }  // deleted ones included

  std::optional<SecurityGroupId> find_security_group(std::string_view name) const;
  std::optional<NetworkAclId> find_network_acl(std::string_view name) const;
  std::optional<RouteTableId> find_route_table(std::string_view name) const;
  std::optional<SubnetId> find_subnet(std::string_view name) const;

  // Sizes the address index for a run's expected peak, so it does not grow during the run.
  void reserve_addresses(size_t addresses, size_t prefixes) {
    addresses_.reserve(addresses, prefixes);
  }

  // --- Hot-path queries: no allocation ---
  // The ENI holding `address` as a private (primary, secondary or prefix) address.
  std::optional<EniId> owner_of(net::Ipv4 address) const { return addresses_.owner(address); }
  // Does `address` belong to an ENI that carries `group`? The test behind a security-group rule
  // peer: private addresses only, never public ones.
  bool in_group(net::Ipv4 address, SecurityGroupId group) const;
  // Does a rule's peer cover `address`? `owner` is the ENI holding it, or null.
  bool peer_covers(const SgPeer& peer, net::Ipv4 address, const Eni* owner) const;
  std::optional<SubnetId> subnet_containing(net::Ipv4 address) const;
  std::optional<RouteMatch> route(RouteTableId table, net::Ipv4 destination) const;
  // False for a blackhole target and for a target that is gone (deleted NAT gateway, no internet
  // gateway attached, unavailable transit gateway or peering connection).
  bool target_available(const RouteTarget& target) const;

 private:
  Eni& mutable_eni(EniId id);
  // Throws unless every address of `block` lies in the ENI's subnet and is free.
  void check_assignable(const Eni& eni, net::Cidr block) const;

  std::string name_;
  uint64_t config_version_ = 0;
  std::vector<net::Cidr> cidrs_;
  bool dns_support_ = true;
  bool internet_gateway_ = false;

  std::vector<SecurityGroup> security_groups_;
  std::vector<NetworkAcl> network_acls_;
  std::vector<RouteTable> route_tables_;
  std::vector<PrefixList> prefix_lists_;
  std::vector<Subnet> subnets_;
  std::vector<NatGateway> nat_gateways_;
  std::vector<Gateway> gateways_;
  std::vector<RemoteNetwork> remote_networks_;
  std::vector<GatewayEndpoint> gateway_endpoints_;
  std::vector<Eni> enis_;
  std::vector<bool> eni_deleted_;

  std::map<std::string, SecurityGroupId, std::less<>> security_group_names_;
  std::map<std::string, NetworkAclId, std::less<>> network_acl_names_;
  std::map<std::string, RouteTableId, std::less<>> route_table_names_;
  std::map<std::string, SubnetId, std::less<>> subnet_names_;
  // Subnets in ascending base address, for subnet_containing()'s binary search.
  std::vector<SubnetId> subnets_by_base_;
  AddressIndex addresses_;
};

}  // namespace ekssim::vpc
