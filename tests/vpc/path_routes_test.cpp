// evaluate(): the VPC-provided services, routes and what lies beyond them (NAT gateway, internet
// gateway, endpoints, transit gateway and peering).

#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "models/vpc/path.h"
#include "seed_network.h"

using namespace ekssim;
using namespace ekssim::vpc;
using namespace ekssim::vpc::testing;
using net::Direction;
using net::Disposition;
using net::Reason;

namespace {
constexpr EvaluateOptions kTrace{.want_trace = true};
const net::Flow kToInternet = net::Flow::tcp(ip("10.0.1.21"), 40000, ip("203.0.113.10"), 443);

// Locks the new node in: a group with no rules and a subnet ACL that denies everything.
void lock_down_new_node(SeedNetwork& seed) {
  seed.vpc.set_security_groups(seed.new_node,
                               {seed.vpc.add_security_group(SecurityGroup("no-rules"))});
  seed.vpc.associate_network_acl(seed.private_1a, seed.vpc.add_network_acl(NetworkAcl("deny")));
}
}  // namespace

TEST_CASE("The VPC resolver, IMDS and Time Sync answer whatever the groups and ACLs say") {
  SeedNetwork seed;
  lock_down_new_node(seed);
  for (const char* resolver : {"10.0.0.2", "169.254.169.253"}) {
    const net::Verdict verdict = evaluate(
        seed.vpc, net::Flow::udp(ip("10.0.1.21"), 40000, ip(resolver), 53), seed.new_node, kTrace);
    CHECK(verdict.disposition == Disposition::kAccepted);
    REQUIRE(verdict.hops.size() == 1);
    CHECK(verdict.hops[0].to_string() ==
          fmt::format("Amazon-provided DNS {}: arrived: answered by the VPC itself; security "
                      "groups and network ACLs do not filter it",
                      resolver));
  }
  CHECK(evaluate(seed.vpc, net::Flow::tcp(ip("10.0.1.20"), 40000, kInstanceMetadata, 80),
                 seed.new_node)
            .disposition == Disposition::kAccepted);
  CHECK(evaluate(seed.vpc, net::Flow::udp(ip("10.0.1.20"), 40000, kTimeSync, 123), seed.new_node)
            .disposition == Disposition::kAccepted);
  // An ordinary neighbour in the same VPC is refused by the same lock-down.
  CHECK(
      evaluate(seed.vpc, net::Flow::udp(ip("10.0.1.21"), 40000, ip("10.0.0.3"), 53), seed.new_node)
          .disposition == Disposition::kDeniedOut);
}

TEST_CASE("With enableDnsSupport off nothing answers at the VPC resolver") {
  SeedNetwork seed;
  seed.vpc.set_dns_support(false);
  const net::Verdict verdict = evaluate(
      seed.vpc, net::Flow::udp(ip("10.0.1.21"), 40000, ip("10.0.0.2"), 53), seed.new_node, kTrace);
  CHECK(verdict.disposition == Disposition::kNeighborUnreachable);
  CHECK(verdict.reason == Reason::kVpcDnsSupportDisabled);
  CHECK(verdict.fix->text == "set enableDnsSupport: true on VPC main");
}

TEST_CASE("A pod reaches the internet through the NAT gateway, which needs the internet gateway") {
  SeedNetwork seed;
  const net::Verdict verdict = evaluate(seed.vpc, kToInternet, seed.new_node, kTrace);
  CHECK(verdict.disposition == Disposition::kExitsNetwork);
  CHECK(verdict.passed());
  CHECK(verdict.explain() ==
        "1. security group nodes-new (eni ng-new-1/eth0, outbound): permitted: rule 1: all "
        "traffic to 0.0.0.0/0\n"
        "2. route table private (subnet private-1a): forwarded: 0.0.0.0/0 -> nat gateway "
        "nat-1a\n"
        "3. network ACL default (subnet private-1a, outbound): permitted: rule 100: allow all "
        "traffic to 0.0.0.0/0\n"
        "4. network ACL default (subnet public-1a, inbound): permitted: rule 100: allow all "
        "traffic from 0.0.0.0/0\n"
        "5. NAT gateway nat-1a (subnet public-1a): forwarded: translates the source to the NAT "
        "gateway's Elastic IP 203.0.113.1\n"
        "6. route table public (subnet public-1a): forwarded: 0.0.0.0/0 -> internet gateway\n"
        "7. network ACL default (subnet public-1a, outbound): permitted: rule 100: allow all "
        "traffic to 0.0.0.0/0\n"
        "8. internet gateway: forwarded: exits to the internet\n"
        "9. reply: security group: permitted: security groups are stateful: the reply to an "
        "allowed request passes whatever their rules say\n"
        "10. reply: network ACL default (subnet public-1a, inbound): permitted: rule 100: allow "
        "all traffic from 0.0.0.0/0\n"
        "11. reply: network ACL default (subnet public-1a, outbound): permitted: rule 100: allow "
        "all traffic to 0.0.0.0/0\n"
        "12. reply: network ACL default (subnet private-1a, inbound): permitted: rule 100: allow "
        "all traffic from 0.0.0.0/0\n"
        "=> exits-network\n");
  // What the far end sees, traced or not (the API server's publicAccessCidrs judge it).
  CHECK(verdict.internet_source == SeedNetwork::kNatPublicIp);
  CHECK(evaluate(seed.vpc, kToInternet, seed.new_node).internet_source ==
        SeedNetwork::kNatPublicIp);
}

