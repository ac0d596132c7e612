#pragma once
// The network of scenario-v1.md's seed example, as the cluster builder would make it: VPC
// 10.0.0.0/16 with two private subnets behind NAT gateway nat-1a and one public subnet behind
// the internet gateway; node groups ng-old (nodes-old: all traffic from itself, tcp 443 from the
// VPC) and ng-new (nodes-new: all traffic from itself). One node of each:
//   ng-old-1/eth0 in private-1b, 10.0.16.10, with the CoreDNS pod at secondary 10.0.16.11;
//   ng-new-1/eth0 in private-1a, 10.0.1.20, with a client pod at secondary 10.0.1.21.

#include "models/net/ipv4.h"
#include "models/vpc/vpc.h"

namespace ekssim::vpc::testing {

inline net::Ipv4 ip(const char* text) {
  return *net::Ipv4::parse(text);
}
inline net::Cidr cidr(const char* text) {
  return *net::Cidr::parse(text);
}

inline SgRule allow_from_group(net::TrafficSelector traffic, SecurityGroupId group) {
  return SgRule{traffic, SgPeer::security_group(group), ""};
}
inline SgRule allow_cidr(net::TrafficSelector traffic, const char* block) {
  return SgRule{traffic, SgPeer::cidr_block(cidr(block)), ""};
}

struct SeedNetwork {
  static constexpr net::Ipv4 kNatPublicIp = net::Ipv4::from_octets(203, 0, 113, 1);

  Vpc vpc{"main", cidr("10.0.0.0/16")};
  RouteTableId private_table;
  RouteTableId public_table;
  SubnetId private_1a;
  SubnetId private_1b;
  SubnetId public_1a;
  NatGatewayId nat;
  SecurityGroupId nodes_old;
  SecurityGroupId nodes_new;
  EniId old_node;
  EniId new_node;

  SeedNetwork() {
    vpc.set_internet_gateway(true);
    private_table = vpc.add_route_table("private");
    public_table = vpc.add_route_table("public");
    const NetworkAclId acl = vpc.default_network_acl();
    private_1a =
        vpc.add_subnet({"private-1a", "us-east-1a", cidr("10.0.0.0/20"), private_table, acl});
    private_1b =
        vpc.add_subnet({"private-1b", "us-east-1b", cidr("10.0.16.0/20"), private_table, acl});
    public_1a =
        vpc.add_subnet({"public-1a", "us-east-1a", cidr("10.0.128.0/24"), public_table, acl});
    nat = vpc.add_nat_gateway({"nat-1a", public_1a, true, kNatPublicIp});
    vpc.add_route(private_table, Route{net::Cidr::everything(), {}, RouteTarget::nat_gateway(nat)});
    vpc.add_route(public_table,
                  Route{net::Cidr::everything(), {}, RouteTarget::internet_gateway()});

    nodes_old = vpc.add_security_group(SecurityGroup::with_aws_defaults("nodes-old"));
    vpc.add_rule(nodes_old, net::Direction::kInbound,
                 allow_from_group(net::TrafficSelector::all_traffic(), nodes_old));
    vpc.add_rule(nodes_old, net::Direction::kInbound,
                 allow_cidr(net::TrafficSelector::tcp(net::PortRange::single(443)), "10.0.0.0/16"));
    nodes_new = vpc.add_security_group(SecurityGroup::with_aws_defaults("nodes-new"));
    vpc.add_rule(nodes_new, net::Direction::kInbound,
                 allow_from_group(net::TrafficSelector::all_traffic(), nodes_new));

    old_node = vpc.add_eni(Eni{"ng-old-1/eth0",
                               private_1b,
                               ip("10.0.16.10"),
                               {ip("10.0.16.11")},
                               {},
                               {nodes_old},
                               std::nullopt,
                               EniRole::kInstance,
                               ""});
    new_node = vpc.add_eni(Eni{"ng-new-1/eth0",
                               private_1a,
                               ip("10.0.1.20"),
                               {ip("10.0.1.21")},
                               {},
                               {nodes_new},
                               std::nullopt,
                               EniRole::kInstance,
                               ""});
  }
};

}  // namespace ekssim::vpc::testing
