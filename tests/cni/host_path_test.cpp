// The node's part of a packet's path (models/cni/host_path.h): policy routing, the same-node
// bypass, the source ENI, SNAT, kube-proxy's DNAT, REJECT and DROP, and the seed failure end to
// end.

#include <catch2/catch.hpp>

#include "host_network.h"

using namespace ekssim;
using namespace ekssim::cni;
using namespace ekssim::cni::testing;
using vpc::testing::allow_cidr;

namespace {

net::Flow udp(const char* src, net::Ipv4 dst, uint16_t port) {
  return net::Flow::udp(ip(src), 40000, dst, port);
}
net::Flow tcp(const char* src, net::Ipv4 dst, uint16_t port) {
  return net::Flow::tcp(ip(src), 40000, dst, port);
}

}  // namespace

TEST_CASE("A pod's packet to a pod on the same node stays on the host, whatever the groups say") {
  HostNetwork net;
  const SnatChain snat = net.snat();
  const HostPathContext context{net.seed.vpc, snat};
  // 10.0.1.32 sits on eth1, whose group admits nothing: only the host path can deliver it.
  const net::Verdict verdict = evaluate_from_pod(
      context, net.new_node(), tcp("10.0.1.21", ip("10.0.1.32"), 8080), {.want_trace = true});
  CHECK(verdict.disposition == net::Disposition::kAccepted);
  CHECK_FALSE(verdict.blocker);
  CHECK(verdict.explain() ==
        "1. veth (node ng-new-1): arrived: 10.0.1.32 is a pod on this node (secondary IP of eni "
        "ng-new-1/eth1): ip rule 512 sends it to its veth through the main table; no ENI, "
        "security group or network ACL sees it\n"
        "=> accepted\n");
  CHECK(
      route_from_pod(net.seed.vpc, snat, net.new_node(), ip("10.0.1.21"), ip("10.0.1.32")).route ==
      HostRoute::kLocalPod);

  // The same packet from another node goes through the VPC, and eth1's group refuses it.
  const net::Verdict from_afar =
      vpc::evaluate(net.seed.vpc, tcp("10.0.16.11", ip("10.0.1.32"), 8080), net.seed.old_node);
  CHECK(from_afar.disposition == net::Disposition::kDeniedIn);
}

TEST_CASE("A pod's packet to an address of its own node is delivered by the local table") {
  HostNetwork net;
  const SnatChain snat = net.snat();
  const net::Verdict verdict =
      evaluate_from_pod({net.seed.vpc, snat}, net.new_node(),
                        tcp("10.0.1.31", ip("10.0.1.20"), 10250), {.want_trace = true});
  CHECK(verdict.disposition == net::Disposition::kAccepted);
  CHECK(verdict.explain() ==
        "1. host ng-new-1: arrived: 10.0.1.20 is an address of this node (the primary IP of eni "
        "ng-new-1/eth0): the local table delivers it; no ENI, security group or network ACL "
        "sees it\n"
        "=> accepted\n");
}

TEST_CASE("A pod's packet into the VPC leaves through the ENI that holds the pod's address") {
  HostNetwork net;
  const SnatChain snat = net.snat();
  const HostDecision decision =
      route_from_pod(net.seed.vpc, snat, net.new_node(), ip("10.0.1.31"), kCoreDnsPod);
  CHECK(decision.route == HostRoute::kEni);
  CHECK(decision.eni == net.new_eth1);
  CHECK(decision.source == ip("10.0.1.31"));
  CHECK(decision.snat.step == SnatStep::kReturnVpcCidr);

  const net::Verdict verdict =
      evaluate_from_pod({net.seed.vpc, snat}, net.new_node(), udp("10.0.1.31", kCoreDnsPod, 53),
                        {.want_trace = true});
  REQUIRE(verdict.hops.size() >= 3);
  CHECK(verdict.hops[0].to_string() ==
        "host ng-new-1 (ip rule 1536, from 10.0.1.31): forwarded: the route table of eni "
        "ng-new-1/eth1, which holds the pod's address, sends it out through that ENI");
  CHECK(verdict.hops[1].to_string() ==
        "host ng-new-1 (nat POSTROUTING, AWS-SNAT-CHAIN-0): forwarded: rule 1: -d 10.0.0.0/16 "
        "RETURN (a VPC CIDR): the source stays 10.0.1.31");
  CHECK(verdict.hops[2].to_string() ==
        "security group locked (eni ng-new-1/eth1, outbound): permitted: rule 1: all traffic to "
        "0.0.0.0/0");
  // nodes-old admits its own members only; eth1 carries `locked`.
  CHECK(verdict.disposition == net::Disposition::kDeniedIn);
}