TEST_CASE("The NAT gateway's subnet ACL judges the reply from the internet too") {
  SeedNetwork seed;
  NetworkAcl edge("public-edge");
  edge.add_entry(Direction::kInbound, {100, net::TrafficSelector::all_traffic(),
                                       cidr("10.0.0.0/16"), NaclAction::kAllow});
  edge.add_entry(Direction::kOutbound,
                 {100, net::TrafficSelector::all_traffic(), cidr("0.0.0.0/0"), NaclAction::kAllow});
  seed.vpc.associate_network_acl(seed.public_1a, seed.vpc.add_network_acl(std::move(edge)));
  const net::Verdict verdict = evaluate(seed.vpc, kToInternet, seed.new_node, kTrace);
  CHECK(verdict.disposition == Disposition::kDeniedIn);
  CHECK(verdict.leg == net::Leg::kReply);
  CHECK(verdict.fix->text ==
        "add to network ACL public-edge an inbound rule 200: allow tcp 1024-65535 from "
        "203.0.113.10/32 (the reply goes to the client's ephemeral port 40000; network ACLs are "
        "stateless)");
}

TEST_CASE("A NAT gateway whose subnet has no route to the internet gateway goes nowhere") {
  SeedNetwork seed;
  seed.vpc.remove_route(seed.public_table, net::Cidr::everything());
  const net::Verdict verdict = evaluate(seed.vpc, kToInternet, seed.new_node, kTrace);
  CHECK(verdict.disposition == Disposition::kNoRoute);
  CHECK(verdict.reason == Reason::kNoRouteToDestination);
  CHECK(verdict.blocker ==
        net::ComponentRef{net::Component::kRouteTable, seed.public_table.index()});
  CHECK(verdict.fix->text == "add to route table public a route: 0.0.0.0/0 -> internet gateway");
  CHECK(verdict.hops.back().to_string() ==
        "NAT gateway nat-1a (subnet public-1a): dropped: a public NAT gateway sends traffic on to "
        "the internet gateway, and its subnet's route table has no such route for this "
        "destination");

  seed.vpc.set_internet_gateway(false);
  seed.vpc.add_route(seed.public_table,
                     Route{net::Cidr::everything(), {}, RouteTarget::internet_gateway()});
  const net::Verdict detached = evaluate(seed.vpc, kToInternet, seed.new_node, kTrace);
  CHECK(detached.disposition == Disposition::kNullRouted);
  CHECK(detached.fix->text ==
        "attach an internet gateway to VPC main (route table public sends 0.0.0.0/0 to it)");
}

TEST_CASE("Without a default route a private subnet has no route — the fix picks a NAT gateway") {
  SeedNetwork seed;
  seed.vpc.remove_route(seed.private_table, net::Cidr::everything());
  const SubnetId public_1b =
      seed.vpc.add_subnet({"public-1b", "us-east-1b", cidr("10.0.129.0/24"), seed.public_table,
                           seed.vpc.default_network_acl()});
  seed.vpc.add_nat_gateway({"nat-1b", public_1b, true, net::Ipv4::from_octets(203, 0, 113, 2)});
  const net::Verdict from_1a = evaluate(seed.vpc, kToInternet, seed.new_node, kTrace);
  CHECK(from_1a.disposition == Disposition::kNoRoute);
  CHECK(from_1a.hops.back().to_string() ==
        "route table private (subnet private-1a): dropped: no route for 203.0.113.10");
  CHECK(from_1a.fix->text == "add to route table private a route: 0.0.0.0/0 -> nat gateway nat-1a");
  const net::Verdict from_1b =
      evaluate(seed.vpc, net::Flow::tcp(ip("10.0.16.11"), 40000, ip("203.0.113.10"), 443),
               seed.old_node, kTrace);
  CHECK(from_1b.fix->text == "add to route table private a route: 0.0.0.0/0 -> nat gateway nat-1b");
}

