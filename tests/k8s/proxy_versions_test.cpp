// The rules follow kube-proxy's release (ProxyConfig::minor_version, from cluster.version), one
// test per change of pkg/proxy/iptables/proxier.go between 1.26 and 1.31, each naming the pull
// request that made it and the first release that carried it.

#include <catch2/catch.hpp>
#include <string>

#include "models/k8s/proxy/kube_proxy_rules.h"
#include "tests/k8s/proxy_test_support.h"
#include "tests/support/iptables_canonical.h"

namespace ekssim::k8s::testing {
namespace {

const std::string kForwardAccepts =
    "-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding rules\" -m mark --mark "
    "0x4000/0x4000 -j ACCEPT\n"
    "-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding conntrack rule\" -m conntrack "
    "--ctstate RELATED,ESTABLISHED -j ACCEPT\n";

std::string forward_rules(int minor, bool be_liberal) {
  ProxyWorld world;
  world.config.minor_version = minor;
  world.config.conntrack_tcp_be_liberal = be_liberal;
  return chain_rules(render_kube_proxy_restore(world.view()), "filter", "KUBE-FORWARD");
}

std::string nodeport_rules(int minor) {
  ProxyWorld world;
  world.config.minor_version = minor;
  Service svc = service("ns1", "svc1", "172.30.0.41", {tcp_port("p80", 80, 3001)});
  svc.type = ServiceType::kNodePort;
  world.add(svc, {slice({tcp_endpoint_port("p80", 80)}, {endpoint("10.180.0.1")})});
  return chain_rules(render_kube_proxy_restore(world.view()), "nat", "KUBE-NODEPORTS");
}

TEST_CASE("cluster.version gives kube-proxy's minor release", "[proxy][versions]") {
  CHECK(ProxyConfig::minor_of("1.26") == 26);
  CHECK(ProxyConfig::minor_of("1.31") == 31);
  CHECK(ProxyConfig::minor_of("1.33") == 33);
  CHECK(ProxyConfig::minor_of("") == kNewestProxierMinor);
  CHECK(ProxyConfig::minor_of("2.0") == kNewestProxierMinor);
  CHECK(ProxyConfig::minor_of("1.x") == kNewestProxierMinor);
  CHECK(ProxyConfig().minor_version == kNewestProxierMinor);
}

TEST_CASE("kube-proxy writes the localnet block in KUBE-FIREWALL from 1.27 on (kubernetes#114470)",
          "[proxy][versions]") {
  const std::string rule =
      "-A KUBE-FIREWALL -m comment --comment \"block incoming localnet connections\" -d "
      "127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP\n";
  for (const int minor : {26, 27, 30}) {
    ProxyWorld world;
    world.config.minor_version = minor;
    const std::string text = render_kube_proxy_restore(world.view());
    CAPTURE(minor);
    CHECK(chain_rules(text, "filter", "KUBE-FIREWALL") == (minor >= 27 ? rule : ""));
    CHECK((text.find(":KUBE-FIREWALL - [0:0]") != std::string::npos) == (minor >= 27));
  }
}

TEST_CASE("Before 1.29 the INVALID drop ignores tcp_be_liberal (kubernetes#120412)",
          "[proxy][versions]") {
  const std::string drop = "-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP\n";
  CHECK(forward_rules(26, true) == drop + kForwardAccepts);
  CHECK(forward_rules(28, true) == drop + kForwardAccepts);
  CHECK(forward_rules(29, true) == kForwardAccepts);
  CHECK(forward_rules(29, false) == drop + kForwardAccepts);
}

TEST_CASE(
    "The INVALID drop counts into ct_state_invalid_dropped_pkts from 1.30 on "
    "(kubernetes#122812)",
    "[proxy][versions]") {
  CHECK(forward_rules(29, false) ==
        "-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP\n" + kForwardAccepts);
  CHECK(forward_rules(30, false) ==
        "-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name "
        "ct_state_invalid_dropped_pkts -j DROP\n" +
            kForwardAccepts);
}

TEST_CASE(
    "Localhost node ports count into localhost_nps_accepted_pkts from 1.31 on "
    "(kubernetes#125015)",
    "[proxy][versions]") {
  const std::string plain =
      "-A KUBE-NODEPORTS -m comment --comment ns1/svc1:p80 -m tcp -p tcp --dport 3001 -j "
      "KUBE-EXT-XPGD46QRK7WJZT7O\n";
  CHECK(nodeport_rules(30) == plain);
  CHECK(nodeport_rules(31) ==
        "-A KUBE-NODEPORTS -m comment --comment ns1/svc1:p80 -m tcp -p tcp -d 127.0.0.0/8 "
        "--dport 3001 -m nfacct --nfacct-name localhost_nps_accepted_pkts -j "
        "KUBE-EXT-XPGD46QRK7WJZT7O\n" +
            plain);
}

}  // namespace
}  // namespace ekssim::k8s::testing
