// The shared flow vocabulary: protocols, ports, selectors, flows, hops and verdicts.

#include <catch2/catch.hpp>

#include "models/net/flow.h"
#include "models/net/hop.h"
#include "models/net/protocol.h"
#include "models/net/traffic_selector.h"
#include "models/net/verdict.h"

using namespace ekssim::net;

namespace {
Ipv4 ip(const char* text) {
  return *Ipv4::parse(text);
}
}  // namespace

TEST_CASE("Protocols parse as the EC2 API spells them") {
  CHECK(Protocol::parse("all") == Protocol::all());
  CHECK(Protocol::parse("-1") == Protocol::all());
  CHECK(Protocol::parse("TCP") == Protocol::tcp());
  CHECK(Protocol::parse("udp") == Protocol::udp());
  CHECK(Protocol::parse("icmp") == Protocol::icmp());
  CHECK(Protocol::parse("47")->value() == 47);
  CHECK_FALSE(Protocol::parse("256"));
  CHECK_FALSE(Protocol::parse("tcpx"));
  CHECK_FALSE(Protocol::parse(""));
  CHECK(Protocol::number(47).to_string() == "protocol 47");
  CHECK(Protocol::all().to_string() == "all");
}

TEST_CASE("Port ranges parse single ports and from-to ranges, and refuse reversed ones") {
  CHECK(PortRange::parse("53") == PortRange::single(53));
  CHECK(PortRange::parse("1024-65535") == kEphemeralPorts);
  CHECK_FALSE(PortRange::parse("100-50"));
  CHECK_FALSE(PortRange::parse("70000"));
  CHECK_FALSE(PortRange::parse(""));
  CHECK(kEphemeralPorts.to_string() == "1024-65535");
}

TEST_CASE("A selector's port range is matched against the packet's destination port") {
  const TrafficSelector https = TrafficSelector::tcp(PortRange::single(443));
  CHECK(https.covers(Flow::tcp(ip("10.0.0.1"), 40000, ip("10.0.0.2"), 443)));
  CHECK_FALSE(https.covers(Flow::tcp(ip("10.0.0.1"), 443, ip("10.0.0.2"), 40000)));
  CHECK_FALSE(https.covers(Flow::udp(ip("10.0.0.1"), 40000, ip("10.0.0.2"), 443)));
  CHECK(TrafficSelector::all_traffic().covers(Flow::icmp(ip("10.0.0.1"), ip("10.0.0.2"), 8, 0)));
}

TEST_CASE("ICMP selectors match type and code, -1 meaning any") {
  const TrafficSelector echo{Protocol::icmp(), PortRange::all(), IcmpMatch{8, -1}};
  CHECK(echo.covers(Flow::icmp(ip("10.0.0.1"), ip("10.0.0.2"), 8, 0)));
  CHECK_FALSE(echo.covers(Flow::icmp(ip("10.0.0.1"), ip("10.0.0.2"), 0, 0)));
  CHECK(echo.to_string() == "icmp type 8");
  const TrafficSelector gre{Protocol::number(47), PortRange::all(), IcmpMatch{}};
  CHECK(gre.covers(Flow{ip("10.0.0.1"), ip("10.0.0.2"), Protocol::number(47), 0, 0, 0, 0}));
}

TEST_CASE("Selectors describe themselves the way fixes print them") {
  CHECK(TrafficSelector::all_traffic().to_string() == "all traffic");
  CHECK(TrafficSelector::udp(PortRange::single(53)).to_string() == "udp 53");
  CHECK(TrafficSelector::tcp(kEphemeralPorts).to_string() == "tcp 1024-65535");
  CHECK(TrafficSelector::tcp(PortRange::all()).to_string() == "all tcp");
  CHECK(TrafficSelector::exactly(Flow::udp(ip("10.0.1.21"), 40000, ip("10.0.16.11"), 53))
            .to_string() == "udp 53");
  CHECK(TrafficSelector::exactly(Flow::icmp(ip("10.0.0.1"), ip("10.0.0.2"), 8, 0)).to_string() ==
        "icmp type 8 code 0");
}

TEST_CASE("A reply swaps addresses and ports, and answers an echo request with an echo reply") {
  const Flow query = Flow::udp(ip("10.0.1.21"), 40000, ip("10.0.16.11"), 53);
  const Flow answer = query.reply();
  CHECK(answer == Flow::udp(ip("10.0.16.11"), 53, ip("10.0.1.21"), 40000));
  CHECK(answer.reply() == query);
  CHECK(Flow::icmp(ip("10.0.0.1"), ip("10.0.0.2"), 8, 0).reply() ==
        Flow::icmp(ip("10.0.0.2"), ip("10.0.0.1"), 0, 0));
  CHECK(query.to_string() == "udp 10.0.1.21:40000 -> 10.0.16.11:53");
  CHECK(Flow::icmp(ip("10.0.0.1"), ip("10.0.0.2"), 8, 0).to_string() ==
        "icmp 10.0.0.1 -> 10.0.0.2 type 8 code 0");
}

TEST_CASE("A hop prints its leg, component, attachment, direction, action and detail") {
  const Hop hop(Leg::kReply, Component::kNetworkAcl, "strict", "subnet private-1b",
                Direction::kOutbound, Action::kDenied, "rule *: deny all traffic");
  CHECK(hop.to_string() ==
        "reply: network ACL strict (subnet private-1b, outbound): denied: rule *: deny all "
        "traffic");
  const Hop bare(Leg::kRequest, Component::kInternetGateway, "", "", {}, Action::kForwarded, "");
  CHECK(bare.to_string() == "internet gateway: forwarded");
}

TEST_CASE("A verdict explains itself with numbered hops, the disposition, the code and the fix") {
  Verdict verdict;
  verdict.disposition = Disposition::kDeniedIn;
  verdict.reason = Reason::kEniSgRulesMismatch;
  verdict.hops.emplace_back(Leg::kRequest, Component::kSecurityGroup, "nodes-old",
                            "eni ng-old-1/eth0", Direction::kInbound, Action::kDenied,
                            "no rule matches udp 53 from 10.0.1.21");
  verdict.fix = Fix{Component::kSecurityGroup, "nodes-old",
                    "add to nodes-old an inbound rule: udp 53 from security group nodes-new"};
  CHECK_FALSE(verdict.passed());
  CHECK(verdict.explain() ==
        "1. security group nodes-old (eni ng-old-1/eth0, inbound): denied: no rule matches udp "
        "53 from 10.0.1.21\n"
        "=> denied-in (ENI_SG_RULES_MISMATCH)\n"
        "fix: add to nodes-old an inbound rule: udp 53 from security group nodes-new\n");
  CHECK(to_string(Disposition::kExitsNetwork) == "exits-network");
  CHECK(to_string(Reason::kBadStateRoute) == "BAD_STATE_ROUTE");
  CHECK(Verdict{}.passed());
}

TEST_CASE("The host's components and kube-proxy's reason codes have their names") {
  CHECK(to_string(Component::kKubeProxy) == "kube-proxy");
  CHECK(to_string(Component::kHost) == "host");
  CHECK(to_string(Component::kVeth) == "veth");
  CHECK(to_string(Reason::kKubeProxyReject) == "KUBE_PROXY_REJECT");
  CHECK(to_string(Reason::kKubeProxyDrop) == "KUBE_PROXY_DROP");
  CHECK(to_string(Reason::kNetworkPolicy) == "NETWORK_POLICY");
  CHECK(to_string(Component::kNetworkPolicy) == "network policy");
}
