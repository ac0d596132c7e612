#include "models/cluster/vpc_builder.h"

#include <array>

namespace ekssim::cluster {

namespace {

// Representative public ranges for the S3 gateway endpoint's AWS-managed prefix list; the real
// list is per region (com.amazonaws.<region>.s3) and only its role as a route target matters here.
const std::vector<net::Cidr>& s3_prefix_cidrs() {
  static const std::vector<net::Cidr> kCidrs = {*net::Cidr::parse("52.216.0.0/15"),
                                                *net::Cidr::parse("3.5.0.0/19")};
  return kCidrs;
}

vpc::GatewayId gateway_for(const std::string& name, vpc::Gateway::Kind kind, VpcNames& names,
                           vpc::Vpc& vpc) {
  if (auto it = names.gateways.find(name); it != names.gateways.end()) return it->second;
  const vpc::GatewayId id = vpc.add_gateway(vpc::Gateway{name, kind, true});
  names.gateways.emplace(name, id);
  return id;
}

// A NAT gateway's Elastic IP when the scenario names none: the n-th from RFC 5737's three
// documentation blocks (762 addresses), which no real destination uses. Past 762 NAT gateways
// without publicIp (EC2's default quota is 5 per zone) addresses repeat; models/README.md.
net::Ipv4 default_nat_public_ip(size_t index) {
  static const std::array<net::Ipv4, 3> kBlocks = {net::Ipv4::from_octets(192, 0, 2, 0),
                                                   net::Ipv4::from_octets(198, 51, 100, 0),
                                                   net::Ipv4::from_octets(203, 0, 113, 0)};
  constexpr size_t kPerBlock = 254;  // .1 to .254
  const size_t n = index % (kPerBlock * kBlocks.size());
  return kBlocks[n / kPerBlock] + static_cast<uint32_t>(n % kPerBlock + 1);
}

vpc::NaclEntry to_nacl_entry(const spec::NetworkAclEntry& e) {
  return vpc::NaclEntry{
      e.rule, e.traffic, e.cidr,
      e.action == spec::RuleAction::kAllow ? vpc::NaclAction::kAllow : vpc::NaclAction::kDeny};
}

}  // namespace

std::string cluster_security_group_name(const std::string& cluster) {
  return "eks-cluster-sg-" + cluster;
}

vpc::SgRule to_sg_rule(const spec::SecurityGroupRule& rule, const VpcNames& names) {
  vpc::SgPeer peer;
  switch (rule.peer.kind) {
    case spec::RulePeer::Kind::kCidr:
      peer = vpc::SgPeer::cidr_block(rule.peer.cidr);
      break;
    case spec::RulePeer::Kind::kSecurityGroup:
      peer = vpc::SgPeer::security_group(names.security_groups.at(rule.peer.name.name));
      break;
    case spec::RulePeer::Kind::kPrefixList:
      peer = vpc::SgPeer::prefix_list_of(names.prefix_lists.at(rule.peer.name.name));
      break;
  }
  return vpc::SgRule{rule.traffic, peer, rule.description};
}

namespace {

void add_security_groups(const spec::Cluster& cluster, VpcNames& names, vpc::Vpc& vpc) {
  // Groups first, rules second: a rule may name any group, itself included.
  for (const spec::SecurityGroup& group : cluster.security_groups) {
    names.security_groups.emplace(group.name,
                                  vpc.add_security_group(vpc::SecurityGroup(group.name)));
  }
  // The EKS cluster security group: all inbound from itself, all outbound (AWS EKS
  // "sec-group-reqs"); on the control plane's ENIs and on managed node groups.
  names.cluster_security_group_name = cluster_security_group_name(cluster.name);
  names.cluster_security_group = vpc.add_security_group(
      vpc::SecurityGroup::with_aws_defaults(names.cluster_security_group_name));
  names.security_groups.emplace(names.cluster_security_group_name, names.cluster_security_group);
  vpc.add_rule(names.cluster_security_group, net::Direction::kInbound,
               vpc::SgRule{net::TrafficSelector::all_traffic(),
                           vpc::SgPeer::security_group(names.cluster_security_group),
                           "EKS cluster security group: all traffic from itself"});
  for (const spec::SecurityGroup& group : cluster.security_groups) {
    const vpc::SecurityGroupId id = names.security_groups.at(group.name);
    for (const auto& rule : group.ingress)
      vpc.add_rule(id, net::Direction::kInbound, to_sg_rule(rule, names));
    for (const auto& rule : group.egress)
      vpc.add_rule(id, net::Direction::kOutbound, to_sg_rule(rule, names));
  }
}

void add_network_acls(const spec::Vpc& v, VpcNames& names, vpc::Vpc& vpc) {
  for (const spec::NetworkAcl& acl : v.network_acls) {
    vpc::NetworkAcl table(acl.name);
    for (const auto& e : acl.inbound)
      table.add_entry(net::Direction::kInbound, to_nacl_entry(e));
    for (const auto& e : acl.outbound)
      table.add_entry(net::Direction::kOutbound, to_nacl_entry(e));
    names.network_acls.emplace(acl.name, vpc.add_network_acl(std::move(table)));
  }
}

// Subnets with their (still empty) route tables and ACLs; then the NAT gateways in them.
void add_subnets_and_nat_gateways(const spec::Vpc& v, VpcNames& names, vpc::Vpc& vpc) {
  for (const spec::RouteTable& table : v.route_tables)
    names.route_tables.emplace(table.name, vpc.add_route_table(table.name));
  for (const spec::Subnet& s : v.subnets) {
    vpc::Subnet subnet{
        s.name, s.az, s.cidr,
        s.route_table ? names.route_tables.at(s.route_table->name) : vpc.main_route_table(),
        s.network_acl ? names.network_acls.at(s.network_acl->name) : vpc.default_network_acl()};
    names.subnets.emplace(s.name, vpc.add_subnet(std::move(subnet)));
  }
  for (const spec::NatGateway& nat : v.nat_gateways) {
    const net::Ipv4 public_ip =
        nat.public_ip.value_or(default_nat_public_ip(names.nat_gateways.size()));
    names.nat_gateways.emplace(
        nat.name, vpc.add_nat_gateway(vpc::NatGateway{nat.name, names.subnets.at(nat.subnet.name),
                                                      true, public_ip}));
  }
}

vpc::RouteTarget route_target(const spec::Route& route, VpcNames& names, vpc::Vpc& vpc) {
  switch (route.target) {
    case spec::Route::Target::kNatGateway:
      return vpc::RouteTarget::nat_gateway(names.nat_gateways.at(route.target_name.name));
    case spec::Route::Target::kInternetGateway:
      return vpc::RouteTarget::internet_gateway();
    case spec::Route::Target::kTransitGateway:
      return vpc::RouteTarget::transit_gateway(
          gateway_for(route.target_name.name, vpc::Gateway::Kind::kTransitGateway, names, vpc));
    case spec::Route::Target::kVpcPeering:
      return vpc::RouteTarget::peering_connection(
          gateway_for(route.target_name.name, vpc::Gateway::Kind::kPeeringConnection, names, vpc));
    case spec::Route::Target::kBlackhole:
      break;
  }
  return vpc::RouteTarget::blackhole();
}

// Remote networks (which create their gateways), then every table's routes.
void add_routes(const spec::Vpc& v, VpcNames& names, vpc::Vpc& vpc) {
  for (const spec::RemoteNetwork& remote : v.remote_networks) {
    const auto kind = remote.via == spec::RemoteNetwork::Via::kTransitGateway
                          ? vpc::Gateway::Kind::kTransitGateway
                          : vpc::Gateway::Kind::kPeeringConnection;
    vpc.add_remote_network(vpc::RemoteNetwork{
        remote.name, gateway_for(remote.via_name, kind, names, vpc), {remote.cidr}, {}});
  }
  for (const spec::RouteTable& table : v.route_tables) {
    const vpc::RouteTableId id = names.route_tables.at(table.name);
    for (const spec::Route& route : table.routes)
      vpc.add_route(id,
                    vpc::Route{route.destination, std::nullopt, route_target(route, names, vpc)});
  }
}

void add_gateway_endpoints(const spec::Cluster& cluster, const VpcNames& names, vpc::Vpc& vpc) {
  for (const spec::VpcEndpoint& endpoint : cluster.vpc.endpoints) {
    if (endpoint.type != spec::VpcEndpoint::Type::kGateway) continue;
    const std::string list_name = "com.amazonaws." + cluster.region + "." + endpoint.service;
    const vpc::PrefixListId list =
        vpc.add_prefix_list(vpc::PrefixList{list_name, s3_prefix_cidrs(), 0});
    std::vector<vpc::RouteTableId> tables;
    for (const spec::Ref& t : endpoint.route_tables)
      tables.push_back(names.route_tables.at(t.name));
    vpc.add_gateway_endpoint(vpc::GatewayEndpoint{endpoint.service, list}, tables);
  }
}

}  // namespace

VpcNames build_vpc(const spec::Cluster& cluster, vpc::Vpc& vpc) {
  VpcNames names;
  const spec::Vpc& v = cluster.vpc;
  for (const net::Cidr& cidr : v.secondary_cidrs)
    vpc.add_cidr(cidr);
  vpc.set_dns_support(v.enable_dns_support);
  vpc.set_internet_gateway(v.internet_gateway);
  for (const spec::PrefixList& list : cluster.prefix_lists) {
    names.prefix_lists.emplace(list.name,
                               vpc.add_prefix_list(vpc::PrefixList{list.name, list.cidrs, 0}));
  }
  add_security_groups(cluster, names, vpc);
  add_network_acls(v, names, vpc);
  add_subnets_and_nat_gateways(v, names, vpc);
  add_routes(v, names, vpc);
  add_gateway_endpoints(cluster, names, vpc);
  return names;
}

}  // namespace ekssim::cluster