TEST_CASE("A route to a deleted NAT gateway is a blackhole") {
  SeedNetwork seed;
  seed.vpc.set_nat_gateway_available(seed.nat, false);
  const net::Verdict verdict = evaluate(seed.vpc, kToInternet, seed.new_node, kTrace);
  CHECK(verdict.disposition == Disposition::kNullRouted);
  CHECK(verdict.reason == Reason::kBadStateRoute);
  CHECK(verdict.hops.back().detail ==
        "0.0.0.0/0 -> nat gateway nat-1a: a blackhole, its target is gone");
  CHECK(verdict.fix->text ==
        "replace route 0.0.0.0/0 -> nat gateway nat-1a in route table private: its target is "
        "gone, so the route is a blackhole");
}

TEST_CASE("The internet gateway lets out only a primary address paired with a public IP") {
  SeedNetwork seed;
  const EniId bastion = seed.vpc.add_eni(Eni{"bastion/eth0",
                                             seed.public_1a,
                                             ip("10.0.128.10"),
                                             {ip("10.0.128.11")},
                                             {},
                                             {seed.nodes_new},
                                             ip("54.0.0.10"),
                                             EniRole::kInstance,
                                             ""});
  const net::Verdict primary = evaluate(
      seed.vpc, net::Flow::tcp(ip("10.0.128.10"), 40000, ip("203.0.113.10"), 443), bastion, kTrace);
  CHECK(primary.disposition == Disposition::kExitsNetwork);
  CHECK(primary.hops[3].to_string() ==
        "internet gateway: forwarded: exits to the internet as "
        "54.0.0.10");
  CHECK(primary.internet_source == ip("54.0.0.10"));
  const net::Verdict secondary = evaluate(
      seed.vpc, net::Flow::tcp(ip("10.0.128.11"), 40000, ip("203.0.113.10"), 443), bastion, kTrace);
  CHECK(secondary.disposition == Disposition::kDeniedOut);
  CHECK(secondary.reason == Reason::kIgwPublicIpAssociationForEgress);
  CHECK_FALSE(secondary.internet_source);
  CHECK(secondary.hops.back().detail ==
        "10.0.128.11 (secondary IP of eni bastion/eth0) has no public IP, and the internet "
        "gateway only translates private addresses that are paired with one");
  CHECK(secondary.fix->text ==
        "associate an Elastic IP with 10.0.128.11 on eni bastion/eth0, or send its internet "
        "traffic through a NAT gateway");
}

TEST_CASE("More specific routes win: a transit gateway route beats the NAT default route") {
  SeedNetwork seed;
  const GatewayId tgw = seed.vpc.add_gateway({"tgw-onprem", Gateway::Kind::kTransitGateway, true});
  seed.vpc.add_route(seed.private_table,
                     Route{cidr("192.168.0.0/16"), {}, RouteTarget::transit_gateway(tgw)});
  seed.vpc.add_remote_network({"on-prem", tgw, {cidr("192.168.10.0/24")}, {}});
  const net::Verdict delivered =
      evaluate(seed.vpc, net::Flow::udp(ip("10.0.1.21"), 40000, ip("192.168.10.5"), 53),
               seed.new_node, kTrace);
  CHECK(delivered.disposition == Disposition::kDelivered);
  CHECK(delivered.hops[1].detail == "192.168.0.0/16 -> transit gateway tgw-onprem");
  CHECK(delivered.hops[1].route_destination == cidr("192.168.0.0/16"));
  CHECK(delivered.hops[1].route_target == "transit gateway tgw-onprem");

  const net::Verdict nowhere =
      evaluate(seed.vpc, net::Flow::udp(ip("10.0.1.21"), 40000, ip("192.168.99.5"), 53),
               seed.new_node, kTrace);
  CHECK(nowhere.disposition == Disposition::kNoRoute);
  CHECK(nowhere.reason == Reason::kNoRouteToDestination);
  CHECK(nowhere.fix->text ==
        "add to transit gateway tgw-onprem a route for 192.168.99.5 to the network that holds it");

  seed.vpc.set_gateway_available(tgw, false);
  const net::Verdict detached = evaluate(
      seed.vpc, net::Flow::udp(ip("10.0.1.21"), 40000, ip("192.168.10.5"), 53), seed.new_node);
  CHECK(detached.disposition == Disposition::kNullRouted);
  CHECK(detached.reason == Reason::kBadStateRoute);
}

