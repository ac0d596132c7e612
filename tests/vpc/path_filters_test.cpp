// evaluate(): what security groups and network ACLs do to a flow between two ENIs.

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
const auto kDns = net::TrafficSelector::udp(net::PortRange::single(53));
const net::Flow kQuery = net::Flow::udp(ip("10.0.1.21"), 40000, ip("10.0.16.11"), 53);

// A custom ACL on private-1b that lets DNS in from the VPC and, unless `ephemeral_out` is
// false, lets everything out.
NetworkAclId strict_acl(SeedNetwork& seed, bool everything_out) {
  NetworkAcl acl("strict");
  acl.add_entry(Direction::kInbound, {100, kDns, cidr("10.0.0.0/16"), NaclAction::kAllow});
  acl.add_entry(Direction::kInbound, {110, net::TrafficSelector::tcp(net::kEphemeralPorts),
                                      cidr("0.0.0.0/0"), NaclAction::kAllow});
  if (everything_out) {
    acl.add_entry(Direction::kOutbound, {100, net::TrafficSelector::all_traffic(),
                                         cidr("0.0.0.0/0"), NaclAction::kAllow});
  } else {
    acl.add_entry(Direction::kOutbound,
                  {100, net::TrafficSelector::tcp(net::PortRange::single(443)), cidr("0.0.0.0/0"),
                   NaclAction::kAllow});
  }
  const NetworkAclId id = seed.vpc.add_network_acl(std::move(acl));
  seed.vpc.associate_network_acl(seed.private_1b, id);
  return id;
}
}  // namespace

TEST_CASE("Security groups are stateful: a reply passes though no rule allows it") {
  SeedNetwork seed;
  // nodes-old has no outbound rules at all and nodes-new no inbound rule for 10.0.16.11.
  seed.vpc.remove_rule(seed.nodes_old, Direction::kOutbound,
                       allow_cidr(net::TrafficSelector::all_traffic(), "0.0.0.0/0"));
  seed.vpc.add_rule(seed.nodes_old, Direction::kInbound, allow_from_group(kDns, seed.nodes_new));
  REQUIRE(seed.vpc.security_group(seed.nodes_old).rules(Direction::kOutbound).empty());
  const net::Verdict verdict = evaluate(seed.vpc, kQuery, seed.new_node);
  CHECK(verdict.disposition == Disposition::kAccepted);
  // The reverse direction, as a request of its own, is refused by the same groups.
  const net::Verdict reverse = evaluate(seed.vpc, kQuery.reply(), seed.old_node, kTrace);
  CHECK(reverse.disposition == Disposition::kDeniedOut);
  CHECK(reverse.fix->text ==
        "add to nodes-old an outbound rule: udp 40000 to security group nodes-new");
}

TEST_CASE("A security-group rule matches a pod's /28 prefix address on an ENI of that group") {
  SeedNetwork seed;
  seed.vpc.assign_prefix(seed.new_node, cidr("10.0.3.16/28"));
  seed.vpc.add_rule(seed.nodes_old, Direction::kInbound, allow_from_group(kDns, seed.nodes_new));
  const net::Flow from_prefix_pod = net::Flow::udp(ip("10.0.3.21"), 40000, ip("10.0.16.11"), 53);
  const net::Verdict verdict = evaluate(seed.vpc, from_prefix_pod, seed.new_node, kTrace);
  CHECK(verdict.disposition == Disposition::kAccepted);
  REQUIRE(verdict.hops.size() == 9);
  CHECK(verdict.hops[4].detail == "rule 3: udp 53 from security group nodes-new");

  // A pod in a prefix of another old node is a destination the self-reference covers too.
  const EniId other_old = seed.vpc.add_eni(Eni{"ng-old-2/eth0",
                                               seed.private_1b,
                                               ip("10.0.20.5"),
                                               {},
                                               {cidr("10.0.17.0/28")},
                                               {seed.nodes_old},
                                               std::nullopt,
                                               EniRole::kInstance,
                                               ""});
  const net::Verdict to_prefix =
      evaluate(seed.vpc, net::Flow::tcp(ip("10.0.16.11"), 40000, ip("10.0.17.5"), 8080),
               seed.old_node, kTrace);
  CHECK(to_prefix.disposition == Disposition::kAccepted);
  REQUIRE(to_prefix.hops.size() == 5);
  CHECK(to_prefix.hops[2].detail == "rule 1: all traffic from security group nodes-old");
  CHECK(to_prefix.hops[3].to_string() ==
        "network interface ng-old-2/eth0: arrived: 10.0.17.5 is the address of prefix "
        "10.0.17.0/28 of this interface");
  CHECK(seed.vpc.owner_of(ip("10.0.17.5")) == other_old);
}