TEST_CASE("A pod's packet to the internet is SNATed to the node's primary IP and leaves eth0") {
  HostNetwork net;
  const SnatChain snat = net.snat();
  const HostDecision decision =
      route_from_pod(net.seed.vpc, snat, net.new_node(), ip("10.0.1.31"), kInternetHost);
  CHECK(decision.eni == net.seed.new_node);
  CHECK(decision.source == ip("10.0.1.20"));
  CHECK(decision.snat.step == SnatStep::kSnat);
  CHECK(decision.snat.rule == 2);

  const net::Verdict verdict =
      evaluate_from_pod({net.seed.vpc, snat}, net.new_node(), tcp("10.0.1.31", kInternetHost, 443),
                        {.want_trace = true});
  CHECK(verdict.disposition == net::Disposition::kExitsNetwork);
  REQUIRE(verdict.hops.size() >= 3);
  CHECK(verdict.hops[0].to_string() ==
        "host ng-new-1 (ip rule 1024): forwarded: AWS-CONNMARK-CHAIN-0 marked the connection "
        "0x80, so the main table sends it out through eni ng-new-1/eth0, the primary ENI");
  CHECK(verdict.hops[1].to_string() ==
        "host ng-new-1 (nat POSTROUTING, AWS-SNAT-CHAIN-0): forwarded: rule 2: SNAT 10.0.1.31 to "
        "10.0.1.20, the primary IP of eni ng-new-1/eth0");
  CHECK(verdict.hops[2].to_string() ==
        "security group nodes-new (eni ng-new-1/eth0, outbound): permitted: rule 1: all traffic "
        "to 0.0.0.0/0");
}

TEST_CASE("SNATed traffic meets eth0's groups — with EXTERNALSNAT it meets the pod ENI's") {
  HostNetwork net;
  // nodes-new may only talk inside the VPC; `locked` (on eth1) may talk anywhere.
  vpc::Vpc& vpc = net.seed.vpc;
  REQUIRE(vpc.remove_rule(net.seed.nodes_new, net::Direction::kOutbound,
                          allow_cidr(net::TrafficSelector::all_traffic(), "0.0.0.0/0")));
  REQUIRE(vpc.add_rule(net.seed.nodes_new, net::Direction::kOutbound,
                       allow_cidr(net::TrafficSelector::all_traffic(), "10.0.0.0/16")));
  const net::Flow flow = tcp("10.0.1.31", kInternetHost, 443);

  const SnatChain snat = net.snat();
  const net::Verdict snatted = evaluate_from_pod({vpc, snat}, net.new_node(), flow);
  CHECK(snatted.disposition == net::Disposition::kDeniedOut);
  CHECK(snatted.reason == net::Reason::kEniSgRulesMismatch);
  CHECK(snatted.blocker ==
        net::ComponentRef{net::Component::kNetworkInterface, net.seed.new_node.index()});

  const SnatChain external = net.snat({.external_snat = true, .exclude_cidrs = {}});
  const HostDecision decision =
      route_from_pod(vpc, external, net.new_node(), ip("10.0.1.31"), kInternetHost);
  CHECK(decision.eni == net.new_eth1);
  CHECK(decision.source == ip("10.0.1.31"));
  CHECK(decision.snat.step == SnatStep::kNoChain);
  const net::Verdict own_eni =
      evaluate_from_pod({vpc, external}, net.new_node(), flow, {.want_trace = true});
  CHECK(own_eni.disposition == net::Disposition::kExitsNetwork);
  REQUIRE_FALSE(own_eni.hops.empty());
  CHECK(own_eni.hops[0].to_string() ==
        "host ng-new-1 (ip rule 1536, from 10.0.1.31): forwarded: the route table of eni "
        "ng-new-1/eth1, which holds the pod's address, sends it out through that ENI");
  CHECK(own_eni.hops[1].component == net::Component::kSecurityGroup);
}

