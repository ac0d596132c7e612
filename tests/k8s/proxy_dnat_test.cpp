// The hot-path DNAT decision against upstream's packet-flow expectations for ClusterIP traffic
// (pkg/proxy/iptables/proxier_test.go TestClusterIPGeneral, TestNoEndpointsReject,
// TestTerminatingEndpointsTrafficPolicyCluster, TestInternalExternalMasquerade's iTP:Local
// flows), plus the Local-policy DROP, affinity, versioned tables and the no-allocation promise.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "models/k8s/proxy/dnat.h"
#include "models/k8s/proxy/kube_proxy_rules.h"
#include "tests/k8s/proxy_test_support.h"
#include "tests/support/allocation_probe.h"
#include "tests/support/iptables_canonical.h"

namespace ekssim::k8s::testing {
namespace {

// tracePacket's output: the candidates' "ip:port", comma-separated, or the verdict.
std::string outcome(const ProxyWorld& world, std::string_view destination, uint16_t port,
                    net::Protocol protocol = net::Protocol::tcp()) {
  const DnatDecision decision = decide_cluster_ip(world.view(), ip(destination), port, protocol);
  switch (decision.verdict) {
    case DnatVerdict::kNotAService:
      return "";
    case DnatVerdict::kReject:
      return "REJECT";
    case DnatVerdict::kDrop:
      return "DROP";
    case DnatVerdict::kDnat:
      break;
  }
  std::string text;
  for (const ProxyEndpoint& candidate : decision.candidates) {
    if (!text.empty()) text += ", ";
    append_endpoint(text, candidate.ip, candidate.port);
  }
  return text;
}

TEST_CASE("ClusterIP decisions follow upstream's TestClusterIPGeneral", "[proxy][dnat]") {
  ProxyWorld world;
  world.add(service("ns1", "svc1", "172.30.0.41", {tcp_port("http", 80)}),
            {slice({tcp_endpoint_port("http", 80)}, {endpoint("10.180.0.1", kTestNode)})});
  Service svc2 = service("ns2", "svc2", "172.30.0.42", {tcp_port("http", 80)});
  svc2.ports.push_back({"https", 443, 8443, 0, net::Protocol::tcp()});
  svc2.ports.push_back({"dns-udp", 53, 53, 0, net::Protocol::udp()});
  svc2.ports.push_back({"dns-tcp", 53, 5353, 0, net::Protocol::tcp()});
  svc2.ports.push_back({"dns-sctp", 53, 53, 0, kSctp});
  world.add(svc2, {slice({tcp_endpoint_port("http", 80),
                          tcp_endpoint_port("https", 8443),
                          {"dns-udp", 53, net::Protocol::udp()},
                          tcp_endpoint_port("dns-tcp", 5353),
                          {"dns-sctp", 53, kSctp}},
                         {endpoint("10.180.0.1", kTestNode), endpoint("10.180.2.1", kOtherNode)})});

  CHECK(outcome(world, "172.30.0.41", 80) == "10.180.0.1:80");
  CHECK(outcome(world, "172.30.0.42", 80) == "10.180.0.1:80, 10.180.2.1:80");
  CHECK(outcome(world, "172.30.0.42", 443) == "10.180.0.1:8443, 10.180.2.1:8443");
  CHECK(outcome(world, "172.30.0.42", 53, net::Protocol::tcp()) ==
        "10.180.0.1:5353, 10.180.2.1:5353");
  CHECK(outcome(world, "172.30.0.42", 53, net::Protocol::udp()) == "10.180.0.1:53, 10.180.2.1:53");
  CHECK(outcome(world, "172.30.0.42", 53, kSctp) == "10.180.0.1:53, 10.180.2.1:53");
  // A TCP-only port does not match UDP traffic, and svc1 does not take svc2's ports.
  CHECK(outcome(world, "172.30.0.42", 80, net::Protocol::udp()) == "");
  CHECK(outcome(world, "172.30.0.41", 443) == "");
  CHECK(outcome(world, "10.0.0.3", 80) == "");
}

TEST_CASE("A service without endpoints is rejected, as in TestNoEndpointsReject", "[proxy][dnat]") {
  ProxyWorld world;
  Service svc = service("ns1", "svc1", "172.30.0.41", {tcp_port("p80", 80, 3001)});
  svc.type = ServiceType::kLoadBalancer;
  svc.external_ips = {ip("192.168.99.11")};
  svc.load_balancer_ips = {ip("1.2.3.4")};
  world.add(svc);
  CHECK(outcome(world, "172.30.0.41", 80) == "REJECT");
  // The external destinations get the same REJECT, in KUBE-EXTERNAL-SERVICES.
  CHECK(chain_rules(render_kube_proxy_restore(world.view()), "filter", "KUBE-EXTERNAL-SERVICES") ==
        "-A KUBE-EXTERNAL-SERVICES -m comment --comment \"ns1/svc1:p80 has no endpoints\" -m tcp "
        "-p tcp -d 192.168.99.11 --dport 80 -j REJECT\n"
        "-A KUBE-EXTERNAL-SERVICES -m comment --comment \"ns1/svc1:p80 has no endpoints\" -m tcp "
        "-p tcp -d 1.2.3.4 --dport 80 -j REJECT\n"
        "-A KUBE-EXTERNAL-SERVICES -m comment --comment \"ns1/svc1:p80 has no endpoints\" -m "
        "addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j REJECT\n");
}

// TestTerminatingEndpointsTrafficPolicyCluster: ready endpoints are used if there are any, else
// the serving-terminating ones; endpoints that are neither never are.
TEST_CASE("Terminating endpoints stand in only when none is ready", "[proxy][dnat]") {
  const EndpointConditions ready{true, true, false};
  const EndpointConditions serving_terminating{false, true, true};
  const EndpointConditions gone{false, false, true};
  const auto world_with = [](std::vector<Endpoint> endpoints) {
    ProxyWorld world;
    Service svc = service("ns1", "svc1", "172.30.1.1", {tcp_port("", 80)});
    svc.type = ServiceType::kLoadBalancer;
    svc.load_balancer_ips = {ip("1.2.3.4")};
    world.add(svc, {slice({tcp_endpoint_port("", 80)}, std::move(endpoints))});
    return world;
  };
  CHECK(outcome(
            world_with(
                {endpoint("10.0.1.1", kTestNode, ready), endpoint("10.0.1.2", kTestNode, ready),
                 endpoint("10.0.1.3", kOtherNode, serving_terminating),
                 endpoint("10.0.1.4", kOtherNode, gone), endpoint("10.0.1.5", kOtherNode, ready)}),
            "172.30.1.1", 80) == "10.0.1.1:80, 10.0.1.2:80, 10.0.1.5:80");
  CHECK(outcome(world_with({endpoint("10.0.1.2", kTestNode, serving_terminating),
                            endpoint("10.0.1.3", kTestNode, serving_terminating),
                            endpoint("10.0.1.4", kOtherNode, gone),
                            endpoint("10.0.1.5", kOtherNode, serving_terminating)}),
                "172.30.1.1", 80) == "10.0.1.2:80, 10.0.1.3:80, 10.0.1.5:80");
  CHECK(outcome(world_with({endpoint("10.0.1.5", kOtherNode, serving_terminating)}), "172.30.1.1",
                80) == "10.0.1.5:80");
  CHECK(outcome(world_with({endpoint("10.0.1.5", kTestNode, gone),
                            endpoint("10.0.1.5", kOtherNode, gone)}),
                "172.30.1.1", 80) == "REJECT");
}

TEST_CASE("internalTrafficPolicy Local picks this node's endpoints or drops", "[proxy][dnat]") {
  ProxyWorld world;
  Service svc = service("ns3", "svc3", "172.30.0.43", {tcp_port("p80", 80)});
  svc.internal_traffic_policy = TrafficPolicy::kLocal;
  world.add(svc, {slice({tcp_endpoint_port("p80", 80)},
                        {endpoint("10.180.0.3", kTestNode), endpoint("10.180.1.3", kOtherNode)})});
  // TestInternalExternalMasquerade, "pod to ClusterIP with iTP:Local".
  CHECK(outcome(world, "172.30.0.43", 80) == "10.180.0.3:80");
  const DnatDecision decision =
      decide_cluster_ip(world.view(), ip("172.30.0.43"), 80, net::Protocol::tcp());
  CHECK(decision.local_policy);

  // A node without a local endpoint: KUBE-SERVICES in filter drops, and clients time out.
  world.node = StrId{7};
  CHECK(outcome(world, "172.30.0.43", 80) == "DROP");
  CHECK(chain_rules(render_kube_proxy_restore(world.view()), "filter", "KUBE-SERVICES") ==
        "-A KUBE-SERVICES -m comment --comment \"ns3/svc3:p80 has no local endpoints\" -m tcp -p "
        "tcp -d 172.30.0.43 --dport 80 -j DROP\n");
}

TEST_CASE("A Local policy falls back to local serving-terminating endpoints", "[proxy][dnat]") {
  ProxyWorld world;
  Service svc = service("ns1", "svc1", "172.30.0.41", {tcp_port("p80", 80)});
  svc.internal_traffic_policy = TrafficPolicy::kLocal;
  const EndpointConditions terminating{false, true, true};
  world.add(svc,
            {slice({tcp_endpoint_port("p80", 80)}, {endpoint("10.180.0.2", kTestNode, terminating),
                                                    endpoint("10.180.0.1", kTestNode, terminating),
                                                    endpoint("10.180.1.1", kOtherNode)})});
  CHECK(outcome(world, "172.30.0.41", 80) == "10.180.0.1:80, 10.180.0.2:80");
  world.add(svc,
            {slice({tcp_endpoint_port("p80", 80)}, {endpoint("10.180.0.2", kTestNode, terminating),
                                                    endpoint("10.180.0.9", kTestNode)})});
  CHECK(outcome(world, "172.30.0.41", 80) == "10.180.0.9:80");
}

TEST_CASE("Endpoints are ordered by their ip:port text, as kube-proxy sorts them",
          "[proxy][dnat]") {
  ProxyWorld world;
  world.add(service("ns1", "svc1", "172.30.0.41", {tcp_port("p80", 80)}),
            {slice({tcp_endpoint_port("p80", 80)},
                   {endpoint("10.0.1.9"), endpoint("10.0.1.10"), endpoint("10.0.1.2")}),
             slice({tcp_endpoint_port("p80", 80)}, {endpoint("10.0.1.9")})});
  CHECK(outcome(world, "172.30.0.41", 80) == "10.0.1.10:80, 10.0.1.2:80, 10.0.1.9:80");
  CHECK(world.table.total_endpoints() == 3);
}

TEST_CASE("ClientIP affinity is reported with its timeout", "[proxy][dnat]") {
  ProxyWorld world;
  Service svc = service("ns5", "svc5", "172.30.0.45", {tcp_port("p80", 80)});
  svc.session_affinity = SessionAffinity::kClientIP;
  svc.affinity_timeout_seconds = 600;
  world.add(svc, {slice({tcp_endpoint_port("p80", 80)}, {endpoint("10.180.0.3")})});
  const DnatDecision decision =
      decide_cluster_ip(world.view(), ip("172.30.0.45"), 80, net::Protocol::tcp());
  CHECK(decision.verdict == DnatVerdict::kDnat);
  CHECK(decision.client_ip_affinity);
  CHECK(decision.affinity_timeout_seconds == 600);
  CHECK(decision.service_port->name == "ns5/svc5:p80");
}

TEST_CASE("Headless and ExternalName services get no rules", "[proxy][dnat]") {
  ProxyWorld world;
  Service headless = service("ns1", "headless", "172.30.0.50", {tcp_port("rpc", 1234)});
  headless.cluster_ip.reset();
  Service external = service("ns1", "external", "172.30.0.51", {tcp_port("blah", 1235)});
  external.type = ServiceType::kExternalName;
  world.add(headless, {slice({tcp_endpoint_port("rpc", 1234)}, {endpoint("10.0.0.5")})});
  world.add(external);
  CHECK(world.table.entries().empty());
  CHECK(outcome(world, "172.30.0.51", 1235) == "");
}

TEST_CASE("A copied table keeps its version while the original changes", "[proxy][dnat]") {
  ProxyWorld world;
  const Service svc = service("ns1", "svc1", "172.30.0.41", {tcp_port("p80", 80)});
  world.add(svc, {slice({tcp_endpoint_port("p80", 80)}, {endpoint("10.0.1.1")})});
  const ProxyServiceTable before = world.table;
  world.add(svc, {slice({tcp_endpoint_port("p80", 80)}, {endpoint("10.0.1.2")})});
  const ProxyConfig config = upstream_fake_config();
  const DnatDecision old = decide_cluster_ip(NodeProxyView{before, config, kTestNode, {}},
                                             ip("172.30.0.41"), 80, net::Protocol::tcp());
  REQUIRE(old.candidates.size() == 1);
  CHECK(old.candidates[0].ip == ip("10.0.1.1"));
  CHECK(outcome(world, "172.30.0.41", 80) == "10.0.1.2:80");
  world.table.remove("ns1", "svc1");
  CHECK(outcome(world, "172.30.0.41", 80) == "");
  CHECK(before.find_cluster_ip(ip("172.30.0.41"), 80, net::Protocol::tcp()) != nullptr);
}

TEST_CASE("A service whose port changes is found at its new port only", "[proxy][dnat]") {
  ProxyWorld world;
  Service svc = service("ns1", "svc1", "172.30.0.41", {tcp_port("p80", 80)});
  world.add(svc, {slice({tcp_endpoint_port("p80", 80)}, {endpoint("10.0.1.1")})});
  world.add(service("ns1", "svc2", "172.30.0.42", {tcp_port("p80", 80)}),
            {slice({tcp_endpoint_port("p80", 80)}, {endpoint("10.0.2.1")})});
  svc.ports = {tcp_port("p80", 8080)};
  world.add(svc, {slice({tcp_endpoint_port("p80", 80)}, {endpoint("10.0.1.1")})});
  CHECK(outcome(world, "172.30.0.41", 80) == "");
  CHECK(outcome(world, "172.30.0.41", 8080) == "10.0.1.1:80");
  CHECK(outcome(world, "172.30.0.42", 80) == "10.0.2.1:80");
  CHECK(world.table.entries().size() == 2);
}

TEST_CASE("Deciding allocates nothing, over 10,000 services", "[proxy][dnat]") {
  ProxyWorld world;
  for (uint32_t i = 0; i < 10'000; ++i) {
    Service svc = service("ns", "svc-" + std::to_string(i), "172.20.0.0", {tcp_port("http", 80)});
    svc.cluster_ip = net::Ipv4(ip("172.20.0.0").value() + i);
    if (i % 3 == 0) svc.internal_traffic_policy = TrafficPolicy::kLocal;
    std::vector<Endpoint> endpoints;
    for (uint32_t e = 0; e < i % 4; ++e) {
      endpoints.push_back({net::Ipv4(ip("10.1.0.0").value() + i * 4 + e), StrId{e + 1}, {}});
    }
    world.add(svc, {slice({tcp_endpoint_port("http", 80)}, std::move(endpoints))});
  }
  int verdicts[4] = {};
  size_t candidates = 0;
  ekssim::test::arm_allocation_probe();
  for (uint32_t i = 0; i < 10'000; ++i) {
    const DnatDecision decision = decide_cluster_ip(
        world.view(), net::Ipv4(ip("172.20.0.0").value() + i), 80, net::Protocol::tcp());
    ++verdicts[static_cast<int>(decision.verdict)];
    candidates += decision.candidates.size();
  }
  CHECK(ekssim::test::disarm_allocation_probe() == 0);
  // i % 4 == 0 has no endpoint (REJECT); Local ones without an endpoint on node 0 DROP.
  CHECK(verdicts[static_cast<int>(DnatVerdict::kReject)] == 2500);
  CHECK(verdicts[static_cast<int>(DnatVerdict::kDrop)] == 0);
  CHECK(verdicts[static_cast<int>(DnatVerdict::kDnat)] == 7500);
  CHECK(candidates > 7500);
}

}  // namespace
}  // namespace ekssim::k8s::testing