TEST_CASE("A group without outbound rules denies-out — the fix names the destination's group") {
  SeedNetwork seed;
  const SecurityGroupId bare = seed.vpc.add_security_group(SecurityGroup("locked"));
  seed.vpc.set_security_groups(seed.new_node, {bare});
  const net::Verdict to_pod = evaluate(seed.vpc, kQuery, seed.new_node, kTrace);
  CHECK(to_pod.disposition == Disposition::kDeniedOut);
  CHECK(to_pod.reason == Reason::kEniSgRulesMismatch);
  CHECK(to_pod.fix->text == "add to locked an outbound rule: udp 53 to security group nodes-old");
  const net::Verdict to_internet =
      evaluate(seed.vpc, net::Flow::tcp(ip("10.0.1.21"), 40000, ip("203.0.113.10"), 443),
               seed.new_node, kTrace);
  CHECK(to_internet.fix->text == "add to locked an outbound rule: tcp 443 to 203.0.113.10/32");
  REQUIRE(to_internet.hops.size() == 1);
  CHECK(to_internet.hops[0].to_string() ==
        "security group locked (eni ng-new-1/eth0, outbound): denied: no rule matches tcp 443 to "
        "203.0.113.10");
}

TEST_CASE("Any of an ENI's groups may allow a flow — the hop names the one that did") {
  SeedNetwork seed;
  const SecurityGroupId dns = seed.vpc.add_security_group(SecurityGroup("dns-from-anywhere"));
  seed.vpc.add_rule(dns, Direction::kInbound, allow_cidr(kDns, "10.0.0.0/8"));
  seed.vpc.set_security_groups(seed.old_node, {seed.nodes_old, dns});
  const net::Verdict verdict = evaluate(seed.vpc, kQuery, seed.new_node, kTrace);
  CHECK(verdict.disposition == Disposition::kAccepted);
  REQUIRE(verdict.hops.size() == 9);
  CHECK(verdict.hops[4].to_string() ==
        "security group dns-from-anywhere (eni ng-old-1/eth0, inbound): permitted: rule 1: udp 53 "
        "from 10.0.0.0/8");
}

TEST_CASE("A network ACL refuses a request by its implicit deny — the fix numbers the new rule") {
  SeedNetwork seed;
  seed.vpc.add_rule(seed.nodes_old, Direction::kInbound, allow_from_group(kDns, seed.nodes_new));
  strict_acl(seed, true);
  const net::Flow tcp_dns = net::Flow::tcp(ip("10.0.1.21"), 40000, ip("10.0.16.11"), 53);
  const net::Verdict verdict = evaluate(seed.vpc, tcp_dns, seed.new_node, kTrace);
  CHECK(verdict.disposition == Disposition::kDeniedIn);
  CHECK(verdict.reason == Reason::kSubnetAclRestriction);
  CHECK(verdict.leg == net::Leg::kRequest);
  CHECK(verdict.hops.back().to_string() ==
        "network ACL strict (subnet private-1b, inbound): denied: rule *: deny all traffic");
  CHECK(verdict.hops.back().rule == 32767);
  CHECK(verdict.fix->text ==
        "add to network ACL strict an inbound rule 200: allow tcp 53 from 10.0.0.0/20");
}

TEST_CASE("A network ACL deny entry wins over a later allow — the fix goes just below it") {
  SeedNetwork seed;
  seed.vpc.add_rule(seed.nodes_old, Direction::kInbound, allow_from_group(kDns, seed.nodes_new));
  const NetworkAclId acl = strict_acl(seed, true);
  seed.vpc.add_nacl_entry(acl, Direction::kInbound,
                          {90, kDns, cidr("10.0.0.0/20"), NaclAction::kDeny});
  seed.vpc.add_nacl_entry(acl, Direction::kInbound,
                          {89, kDns, cidr("10.0.0.0/24"), NaclAction::kDeny});
  const net::Verdict verdict = evaluate(seed.vpc, kQuery, seed.new_node, kTrace);
  CHECK(verdict.disposition == Disposition::kDeniedIn);
  CHECK(verdict.hops.back().detail == "rule 90: deny udp 53 from 10.0.0.0/20");
  CHECK(verdict.fix->text ==
        "add to network ACL strict an inbound rule 88: allow udp 53 from 10.0.0.0/20");
}