TEST_CASE("An excluded CIDR keeps the pod's address and ENI") {
  HostNetwork net;
  net.seed.vpc.add_remote_network(
      {"on-prem",
       net.seed.vpc.add_gateway({"tgw-1", vpc::Gateway::Kind::kTransitGateway, true}),
       {cidr("192.168.0.0/16")},
       {}});
  const SnatChain snat =
      net.snat({.external_snat = false, .exclude_cidrs = {cidr("192.168.0.0/16")}});
  const HostDecision excluded =
      route_from_pod(net.seed.vpc, snat, net.new_node(), ip("10.0.1.31"), ip("192.168.7.7"));
  CHECK(excluded.eni == net.new_eth1);
  CHECK(excluded.source == ip("10.0.1.31"));
  CHECK(excluded.snat.step == SnatStep::kReturnExcluded);
  CHECK(excluded.snat.rule == 2);
  const net::Verdict verdict =
      evaluate_from_pod({net.seed.vpc, snat}, net.new_node(),
                        tcp("10.0.1.31", ip("192.168.7.7"), 443), {.want_trace = true});
  REQUIRE(verdict.hops.size() >= 2);
  CHECK(verdict.hops[1].to_string() ==
        "host ng-new-1 (nat POSTROUTING, AWS-SNAT-CHAIN-0): forwarded: rule 2: -d 192.168.0.0/16 "
        "RETURN (AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS): the source stays 10.0.1.31");
  // Without the exclusion the same destination is SNATed.
  CHECK(route_from_pod(net.seed.vpc, net.snat(), net.new_node(), ip("10.0.1.31"), ip("192.168.7.7"))
            .source == ip("10.0.1.20"));
}

TEST_CASE("A Service address kube-proxy does not know passes unchanged") {
  HostNetwork net;
  const SnatChain snat = net.snat();
  const ServiceDnat services = kube_dns_answering(ServiceLookup::Kind::kEndpoint);
  // 10.0.16.10:53 is no Service: the packet goes to ng-old-1 itself and nodes-old refuses it.
  const net::Verdict verdict =
      evaluate_from_pod({net.seed.vpc, snat, &services}, net.new_node(),
                        udp("10.0.1.21", ip("10.0.16.10"), 53), {.want_trace = true});
  CHECK(verdict.hops.front().component == net::Component::kHost);
  CHECK(verdict.disposition == net::Disposition::kDeniedIn);
}