TEST_CASE("A remote network's own firewall can refuse a flow, and says what would let it in") {
  SeedNetwork seed;
  const GatewayId tgw = seed.vpc.add_gateway({"tgw-onprem", Gateway::Kind::kTransitGateway, true});
  seed.vpc.add_route(seed.private_table,
                     Route{cidr("192.168.0.0/16"), {}, RouteTarget::transit_gateway(tgw)});
  const RemoteNetworkId onprem = seed.vpc.add_remote_network(
      {"on-prem", tgw, {cidr("192.168.0.0/16")}, [](const net::Flow& flow) {
         if (cidr("10.0.0.0/20").contains(flow.src)) return std::optional<RemoteRefusal>();
         return std::optional<RemoteRefusal>(
             RemoteRefusal{"the DNS server's firewall admits only 10.0.0.0/20",
                           "allow udp 53 from 10.0.16.0/20 on the on-prem DNS firewall"});
       }});
  const net::Flow query = net::Flow::udp(ip("10.0.16.11"), 40000, ip("192.168.10.5"), 53);
  const net::Verdict refused = evaluate(seed.vpc, query, seed.old_node, kTrace);
  CHECK(refused.disposition == Disposition::kDeniedIn);
  CHECK(refused.reason == Reason::kRemoteNetworkRestriction);
  CHECK(refused.blocker == net::ComponentRef{net::Component::kRemoteNetwork, onprem.index()});
  CHECK(refused.fix->text == "allow udp 53 from 10.0.16.0/20 on the on-prem DNS firewall");
  CHECK(refused.hops.back().to_string() ==
        "remote network on-prem: denied: the DNS server's firewall admits only 10.0.0.0/20");
  CHECK(evaluate(seed.vpc, net::Flow::udp(ip("10.0.1.21"), 40000, ip("192.168.10.5"), 53),
                 seed.new_node)
            .disposition == Disposition::kDelivered);
}

TEST_CASE("A peering connection carries only traffic for the peer VPC's CIDRs") {
  SeedNetwork seed;
  const GatewayId pcx =
      seed.vpc.add_gateway({"pcx-shared", Gateway::Kind::kPeeringConnection, true});
  seed.vpc.add_route(seed.private_table,
                     Route{cidr("172.16.0.0/12"), {}, RouteTarget::peering_connection(pcx)});
  seed.vpc.add_remote_network({"shared-vpc", pcx, {cidr("172.31.0.0/16")}, {}});
  const net::Verdict verdict =
      evaluate(seed.vpc, net::Flow::tcp(ip("10.0.1.21"), 40000, ip("172.20.0.5"), 443),
               seed.new_node, kTrace);
  CHECK(verdict.disposition == Disposition::kNoRoute);
  CHECK(verdict.reason == Reason::kPcxRequiresAddressInVpcCidr);
  CHECK(verdict.fix->text ==
        "route 172.20.0.5 elsewhere: peering connection pcx-shared reaches only the peer VPC's "
        "CIDRs (172.31.0.0/16)");
}

TEST_CASE("An interface endpoint's own security group decides who reaches it") {
  SeedNetwork seed;
  const SecurityGroupId endpoints =
      seed.vpc.add_security_group(SecurityGroup::with_aws_defaults("endpoints"));
  seed.vpc.add_rule(
      endpoints, Direction::kInbound,
      allow_from_group(net::TrafficSelector::tcp(net::PortRange::single(443)), seed.nodes_old));
  seed.vpc.add_eni(Eni{"vpce-ec2/private-1b",
                       seed.private_1b,
                       ip("10.0.30.5"),
                       {},
                       {},
                       {endpoints},
                       std::nullopt,
                       EniRole::kInterfaceEndpoint,
                       "ec2"});
  const net::Verdict from_old =
      evaluate(seed.vpc, net::Flow::tcp(ip("10.0.16.10"), 40000, ip("10.0.30.5"), 443),
               seed.old_node, kTrace);
  CHECK(from_old.disposition == Disposition::kAccepted);
  CHECK(from_old.hops[3].to_string() ==
        "interface endpoint ec2 (eni vpce-ec2/private-1b): arrived: 10.0.30.5 is the primary IP "
        "of this interface");
  const net::Verdict from_new =
      evaluate(seed.vpc, net::Flow::tcp(ip("10.0.1.20"), 40000, ip("10.0.30.5"), 443),
               seed.new_node, kTrace);
  CHECK(from_new.disposition == Disposition::kDeniedIn);
  CHECK(from_new.fix->text ==
        "add to endpoints an inbound rule: tcp 443 from security group nodes-new");
}

TEST_CASE("A gateway endpoint's prefix-list route takes Amazon S3 traffic away from the NAT") {
  SeedNetwork seed;
  const PrefixListId s3 = seed.vpc.add_prefix_list({"pl-63a5400a", {cidr("52.216.0.0/15")}, 0});
  seed.vpc.add_gateway_endpoint({"s3", s3}, {seed.private_table});
  const net::Verdict verdict =
      evaluate(seed.vpc, net::Flow::tcp(ip("10.0.1.21"), 40000, ip("52.217.10.1"), 443),
               seed.new_node, kTrace);
  CHECK(verdict.disposition == Disposition::kExitsNetwork);
  CHECK(verdict.hops[1].detail == "prefix list pl-63a5400a (52.216.0.0/15) -> gateway endpoint s3");
  CHECK(verdict.hops[3].to_string() == "gateway endpoint s3: forwarded: exits to the service");
}
