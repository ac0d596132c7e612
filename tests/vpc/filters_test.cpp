// Security groups and network ACLs on their own: defaults, duplicates, rule order.

#include <catch2/catch.hpp>
#include <stdexcept>

#include "models/vpc/network_acl.h"
#include "models/vpc/security_group.h"
#include "seed_network.h"

using namespace ekssim;
using namespace ekssim::vpc;
using namespace ekssim::vpc::testing;
using net::Direction;

TEST_CASE("A new security group has no inbound rules and allows all outbound traffic") {
  const SecurityGroup group = SecurityGroup::with_aws_defaults("fresh");
  CHECK(group.rules(Direction::kInbound).empty());
  REQUIRE(group.rules(Direction::kOutbound).size() == 1);
  const SgRule& rule = group.rules(Direction::kOutbound)[0];
  CHECK(rule.traffic == net::TrafficSelector::all_traffic());
  CHECK(rule.peer == SgPeer::cidr_block(cidr("0.0.0.0/0")));
}

TEST_CASE("Adding a rule twice is refused, whatever its description, and removal finds it") {
  SecurityGroup group("g");
  const SgRule dns{net::TrafficSelector::udp(net::PortRange::single(53)),
                   SgPeer::cidr_block(cidr("10.0.0.0/16")), "DNS"};
  CHECK(group.add_rule(Direction::kInbound, dns));
  SgRule same = dns;
  same.description = "other words";
  CHECK_FALSE(group.add_rule(Direction::kInbound, same));
  CHECK(group.rules(Direction::kInbound).size() == 1);
  CHECK_FALSE(group.remove_rule(Direction::kOutbound, dns));
  CHECK(group.remove_rule(Direction::kInbound, same));
  CHECK(group.rules(Direction::kInbound).empty());
}

TEST_CASE("Network ACL entries are evaluated in ascending rule number — the first match wins") {
  NetworkAcl acl("strict");
  const auto ssh = net::TrafficSelector::tcp(net::PortRange::single(22));
  acl.add_entry(Direction::kInbound, {200, ssh, cidr("0.0.0.0/0"), NaclAction::kAllow});
  acl.add_entry(Direction::kInbound, {100, ssh, cidr("10.0.0.0/16"), NaclAction::kDeny});
  acl.add_entry(Direction::kInbound, {150, net::TrafficSelector::all_traffic(), cidr("10.0.0.0/16"),
                                      NaclAction::kAllow});
  REQUIRE(acl.entries(Direction::kInbound).size() == 3);
  CHECK(acl.entries(Direction::kInbound)[0].rule_number == 100);
  CHECK(acl.entries(Direction::kInbound)[2].rule_number == 200);

  const NaclDecision from_vpc =
      acl.evaluate(Direction::kInbound, net::Flow::tcp(ip("10.0.5.5"), 40000, ip("10.0.16.5"), 22));
  CHECK_FALSE(from_vpc.allowed);
  CHECK(from_vpc.rule_number == 100);
  CHECK(from_vpc.position == 0);
  const NaclDecision from_outside = acl.evaluate(
      Direction::kInbound, net::Flow::tcp(ip("198.51.100.7"), 40000, ip("10.0.16.5"), 22));
  CHECK(from_outside.allowed);
  CHECK(from_outside.rule_number == 200);
  const NaclDecision dns_from_vpc =
      acl.evaluate(Direction::kInbound, net::Flow::udp(ip("10.0.5.5"), 40000, ip("10.0.16.5"), 53));
  CHECK(dns_from_vpc.allowed);
  CHECK(dns_from_vpc.rule_number == 150);
}

TEST_CASE("A packet no entry matches falls to the implicit deny rule *") {
  NetworkAcl acl("strict");
  acl.add_entry(Direction::kInbound, {100, net::TrafficSelector::tcp(net::PortRange::single(443)),
                                      cidr("10.0.0.0/16"), NaclAction::kAllow});
  const NaclDecision decision =
      acl.evaluate(Direction::kInbound, net::Flow::udp(ip("10.0.5.5"), 40000, ip("10.0.16.5"), 53));
  CHECK_FALSE(decision.allowed);
  CHECK(decision.rule_number == kNaclDefaultRuleNumber);
  CHECK(decision.rule_number == 32767);
  CHECK(decision.position == -1);
}

TEST_CASE("A new custom network ACL denies everything — the VPC's default one allows everything") {
  const net::Flow flow = net::Flow::tcp(ip("10.0.5.5"), 40000, ip("10.0.16.5"), 443);
  const NetworkAcl custom("custom");
  CHECK_FALSE(custom.evaluate(Direction::kInbound, flow).allowed);
  CHECK_FALSE(custom.evaluate(Direction::kOutbound, flow).allowed);
  const NetworkAcl all = NetworkAcl::allow_all("default");
  CHECK(all.evaluate(Direction::kInbound, flow).allowed);
  CHECK(all.evaluate(Direction::kOutbound, flow).rule_number == 100);
}

TEST_CASE("An inbound entry matches the source address, an outbound entry the destination") {
  NetworkAcl acl("edge");
  acl.add_entry(Direction::kInbound, {100, net::TrafficSelector::all_traffic(), cidr("10.0.0.0/20"),
                                      NaclAction::kAllow});
  acl.add_entry(Direction::kOutbound, {100, net::TrafficSelector::all_traffic(),
                                       cidr("10.0.0.0/20"), NaclAction::kAllow});
  const net::Flow in = net::Flow::tcp(ip("10.0.1.1"), 40000, ip("10.0.16.5"), 443);
  CHECK(acl.evaluate(Direction::kInbound, in).allowed);
  CHECK_FALSE(acl.evaluate(Direction::kOutbound, in).allowed);
  CHECK(acl.evaluate(Direction::kOutbound, in.reply()).allowed);
}

TEST_CASE("Network ACL rule numbers must be 1-32766 and unique in their direction") {
  NetworkAcl acl("strict");
  const NaclEntry entry{100, net::TrafficSelector::all_traffic(), cidr("0.0.0.0/0"),
                        NaclAction::kAllow};
  acl.add_entry(Direction::kInbound, entry);
  acl.add_entry(Direction::kOutbound, entry);
  CHECK_THROWS_WITH(acl.add_entry(Direction::kInbound, entry),
                    "network ACL strict already has an inbound rule 100");
  NaclEntry star = entry;
  star.rule_number = 32767;
  CHECK_THROWS_WITH(acl.add_entry(Direction::kInbound, star),
                    "network ACL strict: rule number 32767 is outside 1-32766");
  CHECK(acl.remove_entry(Direction::kInbound, 100));
  CHECK_FALSE(acl.remove_entry(Direction::kInbound, 100));
  CHECK(entry.to_string(Direction::kOutbound) == "rule 100: allow all traffic to 0.0.0.0/0");
}