TEST_CASE("Network ACLs are stateless: a reply without an ephemeral-port rule is denied") {
  SeedNetwork seed;
  seed.vpc.add_rule(seed.nodes_old, Direction::kInbound, allow_from_group(kDns, seed.nodes_new));
  const NetworkAclId acl = strict_acl(seed, false);
  const net::Verdict verdict = evaluate(seed.vpc, kQuery, seed.new_node, kTrace);
  CHECK(verdict.disposition == Disposition::kDeniedOut);
  CHECK(verdict.leg == net::Leg::kReply);
  CHECK(verdict.reason == Reason::kSubnetAclRestriction);
  CHECK(verdict.blocker == net::ComponentRef{net::Component::kNetworkAcl, acl.index()});
  CHECK(verdict.hops.back().to_string() ==
        "reply: network ACL strict (subnet private-1b, outbound): denied: rule *: deny all "
        "traffic; network ACLs are stateless, so the reply udp 10.0.16.11:53 -> "
        "10.0.1.21:40000 needs a rule of its own");
  CHECK(verdict.fix->text ==
        "add to network ACL strict an outbound rule 200: allow udp 1024-65535 to 10.0.0.0/20 "
        "(the reply goes to the client's ephemeral port 40000; network ACLs are stateless)");
  CHECK(verdict.explain().find("=> denied-out (SUBNET_ACL_RESTRICTION) on the reply\n") !=
        std::string::npos);

  seed.vpc.add_nacl_entry(acl, Direction::kOutbound,
                          {200, net::TrafficSelector::udp(net::kEphemeralPorts),
                           cidr("10.0.0.0/20"), NaclAction::kAllow});
  CHECK(evaluate(seed.vpc, kQuery, seed.new_node).disposition == Disposition::kAccepted);
}

TEST_CASE("Traffic between two ENIs of one subnet meets no network ACL and no route table") {
  SeedNetwork seed;
  const NetworkAclId deny_all = seed.vpc.add_network_acl(NetworkAcl("deny-all"));
  seed.vpc.associate_network_acl(seed.private_1b, deny_all);
  seed.vpc.remove_route(seed.private_table, net::Cidr::everything());
  const EniId neighbour = seed.vpc.add_eni(Eni{"ng-old-2/eth0",
                                               seed.private_1b,
                                               ip("10.0.20.5"),
                                               {ip("10.0.20.6")},
                                               {},
                                               {seed.nodes_old},
                                               std::nullopt,
                                               EniRole::kInstance,
                                               ""});
  const net::Verdict verdict = evaluate(
      seed.vpc, net::Flow::udp(ip("10.0.20.6"), 40000, ip("10.0.16.11"), 53), neighbour, kTrace);
  CHECK(verdict.disposition == Disposition::kAccepted);
  CHECK(verdict.explain() ==
        "1. security group nodes-old (eni ng-old-2/eth0, outbound): permitted: rule 1: all "
        "traffic to 0.0.0.0/0\n"
        "2. subnet private-1b: forwarded: 10.0.16.11 is in the same subnet: delivered directly, "
        "without route table or network ACL\n"
        "3. security group nodes-old (eni ng-old-1/eth0, inbound): permitted: rule 1: all "
        "traffic from security group nodes-old\n"
        "4. network interface ng-old-1/eth0: arrived: 10.0.16.11 is the secondary IP of this "
        "interface\n"
        "5. reply: security group: permitted: security groups are stateful: the reply to an "
        "allowed request passes whatever their rules say\n"
        "=> accepted\n");
  // Across the boundary the same deny-all ACL stops it.
  CHECK(evaluate(seed.vpc, kQuery, seed.new_node).disposition == Disposition::kDeniedIn);
}

TEST_CASE("A source address that is not the sending ENI's is dropped by the source check") {
  SeedNetwork seed;
  const net::Verdict verdict = evaluate(seed.vpc, kQuery, seed.old_node, kTrace);
  CHECK(verdict.disposition == Disposition::kDeniedOut);
  CHECK(verdict.reason == Reason::kEniSourceDestCheckRestriction);
  REQUIRE(verdict.hops.size() == 1);
  CHECK(verdict.hops[0].detail ==
        "the source 10.0.1.21 is not an address of this interface (it belongs to eni "
        "ng-new-1/eth0), so the source/destination check drops it");
  CHECK_FALSE(verdict.fix);
}

TEST_CASE("An address nobody holds is unreachable once the filters let the packet through") {
  SeedNetwork seed;
  seed.vpc.unassign_private_ip(seed.old_node, ip("10.0.16.11"));
  const net::Verdict verdict = evaluate(seed.vpc, kQuery, seed.new_node, kTrace);
  CHECK(verdict.disposition == Disposition::kNeighborUnreachable);
  CHECK(verdict.reason == Reason::kNoPossibleDestination);
  CHECK(verdict.hops.back().to_string() ==
        "subnet private-1b: dropped: no network interface holds 10.0.16.11");
}