TEST_CASE("The seed failure end to end: kube-dns DNATed to CoreDNS on ng-old, denied-in there") {
  HostNetwork net;
  const SnatChain snat = net.snat();
  const ServiceDnat services = kube_dns_answering(ServiceLookup::Kind::kEndpoint);
  const HostPathContext context{net.seed.vpc, snat, &services};
  const net::Flow query = udp("10.0.1.21", kKubeDns, 53);

  const net::Verdict quick = evaluate_from_pod(context, net.new_node(), query);
  CHECK(quick.disposition == net::Disposition::kDeniedIn);
  CHECK(quick.reason == net::Reason::kEniSgRulesMismatch);
  CHECK(quick.blocker ==
        net::ComponentRef{net::Component::kNetworkInterface, net.seed.old_node.index()});
  CHECK(quick.hops.empty());

  const net::Verdict verdict =
      evaluate_from_pod(context, net.new_node(), query, {.want_trace = true});
  CHECK(verdict.explain() ==
        "1. kube-proxy kube-system/kube-dns:dns (node ng-new-1, nat PREROUTING): forwarded: DNAT "
        "172.20.0.10:53 to endpoint 10.0.16.11:53\n"
        "2. host ng-new-1 (ip rule 1536, from 10.0.1.21): forwarded: the main table, the primary "
        "ENI's, sends it out through eni ng-new-1/eth0\n"
        "3. host ng-new-1 (nat POSTROUTING, AWS-SNAT-CHAIN-0): forwarded: rule 1: -d 10.0.0.0/16 "
        "RETURN (a VPC CIDR): the source stays 10.0.1.21\n"
        "4. security group nodes-new (eni ng-new-1/eth0, outbound): permitted: rule 1: all "
        "traffic to 0.0.0.0/0\n"
        "5. route table private (subnet private-1a): forwarded: 10.0.0.0/16 -> local\n"
        "6. network ACL default (subnet private-1a, outbound): permitted: rule 100: allow all "
        "traffic to 0.0.0.0/0\n"
        "7. network ACL default (subnet private-1b, inbound): permitted: rule 100: allow all "
        "traffic from 0.0.0.0/0\n"
        "8. security group nodes-old (eni ng-old-1/eth0, inbound): denied: no rule matches udp "
        "53 from 10.0.1.21 (secondary IP of eni ng-new-1/eth0, which carries nodes-new)\n"
        "=> denied-in (ENI_SG_RULES_MISMATCH)\n"
        "fix: add to nodes-old an inbound rule: udp 53 from security group nodes-new\n");

  // The fix, applied, lets the query through.
  REQUIRE(net.seed.vpc.add_rule(
      net.seed.nodes_old, net::Direction::kInbound,
      vpc::testing::allow_from_group(net::TrafficSelector::udp(net::PortRange::single(53)),
                                     net.seed.nodes_new)));
  CHECK(evaluate_from_pod(context, net.new_node(), query).disposition ==
        net::Disposition::kAccepted);
  // A pod on ng-old reaches the same CoreDNS pod through its own group's self-reference.
  CHECK(evaluate_from_pod(context, net.old_node(), udp("10.0.16.11", kKubeDns, 53)).passed());
}

TEST_CASE("kube-dns without endpoints is REJECTed on the node: connection refused") {
  HostNetwork net;
  const SnatChain snat = net.snat();
  const ServiceDnat services = kube_dns_answering(ServiceLookup::Kind::kReject);
  const HostPathContext context{net.seed.vpc, snat, &services};
  const net::Verdict verdict = evaluate_from_pod(
      context, net.new_node(), tcp("10.0.1.21", kKubeDns, 53), {.want_trace = true});
  CHECK(verdict.disposition == net::Disposition::kDeniedOut);
  CHECK(verdict.reason == net::Reason::kKubeProxyReject);
  CHECK(net::to_string(verdict.reason) == "KUBE_PROXY_REJECT");
  CHECK(verdict.blocker == net::ComponentRef{net::Component::kKubeProxy, 1});
  REQUIRE(verdict.fix);
  CHECK(verdict.fix->component == net::Component::kKubeProxy);
  CHECK(verdict.explain() ==
        "1. kube-proxy kube-system/kube-dns:dns-tcp (node ng-new-1, filter KUBE-SERVICES): "
        "denied: REJECT 172.20.0.10:53: kube-system/kube-dns:dns-tcp has no endpoints, so the "
        "client gets ICMP port unreachable (connection refused) at once\n"
        "=> denied-out (KUBE_PROXY_REJECT)\n"
        "fix: make an endpoint of kube-system/kube-dns:dns-tcp ready (scale up or fix its pods)\n");
  CHECK(evaluate_from_pod(context, net.new_node(), tcp("10.0.1.21", kKubeDns, 53)).hops.empty());
}

