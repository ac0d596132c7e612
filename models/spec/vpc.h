#pragma once
// The VPC: address space, subnets, gateways, routes, endpoints, network ACLs (scenario
// `cluster.vpc`), plus two extensions: remote networks behind a transit gateway or a peering
// connection, and standalone hosts such as a DNS forwarder instance.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/net/ipv4.h"
#include "models/net/traffic_selector.h"
#include "models/spec/location.h"

namespace ekssim::spec {

struct Subnet {
  std::string name;
  std::string az;  // "us-east-1a"
  net::Cidr cidr;
  std::optional<Ref> route_table;        // none: the VPC's main route table (local routes only)
  std::optional<Ref> network_acl;        // none: the VPC's default network ACL (allows everything)
  bool map_public_ip_on_launch = false;  // instances launched here get a public IPv4 address
  // Addresses already held at t=0 by what the scenario does not model (other workloads'
  // instances and interfaces, load balancers, NAT gateways); EC2 took them as it takes any.
  int64_t addresses_in_use = 0;
  // The subnet's tags; the VPC CNI's subnet discovery reads kubernetes.io/role/cni ("0" excludes
  // the subnet, any other value opts it in).
  std::map<std::string, std::string> tags{};
  Location location;
  Location cidr_location;
};

// One entry of `dhcpOptions.domainNameServers`: "AmazonProvidedDNS" or an address.
struct DomainNameServer {
  bool amazon_provided = false;
  net::Ipv4 address;  // when not amazon_provided
  Location location;
};

struct DhcpOptions {
  std::vector<DomainNameServer> domain_name_servers;  // default: [AmazonProvidedDNS]
  Location location;
};

struct NatGateway {
  std::string name;
  Ref subnet;
  // Its Elastic IP: the source address of everything it sends to the internet. None given: a
  // documentation address (vpc_builder.cpp, default_nat_public_ip).
  std::optional<net::Ipv4> public_ip;
  Location location;
};

struct Route {
  enum class Target { kNatGateway, kInternetGateway, kTransitGateway, kVpcPeering, kBlackhole };
  net::Cidr destination;
  Target target = Target::kBlackhole;
  Ref target_name;  // the NAT gateway, transit gateway or peering connection; empty otherwise
  Location location;
};

struct RouteTable {
  std::string name;
  std::vector<Route> routes;
  Location location;
};

struct VpcEndpoint {
  enum class Type { kInterface, kGateway };
  std::string service;  // "ec2", "s3", "sts", "ecr.api" … (com.amazonaws.<region>.<service>)
  Type type = Type::kInterface;
  std::vector<Ref> subnets;          // Interface
  std::vector<Ref> security_groups;  // Interface
  std::vector<Ref> route_tables;     // Gateway
  bool private_dns = true;           // Interface: privateDnsEnabled
  Location location;
};

enum class RuleAction { kAllow, kDeny };

struct NetworkAclEntry {
  int rule = 100;  // 1-32766, evaluated in ascending order
  net::TrafficSelector traffic;
  net::Cidr cidr;
  RuleAction action = RuleAction::kAllow;
  Location location;
};

struct NetworkAcl {
  std::string name;
  std::vector<NetworkAclEntry> inbound;
  std::vector<NetworkAclEntry> outbound;
  Location location;
};

// Extension: a network outside the VPC (on premises, or a peered VPC) reached through a transit
// gateway or a peering connection that route tables name.
struct RemoteNetwork {
  enum class Via { kTransitGateway, kVpcPeering };
  std::string name;
  net::Cidr cidr;
  Via via = Via::kTransitGateway;
  std::string via_name;
  Location location;
};

// Extension: a standalone network interface in a subnet (an EC2 instance that is not a node, such
// as a DNS forwarder the DHCP options point at).
struct VpcHost {
  std::string name;
  Ref subnet;
  net::Ipv4 ip;
  std::vector<Ref> security_groups;
  bool dns_server = false;  // answers DNS on udp/tcp 53 (forwarding to the VPC resolver)
  Location location;
};

struct Vpc {
  net::Cidr cidr;
  std::vector<net::Cidr> secondary_cidrs;  // extension: associated secondary CIDR blocks
  std::vector<Subnet> subnets;
  bool enable_dns_support = true;  // the Amazon-provided resolver at the VPC base + 2
  DhcpOptions dhcp_options;
  bool internet_gateway = false;
  std::vector<NatGateway> nat_gateways;
  std::vector<RouteTable> route_tables;
  std::vector<VpcEndpoint> endpoints;
  std::vector<NetworkAcl> network_acls;
  std::vector<RemoteNetwork> remote_networks;
  std::vector<VpcHost> hosts;
  Location location;
};

}  // namespace ekssim::spec
