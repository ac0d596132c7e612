// The whole node ruleset (iptables_save.h) and the VPC CNI's rules (vpc_cni_rules.h), pinned
// rule by rule against aws/amazon-vpc-cni-k8s pkg/networkutils/network.go and the jump rules of
// kube-proxy and kubelet; plus rule texts upstream checks only through packet flows
// (TestLoadBalancer's source ranges, Local external policy with a local endpoint).

#include <catch2/catch.hpp>
#include <string>

#include "models/k8s/proxy/iptables_save.h"
#include "models/k8s/proxy/kube_proxy_rules.h"
#include "models/k8s/proxy/vpc_cni_rules.h"
#include "tests/k8s/proxy_test_support.h"
#include "tests/support/iptables_canonical.h"

namespace ekssim::k8s::testing {
namespace {

VpcCniHostConfig two_cidr_vpc() {
  VpcCniHostConfig cni;
  cni.vpc_cidrs = {cidr("10.0.0.0/16"), cidr("100.64.0.0/16")};
  cni.exclude_snat_cidrs = {cidr("172.16.0.0/12")};
  cni.primary_ip = ip("10.0.1.5");
  return cni;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines)
    text += line + "\n";
  return text;
}

TEST_CASE("The VPC CNI SNATs off-VPC traffic to the primary IP, CIDR returns inserted on top",
          "[proxy][cni]") {
  const VpcCniRules rules = build_vpc_cni_rules(two_cidr_vpc());
  CHECK(joined(rules.nat_rules) ==
        R"(-A POSTROUTING -m comment --comment "AWS SNAT CHAIN" -j AWS-SNAT-CHAIN-0
-A AWS-SNAT-CHAIN-0 -d 172.16.0.0/12 -m comment --comment "AWS SNAT CHAIN EXCLUSION" -j RETURN
-A AWS-SNAT-CHAIN-0 -d 100.64.0.0/16 -m comment --comment "AWS SNAT CHAIN" -j RETURN
-A AWS-SNAT-CHAIN-0 -d 10.0.0.0/16 -m comment --comment "AWS SNAT CHAIN" -j RETURN
-A AWS-SNAT-CHAIN-0 ! -o vlan+ -m comment --comment "AWS, SNAT" -m addrtype ! --dst-type LOCAL -j SNAT --to-source 10.0.1.5 --random-fully
-A PREROUTING -i eni+ -m comment --comment "AWS, outbound connections" -j AWS-CONNMARK-CHAIN-0
-A AWS-CONNMARK-CHAIN-0 -d 172.16.0.0/12 -m comment --comment "AWS CONNMARK CHAIN, EXCLUDED CIDR" -j RETURN
-A AWS-CONNMARK-CHAIN-0 -d 100.64.0.0/16 -m comment --comment "AWS CONNMARK CHAIN, VPC CIDR" -j RETURN
-A AWS-CONNMARK-CHAIN-0 -d 10.0.0.0/16 -m comment --comment "AWS CONNMARK CHAIN, VPC CIDR" -j RETURN
-A PREROUTING -m comment --comment "AWS, CONNMARK" -j CONNMARK --restore-mark --mask 0x80
-A AWS-CONNMARK-CHAIN-0 -m comment --comment "AWS, CONNMARK" -j CONNMARK --set-xmark 0x80/0x80
)");
  CHECK(
      joined(rules.mangle_rules) ==
      R"(-A PREROUTING -m comment --comment "AWS, primary ENI" -i eth0 -m addrtype --dst-type LOCAL --limit-iface-in -j CONNMARK --set-mark 0x80/0x80
-A PREROUTING -m comment --comment "AWS, primary ENI" -i eni+ -j CONNMARK --restore-mark --mask 0x80
-A PREROUTING -m comment --comment "AWS, primary ENI" -i vlan+ -j CONNMARK --restore-mark --mask 0x80
)");
}

TEST_CASE("External SNAT leaves only the node-port connmark rules", "[proxy][cni]") {
  VpcCniHostConfig cni = two_cidr_vpc();
  cni.external_snat = true;
  const VpcCniRules rules = build_vpc_cni_rules(cni);
  CHECK(rules.nat_rules.empty());
  CHECK(rules.nat_chains == std::vector<std::string>{"AWS-SNAT-CHAIN-0", "AWS-CONNMARK-CHAIN-0"});
  CHECK(rules.mangle_rules.size() == 3);
  cni.node_port_support = false;
  CHECK(build_vpc_cni_rules(cni).mangle_rules.empty());
}

TEST_CASE("SNAT port randomisation follows AWS_VPC_K8S_CNI_RANDOMIZESNAT", "[proxy][cni]") {
  VpcCniHostConfig cni = two_cidr_vpc();
  const auto snat_rule = [&] { return build_vpc_cni_rules(cni).nat_rules[4]; };
  CHECK(snat_rule().ends_with("--to-source 10.0.1.5 --random-fully"));
  cni.iptables_has_random_fully = false;  // prng falls back to hashrandom
  CHECK(snat_rule().ends_with("--to-source 10.0.1.5 --random"));
  cni.randomize_snat = SnatRandomization::kNone;
  CHECK(snat_rule().ends_with("--to-source 10.0.1.5"));
}

TEST_CASE("An empty cluster's node ruleset, in iptables-save form", "[proxy][save]") {
  ProxyWorld world;
  world.config = ProxyConfig();
  world.config.nfacct_counters = false;
  CHECK(render_iptables_save(world.view()) == fixture(R"(
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-IPTABLES-HINT - [0:0]
:KUBE-KUBELET-CANARY - [0:0]
:KUBE-PROXY-CANARY - [0:0]
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:KUBE-EXTERNAL-SERVICES - [0:0]
:KUBE-FIREWALL - [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-KUBELET-CANARY - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-PROXY-CANARY - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
:KUBE-SERVICES - [0:0]
-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS
-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
-A INPUT -j KUBE-FIREWALL
-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -j KUBE-FIREWALL
-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x004000/0x004000 -j ACCEPT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-KUBELET-CANARY - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-PROXY-CANARY - [0:0]
:KUBE-SERVICES - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-MARK-MASQ -j MARK --or-mark 0x004000
-A KUBE-POSTROUTING -m mark ! --mark 0x004000/0x004000 -j RETURN
-A KUBE-POSTROUTING -j MARK --xor-mark 0x004000
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
COMMIT
)"));
}

TEST_CASE("kube-proxy's jumps sit above the VPC CNI's in the built-in nat chains",
          "[proxy][save]") {
  ProxyWorld world;
  const VpcCniHostConfig cni = two_cidr_vpc();
  const std::string text = render_iptables_save(world.view(), &cni);
  CHECK(chain_rules(text, "nat", "PREROUTING") ==
        R"(-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A PREROUTING -i eni+ -m comment --comment "AWS, outbound connections" -j AWS-CONNMARK-CHAIN-0
-A PREROUTING -m comment --comment "AWS, CONNMARK" -j CONNMARK --restore-mark --mask 0x80
)");
  CHECK(chain_rules(text, "nat", "POSTROUTING") ==
        R"(-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A POSTROUTING -m comment --comment "AWS SNAT CHAIN" -j AWS-SNAT-CHAIN-0
)");
}

// TestLoadBalancer's service: the node IP is inside a source range, so traffic looping back
// from the VIPs is allowed too.
TEST_CASE("Source ranges that contain the node IP also admit the load balancer IPs",
          "[proxy][save]") {
  ProxyWorld world;
  Service svc = service("ns1", "svc1", "172.30.0.41", {tcp_port("p80", 80, 3001)});
  svc.type = ServiceType::kLoadBalancer;
  svc.load_balancer_ips = {ip("1.2.3.4"), ip("5.6.7.8")};
  svc.load_balancer_source_ranges = {cidr("192.168.0.0/24"), cidr("203.0.113.0/25")};
  world.add(svc, {slice({tcp_endpoint_port("p80", 80)}, {endpoint("10.180.0.1")})});
  const std::string text = render_kube_proxy_restore(world.view());
  CHECK(
      chain_rules(text, "nat", "KUBE-FW-XPGD46QRK7WJZT7O") ==
      R"(-A KUBE-FW-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 loadbalancer IP" -s 192.168.0.0/24 -j KUBE-EXT-XPGD46QRK7WJZT7O
-A KUBE-FW-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 loadbalancer IP" -s 203.0.113.0/25 -j KUBE-EXT-XPGD46QRK7WJZT7O
-A KUBE-FW-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 loadbalancer IP" -s 1.2.3.4 -j KUBE-EXT-XPGD46QRK7WJZT7O
-A KUBE-FW-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 loadbalancer IP" -s 5.6.7.8 -j KUBE-EXT-XPGD46QRK7WJZT7O
-A KUBE-FW-XPGD46QRK7WJZT7O -m comment --comment "other traffic to ns1/svc1:p80 will be dropped by KUBE-PROXY-FIREWALL"
)");
  CHECK(
      chain_rules(text, "filter", "KUBE-PROXY-FIREWALL") ==
      R"(-A KUBE-PROXY-FIREWALL -m comment --comment "ns1/svc1:p80 traffic not accepted by KUBE-FW-XPGD46QRK7WJZT7O" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j DROP
-A KUBE-PROXY-FIREWALL -m comment --comment "ns1/svc1:p80 traffic not accepted by KUBE-FW-XPGD46QRK7WJZT7O" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j DROP
)");
}

TEST_CASE("Local external policy with a local endpoint ends the EXT chain in KUBE-SVL",
          "[proxy][save]") {
  ProxyWorld world;
  Service svc = service("ns1", "svc1", "172.30.0.41", {tcp_port("p80", 80, 3001)});
  svc.type = ServiceType::kNodePort;
  svc.external_traffic_policy = TrafficPolicy::kLocal;
  world.add(svc, {slice({tcp_endpoint_port("p80", 80)},
                        {endpoint("10.180.0.1"), endpoint("10.180.2.1", kTestNode)})});
  const std::string text = render_kube_proxy_restore(world.view());
  CHECK(chain_rules(text, "nat", "KUBE-EXT-XPGD46QRK7WJZT7O")
            .ends_with("-A KUBE-EXT-XPGD46QRK7WJZT7O -j KUBE-SVL-XPGD46QRK7WJZT7O\n"));
  CHECK(chain_rules(text, "nat", "KUBE-SVL-XPGD46QRK7WJZT7O") ==
        "-A KUBE-SVL-XPGD46QRK7WJZT7O -m comment --comment \"ns1/svc1:p80 -> 10.180.2.1:80\" -j "
        "KUBE-SEP-ZX7GRIZKSNUQ3LAJ\n");
  // No health check port: it is a NodePort, not a LoadBalancer.
  CHECK(chain_rules(text, "filter", "KUBE-NODEPORTS").empty());
}

}  // namespace
}  // namespace ekssim::k8s::testing
