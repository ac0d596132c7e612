// Upstream's own expectations for the rules kube-proxy writes, ported from
// kubernetes/kubernetes pkg/proxy/iptables/proxier_test.go (read as the unchanged copy in
// kairosci/kubernetes@235e489): TestOverallIPTablesRules, the first sync of
// TestSyncProxyRulesRepeated, TestSyncProxyRulesLargeClusterMode, TestComputeProbability,
// TestMasqueradeRule and TestDropInvalidRule. Our output is compared after the same
// canonicalisation upstream applies (tests/support/iptables_canonical.h); expected texts are
// upstream's, byte for byte.

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <string>

#include "models/k8s/proxy/kube_proxy_rules.h"
#include "tests/k8s/proxy_test_support.h"
#include "tests/support/iptables_canonical.h"
#include "tests/support/upstream_proxier_expectations.h"

namespace ekssim::k8s::testing {
namespace {

// The six services of TestOverallIPTablesRules with their endpoint slices.
void add_overall_services(ProxyWorld& world) {
  const auto p80 = [] { return std::vector{tcp_endpoint_port("p80", 80)}; };
  // A ClusterIP service.
  world.add(service("ns1", "svc1", "172.30.0.41", {tcp_port("p80", 80)}),
            {slice(p80(), {endpoint("10.180.0.1")})});
  // A LoadBalancer with Local traffic policy; its one endpoint has no node, so it is not local.
  Service svc2 = service("ns2", "svc2", "172.30.0.42", {tcp_port("p80", 80, 3001)});
  svc2.type = ServiceType::kLoadBalancer;
  svc2.external_traffic_policy = TrafficPolicy::kLocal;
  svc2.load_balancer_ips = {ip("1.2.3.4")};
  svc2.external_ips = {ip("192.168.99.22")};
  svc2.health_check_node_port = 30000;
  world.add(svc2, {slice(p80(), {endpoint("10.180.0.2")})});
  // A NodePort service.
  Service svc3 = service("ns3", "svc3", "172.30.0.43", {tcp_port("p80", 80, 3003)});
  svc3.type = ServiceType::kNodePort;
  world.add(svc3, {slice(p80(), {endpoint("10.180.0.3")})});
  // An external IP service (type NodePort without an allocated node port).
  Service svc4 = service("ns4", "svc4", "172.30.0.44", {tcp_port("p80", 80)});
  svc4.type = ServiceType::kNodePort;
  svc4.external_ips = {ip("192.168.99.33")};
  world.add(svc4, {slice(p80(), {endpoint("10.180.0.4"), endpoint("10.180.0.5", kTestNode)})});
  // A LoadBalancer with Cluster policy, source ranges and session affinity. Its health check
  // port is ignored: only Local-policy load balancers get one.
  Service svc5 = service("ns5", "svc5", "172.30.0.45", {tcp_port("p80", 80, 3002)});
  svc5.type = ServiceType::kLoadBalancer;
  svc5.load_balancer_ips = {ip("5.6.7.8")};
  svc5.health_check_node_port = 30000;
  svc5.load_balancer_source_ranges = {cidr("203.0.113.0/25")};
  svc5.session_affinity = SessionAffinity::kClientIP;
  svc5.affinity_timeout_seconds = 10800;
  world.add(svc5, {slice(p80(), {endpoint("10.180.0.3")})});
  // A ClusterIP service with no endpoints.
  world.add(service("ns6", "svc6", "172.30.0.46", {tcp_port("p80", 80)}));
}

TEST_CASE("The overall rules match upstream's TestOverallIPTablesRules", "[proxy][upstream]") {
  ProxyWorld world;
  add_overall_services(world);
  CHECK(canonical_iptables(render_kube_proxy_restore(world.view())) == fixture(kOverallExpected));
}

TEST_CASE("Two ClusterIP services give upstream's first sync of TestSyncProxyRulesRepeated",
          "[proxy][upstream]") {
  ProxyWorld world;
  world.add(service("ns1", "svc1", "172.30.0.41", {tcp_port("p80", 80)}),
            {slice({tcp_endpoint_port("p80", 80)}, {endpoint("10.0.1.1")})});
  world.add(service("ns2", "svc2", "172.30.0.42", {tcp_port("p8080", 8080)}),
            {slice({tcp_endpoint_port("p8080", 8080)}, {endpoint("10.0.2.1")})});
  CHECK(canonical_iptables(render_kube_proxy_restore(world.view())) == fixture(kRepeatedFirstSync));
}

// countEndpointsAndComments: the DNAT line of one endpoint and how many DNAT lines carry a comment.
struct DnatLines {
  std::string matched;
  int endpoints = 0;
  int comments = 0;
};

DnatLines count_dnat_lines(const std::string& text, std::string_view endpoint_ip) {
  DnatLines lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    const std::string_view line(text.data() + start, end - start);
    if (line.starts_with("-A KUBE-SEP-") && line.find("-j DNAT") != std::string_view::npos) {
      ++lines.endpoints;
      if (line.find("--comment") != std::string_view::npos) ++lines.comments;
      if (line.find(std::string(endpoint_ip) + ":") != std::string_view::npos) lines.matched = line;
    }
    start = end + 1;
  }
  return lines;
}

TEST_CASE(
    "Above 1000 endpoints the per-endpoint comments go, as in TestSyncProxyRulesLargeClusterMode",
    "[proxy][upstream]") {
  ProxyWorld world;
  world.config.masquerade_all = true;
  const auto many = [](int second_octet) {
    std::vector<Endpoint> endpoints;
    for (int i = 0; i < static_cast<int>(kLargeClusterEndpointsThreshold) / 2 - 1; ++i) {
      endpoints.push_back(endpoint(fmt::format("10.{}.{}.{}", second_octet, i % 256, i / 256)));
    }
    return endpoints;
  };
  world.add(service("ns1", "svc1", "172.30.0.41", {tcp_port("p80", 80)}),
            {slice({tcp_endpoint_port("p80", 80)}, many(0))});
  world.add(service("ns2", "svc2", "172.30.0.42", {tcp_port("p8080", 8080)}),
            {slice({tcp_endpoint_port("p8080", 8080)}, many(1))});
  const Service svc3 = service("ns3", "svc3", "172.30.0.43", {tcp_port("p8081", 8081)});
  world.add(svc3);

  DnatLines lines = count_dnat_lines(render_kube_proxy_restore(world.view()), "10.0.0.0");
  CHECK(lines.matched ==
        "-A KUBE-SEP-DKGQUZGBKLTPAR56 -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT "
        "--to-destination 10.0.0.0:80");
  CHECK(lines.endpoints == 998);
  CHECK(lines.comments == 998);

  world.add(svc3,
            {slice({tcp_endpoint_port("p8081", 8081)},
                   {endpoint("203.0.113.4"), endpoint("203.0.113.8"), endpoint("203.0.113.12")})});
  const std::string text = render_kube_proxy_restore(world.view());
  lines = count_dnat_lines(text, "203.0.113.4");
  CHECK(lines.matched ==
        "-A KUBE-SEP-RUVVH7YV3PHQBDOS -m tcp -p tcp -j DNAT --to-destination 203.0.113.4:8081");
  CHECK(lines.endpoints == 1001);
  CHECK(lines.comments == 0);
  CHECK(count_dnat_lines(text, "10.0.0.0").matched ==
        "-A KUBE-SEP-DKGQUZGBKLTPAR56 -m tcp -p tcp -j DNAT --to-destination 10.0.0.0:80");
}

TEST_CASE("Probabilities are formatted as in upstream's TestComputeProbability",
          "[proxy][upstream]") {
  CHECK(iptables_probability(1) == "1.0000000000");
  CHECK(iptables_probability(2) == "0.5000000000");
  CHECK(iptables_probability(3) == "0.3333333333");
  CHECK(iptables_probability(10) == "0.1000000000");
  CHECK(iptables_probability(100) == "0.0100000000");
  CHECK(iptables_probability(1000) == "0.0010000000");
  CHECK(iptables_probability(10000) == "0.0001000000");
  CHECK(iptables_probability(100000) == "0.0000100000");
  CHECK(iptables_probability(100001) == "0.0000099999");
}

TEST_CASE("KUBE-POSTROUTING masquerades with --random-fully only when iptables supports it",
          "[proxy][upstream]") {
  for (const bool random_fully : {false, true}) {
    ProxyWorld world;
    world.config.random_fully = random_fully;
    const std::string expected = fmt::format(
        "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN\n"
        "-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000\n"
        "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" "
        "-j MASQUERADE{}\n",
        random_fully ? " --random-fully" : "");
    CHECK(chain_rules(render_kube_proxy_restore(world.view()), "nat", "KUBE-POSTROUTING") ==
          expected);
  }
}

TEST_CASE("KUBE-FORWARD's INVALID drop follows nfacct and tcp_be_liberal as in TestDropInvalidRule",
          "[proxy][upstream]") {
  const std::string accept_rules =
      "-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding rules\" -m mark --mark "
      "0x4000/0x4000 -j ACCEPT\n"
      "-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding conntrack rule\" -m conntrack "
      "--ctstate RELATED,ESTABLISHED -j ACCEPT\n";
  ProxyWorld world;
  world.config.nfacct_counters = false;
  CHECK(chain_rules(render_kube_proxy_restore(world.view()), "filter", "KUBE-FORWARD") ==
        "-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP\n" + accept_rules);
  world.config.nfacct_counters = true;
  CHECK(chain_rules(render_kube_proxy_restore(world.view()), "filter", "KUBE-FORWARD") ==
        "-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name "
        "ct_state_invalid_dropped_pkts -j DROP\n" +
            accept_rules);
  world.config.nfacct_counters = false;
  world.config.conntrack_tcp_be_liberal = true;
  CHECK(chain_rules(render_kube_proxy_restore(world.view()), "filter", "KUBE-FORWARD") ==
        accept_rules);
}

TEST_CASE("The real masquerade mark is Go's %#08x of 1<<14", "[proxy]") {
  CHECK(ProxyConfig().masquerade_mark == "0x004000");
  CHECK(ProxyConfig::masquerade_mark_for_bit(15) == "0x008000");
}

}  // namespace
}  // namespace ekssim::k8s::testing
