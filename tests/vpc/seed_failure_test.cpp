// The seed failure of scenario-v1.md: pods on the new node group cannot reach CoreDNS on the old
// nodes, because nodes-old only lets in its own members, until nodes-old gets a rule for
// nodes-new (dataplane.md section c, "So for the seed failure").

#include <catch2/catch.hpp>

#include "models/vpc/path.h"
#include "seed_network.h"

using namespace ekssim;
using namespace ekssim::vpc;
using namespace ekssim::vpc::testing;

namespace {
// A pod on ng-new-1 asks the CoreDNS pod on ng-old-1, after kube-proxy's DNAT of 172.20.0.10.
const net::Flow kDnsQuery = net::Flow::udp(ip("10.0.1.21"), 40000, ip("10.0.16.11"), 53);
}  // namespace

TEST_CASE("A pod on ng-new is denied-in at nodes-old when it queries CoreDNS on ng-old") {
  SeedNetwork seed;
  const net::Verdict verdict = evaluate(seed.vpc, kDnsQuery, seed.new_node, {.want_trace = true});
  CHECK(verdict.disposition == net::Disposition::kDeniedIn);
  CHECK(verdict.reason == net::Reason::kEniSgRulesMismatch);
  CHECK(verdict.blocker ==
        net::ComponentRef{net::Component::kNetworkInterface, seed.old_node.index()});
  REQUIRE(verdict.fix);
  CHECK(verdict.fix->text ==
        "add to nodes-old an inbound rule: udp 53 from security group nodes-new");
  CHECK(verdict.fix->name == "nodes-old");
  CHECK(verdict.explain() ==
        "1. security group nodes-new (eni ng-new-1/eth0, outbound): permitted: rule 1: all "
        "traffic to 0.0.0.0/0\n"
        "2. route table private (subnet private-1a): forwarded: 10.0.0.0/16 -> local\n"
        "3. network ACL default (subnet private-1a, outbound): permitted: rule 100: allow all "
        "traffic to 0.0.0.0/0\n"
        "4. network ACL default (subnet private-1b, inbound): permitted: rule 100: allow all "
        "traffic from 0.0.0.0/0\n"
        "5. security group nodes-old (eni ng-old-1/eth0, inbound): denied: no rule matches udp "
        "53 from 10.0.1.21 (secondary IP of eni ng-new-1/eth0, which carries nodes-new)\n"
        "=> denied-in (ENI_SG_RULES_MISMATCH)\n"
        "fix: add to nodes-old an inbound rule: udp 53 from security group nodes-new\n");
}

TEST_CASE("The same query passes once nodes-old lets udp 53 in from nodes-new") {
  SeedNetwork seed;
  REQUIRE(seed.vpc.add_rule(
      seed.nodes_old, net::Direction::kInbound,
      allow_from_group(net::TrafficSelector::udp(net::PortRange::single(53)), seed.nodes_new)));
  const net::Verdict verdict = evaluate(seed.vpc, kDnsQuery, seed.new_node, {.want_trace = true});
  CHECK(verdict.disposition == net::Disposition::kAccepted);
  CHECK(verdict.passed());
  CHECK_FALSE(verdict.blocker);
  CHECK_FALSE(verdict.fix);
  CHECK(verdict.explain() ==
        "1. security group nodes-new (eni ng-new-1/eth0, outbound): permitted: rule 1: all "
        "traffic to 0.0.0.0/0\n"
        "2. route table private (subnet private-1a): forwarded: 10.0.0.0/16 -> local\n"
        "3. network ACL default (subnet private-1a, outbound): permitted: rule 100: allow all "
        "traffic to 0.0.0.0/0\n"
        "4. network ACL default (subnet private-1b, inbound): permitted: rule 100: allow all "
        "traffic from 0.0.0.0/0\n"
        "5. security group nodes-old (eni ng-old-1/eth0, inbound): permitted: rule 3: udp 53 "
        "from security group nodes-new\n"
        "6. network interface ng-old-1/eth0: arrived: 10.0.16.11 is the secondary IP of this "
        "interface\n"
        "7. reply: security group: permitted: security groups are stateful: the reply to an "
        "allowed request passes whatever their rules say\n"
        "8. reply: network ACL default (subnet private-1b, outbound): permitted: rule 100: allow "
        "all traffic to 0.0.0.0/0\n"
        "9. reply: network ACL default (subnet private-1a, inbound): permitted: rule 100: allow "
        "all traffic from 0.0.0.0/0\n"
        "=> accepted\n");
}

TEST_CASE("Without a trace the verdict carries the same outcome and no text") {
  SeedNetwork seed;
  const net::Verdict verdict = evaluate(seed.vpc, kDnsQuery, seed.new_node);
  CHECK(verdict.disposition == net::Disposition::kDeniedIn);
  CHECK(verdict.reason == net::Reason::kEniSgRulesMismatch);
  CHECK(verdict.hops.empty());
  CHECK_FALSE(verdict.fix);
}

TEST_CASE("Pods of ng-old reach CoreDNS through the self-reference, which covers pod addresses") {
  SeedNetwork seed;
  const EniId other_old = seed.vpc.add_eni(Eni{"ng-old-2/eth0",
                                               seed.private_1a,
                                               ip("10.0.2.30"),
                                               {ip("10.0.2.31")},
                                               {},
                                               {seed.nodes_old},
                                               std::nullopt,
                                               EniRole::kInstance,
                                               ""});
  const net::Verdict verdict =
      evaluate(seed.vpc, net::Flow::udp(ip("10.0.2.31"), 40000, ip("10.0.16.11"), 53), other_old,
               {.want_trace = true});
  CHECK(verdict.disposition == net::Disposition::kAccepted);
  REQUIRE(verdict.hops.size() == 9);
  CHECK(verdict.hops[4].to_string() ==
        "security group nodes-old (eni ng-old-1/eth0, inbound): permitted: rule 1: all traffic "
        "from security group nodes-old");
  CHECK(verdict.hops[4].rule == 1);
}