TEST_CASE("A Service with no endpoint this node may use is DROPped: a silent timeout") {
  HostNetwork net;
  const SnatChain snat = net.snat();
  const ServiceDnat services = kube_dns_answering(ServiceLookup::Kind::kDrop);
  const net::Verdict verdict =
      evaluate_from_pod({net.seed.vpc, snat, &services}, net.new_node(),
                        udp("10.0.1.21", kKubeDns, 53), {.want_trace = true});
  CHECK(verdict.disposition == net::Disposition::kDeniedOut);
  CHECK(verdict.reason == net::Reason::kKubeProxyDrop);
  CHECK(net::to_string(verdict.reason) == "KUBE_PROXY_DROP");
  CHECK(verdict.blocker == net::ComponentRef{net::Component::kKubeProxy, 0});
  CHECK(verdict.explain() ==
        "1. kube-proxy kube-system/kube-dns:dns (node ng-new-1, filter KUBE-SERVICES): denied: "
        "DROP 172.20.0.10:53: kube-system/kube-dns:dns has no local endpoints, so the packet is "
        "dropped and the client times out\n"
        "=> denied-out (KUBE_PROXY_DROP)\n"
        "fix: run an endpoint of kube-system/kube-dns:dns on node ng-new-1, or set its "
        "internalTrafficPolicy to Cluster\n");
}

TEST_CASE("ICMP never meets kube-proxy's Service rules") {
  HostNetwork net;
  const SnatChain snat = net.snat();
  const ServiceDnat services = [](net::Ipv4, uint16_t, net::Protocol) -> ServiceLookup {
    FAIL("kube-proxy was asked about an ICMP packet");
    return ServiceLookup::not_a_service();
  };
  const net::Verdict verdict = evaluate_from_pod({net.seed.vpc, snat, &services}, net.new_node(),
                                                 net::Flow::icmp(ip("10.0.1.21"), kKubeDns, 8, 0));
  // A ClusterIP is no VPC address: off the VPC, SNATed, out through the NAT gateway.
  CHECK(verdict.disposition == net::Disposition::kExitsNetwork);
}

TEST_CASE("The host network sends from the primary IP through eth0, DNATed in nat OUTPUT") {
  HostNetwork net;
  const SnatChain snat = net.snat();
  const ServiceDnat services = kube_dns_answering(ServiceLookup::Kind::kEndpoint);
  const HostPathContext context{net.seed.vpc, snat, &services};
  const net::Verdict verdict = evaluate_from_node(
      context, net.new_node(), udp("10.0.1.20", kKubeDns, 53), {.want_trace = true});
  REQUIRE(verdict.hops.size() >= 3);
  CHECK(verdict.hops[0].to_string() ==
        "kube-proxy kube-system/kube-dns:dns (node ng-new-1, nat OUTPUT): forwarded: DNAT "
        "172.20.0.10:53 to endpoint 10.0.16.11:53");
  CHECK(verdict.hops[1].to_string() ==
        "host ng-new-1 (main table): forwarded: the default route leaves through eni "
        "ng-new-1/eth0, the primary ENI");
  CHECK(verdict.hops[2].component == net::Component::kSecurityGroup);
  CHECK(verdict.disposition == net::Disposition::kDeniedIn);

  CHECK(route_from_node(net.seed.vpc, net.new_node(), ip("10.0.1.31")).route ==
        HostRoute::kLocalPod);
  CHECK(route_from_node(net.seed.vpc, net.new_node(), kInternetHost).eni == net.seed.new_node);
  // kubelet's own port on a pod's node: the control plane's concern, but a node reaches its pods.
  CHECK(evaluate_from_node(context, net.new_node(), tcp("10.0.1.20", ip("10.0.1.32"), 8080))
            .passed());
}

TEST_CASE("A source that is not the node's is a caller's bug, named") {
  HostNetwork net;
  const SnatChain snat = net.snat();
  const HostPathContext context{net.seed.vpc, snat};
  const auto message = [&](auto&& call) {
    try {
      call();
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  CHECK(message([&] {
          evaluate_from_pod(context, net.new_node(), udp("10.0.16.11", kKubeDns, 53));
        }) == "10.0.16.11 is not a pod address of node ng-new-1");
  CHECK(message([&] {
          evaluate_from_pod(context, net.new_node(), udp("10.0.1.20", kKubeDns, 53));
        }) == "10.0.1.20 is not a pod address of node ng-new-1");
  CHECK(message([&] {
          evaluate_from_node(context, net.new_node(), udp("10.0.1.21", kKubeDns, 53));
        }) == "10.0.1.21 is not the primary IP of node ng-new-1");
}
