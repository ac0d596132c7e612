// Differential: the ClusterIP decision the data plane takes on its hot path (decide_cluster_ip)
// against what the rules kube-proxy writes (render_kube_proxy_restore) do to the same packet, for
// random Service tables, run by tests/support/iptables_interpreter.h with `-m statistic` split
// into its branches, so every endpoint's share is checked, not just which endpoints appear.

#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "models/k8s/proxy/dnat.h"
#include "models/k8s/proxy/kube_proxy_rules.h"
#include "tests/k8s/proxy_test_support.h"
#include "tests/support/iptables_interpreter.h"

namespace ekssim::k8s::testing {
namespace {

using ekssim::testing::IptablesInterpreter;
using ekssim::testing::IptablesPacket;
using Outcomes = ekssim::testing::IptablesOutcomes;

// What the node does with a new connection from a pod to a cluster IP, in netfilter's order: nat
// PREROUTING's KUBE-SERVICES (DNAT), then, for the share nothing DNATed, filter FORWARD's
// KUBE-SERVICES (REJECT or DROP).
Outcomes by_rules(const IptablesInterpreter& rules, const IptablesPacket& p) {
  Outcomes out;
  for (const auto& [outcome, share] : rules.run("nat", "KUBE-SERVICES", p)) {
    if (!outcome.empty()) {
      out[outcome] += share;
      continue;
    }
    for (const auto& [o, s] : rules.run("filter", "KUBE-SERVICES", p)) out[o] += s * share;
  }
  return out;
}

// The hot path's decision in the same form: each candidate 1/n.
Outcomes decided(const ProxyWorld& world, const IptablesPacket& p) {
  const DnatDecision d = decide_cluster_ip(world.view(), p.destination, p.port, p.protocol);
  Outcomes out;
  switch (d.verdict) {
    case DnatVerdict::kNotAService:
      out[""] = 1;
      break;
    case DnatVerdict::kReject:
      out["REJECT"] = 1;
      break;
    case DnatVerdict::kDrop:
      out["DROP"] = 1;
      break;
    case DnatVerdict::kDnat:
      for (const ProxyEndpoint& e : d.candidates) {
        std::string text = "DNAT ";
        append_endpoint(text, e.ip, e.port);
        out[text] += 1.0 / static_cast<double>(d.candidates.size());
      }
      break;
  }
  return out;
}

std::string describe(const Outcomes& outcomes) {
  std::string text;
  for (const auto& [o, s] : outcomes) text += (o.empty() ? "(none)" : o) + "=" + std::to_string(s) + " ";
  return text;
}

bool agree(const Outcomes& a, const Outcomes& b) {
  if (a.size() != b.size()) return false;
  for (const auto& [o, s] : a) {
    const auto it = b.find(o);
    // kube-proxy prints 1/n with ten decimals: shares agree to well within 1e-8.
    if (it == b.end() || std::fabs(it->second - s) > 1e-8) return false;
  }
  return true;
}

// A random table: up to six Services of one to three ports, zero to five endpoints each on this
// node or another, some not ready (serving or terminating), some with internalTrafficPolicy Local
// or ClientIP affinity; every endpoint port named as its Service port.
ProxyWorld random_world(std::mt19937_64& random) {
  ProxyWorld world;
  const auto pick = [&](int n) { return static_cast<int>(random() % static_cast<uint64_t>(n)); };
  const int services = 1 + pick(6);
  for (int s = 0; s < services; ++s) {
    const std::string address = "172.30.0." + std::to_string(10 + s);
    Service svc = service("ns" + std::to_string(pick(3)), "svc" + std::to_string(s), address, {});
    std::vector<EndpointPort> endpoint_ports;
    const int ports = 1 + pick(3);
    for (int i = 0; i < ports; ++i) {
      const net::Protocol protocol = pick(2) ? net::Protocol::tcp() : net::Protocol::udp();
      const uint16_t port = static_cast<uint16_t>(80 + i);
      const uint16_t target = static_cast<uint16_t>(8080 + i);
      svc.ports.push_back({"p" + std::to_string(i), port, target, 0, protocol});
      endpoint_ports.push_back({"p" + std::to_string(i), target, protocol});
    }
    if (pick(4) == 0) svc.internal_traffic_policy = TrafficPolicy::kLocal;
    if (pick(5) == 0) svc.session_affinity = SessionAffinity::kClientIP;
    std::vector<Endpoint> endpoints;
    const int count = pick(6);
    for (int e = 0; e < count; ++e) {
      EndpointConditions conditions;
      if (pick(4) == 0) {
        conditions.ready = false;
        conditions.serving = pick(2) == 0;
        conditions.terminating = true;
      }
      endpoints.push_back(endpoint("10.1." + std::to_string(s) + "." + std::to_string(e + 1),
                                   pick(2) ? kTestNode : kOtherNode, conditions));
    }
    world.add(svc, {slice(endpoint_ports, endpoints)});
  }
  return world;
}

TEST_CASE("the ClusterIP decision and kube-proxy's rendered rules agree on random tables",
          "[proxy][dnat][differential]") {
  std::mt19937_64 random(20261206);
  int compared = 0, disagreements = 0;
  for (int round = 0; round < 400; ++round) {
    const ProxyWorld world = random_world(random);
    const IptablesInterpreter rules(render_kube_proxy_restore(world.view()));
    for (int s = 0; s < 7; ++s) {  // one address past the table: not a service
      for (uint16_t port : {80, 81, 82, 83}) {
        for (net::Protocol protocol : {net::Protocol::tcp(), net::Protocol::udp()}) {
          IptablesPacket p;
          p.source = ip("10.0.9.9");
          p.destination = ip("172.30.0." + std::to_string(10 + s));
          p.port = port;
          p.protocol = protocol;
          const Outcomes ruled = by_rules(rules, p);
          const Outcomes by_decision = decided(world, p);
          ++compared;
          if (!agree(ruled, by_decision)) {
            ++disagreements;
            UNSCOPED_INFO("round " << round << ", " << p.destination.to_string() << ":" << port
                                   << "/" << protocol.to_string() << ": rules "
                                   << describe(ruled) << "vs decision "
                                   << describe(by_decision));
          }
        }
      }
    }
  }
  CHECK(compared == 400 * 7 * 4 * 2);
  CHECK(disagreements == 0);
}

}  // namespace
}  // namespace ekssim::k8s::testing
