// Differential: the ClusterIP decision the data plane takes on its hot path (decide_cluster_ip)
// against what the rules kube-proxy writes (render_kube_proxy_restore) do to the same packet, for
// random Service tables, run by tests/support/iptables_interpreter.h with `-m statistic` split
// into its branches, so every endpoint's share is checked, not just which endpoints appear.
// Both are read off one ServicePortPlan (service_port_plan.h); the second test holds the plan's
// external traffic (node ports, external IPs, load balancer IPs), which the data plane does not
// decide, to the rules the same way.

#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "models/k8s/proxy/dnat.h"
#include "models/k8s/proxy/kube_proxy_rules.h"
#include "models/k8s/proxy/service_port_plan.h"
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

// The same for a new connection from outside the cluster to a node port, external IP or load
// balancer IP: nat PREROUTING's KUBE-SERVICES (KUBE-NODEPORTS is its last rule), then, for the
// share nothing DNATed, filter's KUBE-EXTERNAL-SERVICES (hooked in INPUT and FORWARD for NEW
// connections).
Outcomes external_by_rules(const IptablesInterpreter& rules, const IptablesPacket& p) {
  Outcomes out;
  for (const auto& [outcome, share] : rules.run("nat", "KUBE-SERVICES", p)) {
    if (!outcome.empty()) {
      out[outcome] += share;
      continue;
    }
    for (const auto& [o, s] : rules.run("filter", "KUBE-EXTERNAL-SERVICES", p)) out[o] += s * share;
  }
  return out;
}

// A plan's traffic class in the same form: its endpoints 1/n each, or its filter target.
Outcomes planned(const TrafficPlan& traffic) {
  Outcomes out;
  if (!traffic.has_endpoints) {
    out[traffic.when_none == NoEndpointTarget::kReject ? "REJECT" : "DROP"] = 1;
    return out;
  }
  for (const ProxyEndpoint& e : traffic.endpoints) {
    std::string text = "DNAT ";
    append_endpoint(text, e.ip, e.port);
    out[text] += 1.0 / static_cast<double>(traffic.endpoints.size());
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
// or ClientIP affinity, some NodePort or LoadBalancer (a node port per port, an external IP, a
// load balancer IP without source ranges) with either externalTrafficPolicy; every endpoint port
// named as its Service port.
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
      svc.ports.push_back({"p" + std::to_string(i), port, target,
                           static_cast<uint16_t>(30000 + 10 * s + i), protocol});
      endpoint_ports.push_back({"p" + std::to_string(i), target, protocol});
    }
    const int type = pick(3);
    if (type == 0) {
      for (ServicePort& port : svc.ports) port.node_port = 0;
      if (pick(2) == 0) svc.external_ips = {ip("192.168.99." + std::to_string(10 + s))};
    } else {
      svc.type = type == 1 ? ServiceType::kNodePort : ServiceType::kLoadBalancer;
      if (type == 2) svc.load_balancer_ips = {ip("1.2.3." + std::to_string(10 + s))};
      if (pick(2) == 0) svc.external_traffic_policy = TrafficPolicy::kLocal;
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

TEST_CASE("The plan's external traffic and kube-proxy's rendered rules agree on random tables",
          "[proxy][plan][differential]") {
  std::mt19937_64 random(20261207);
  int compared = 0, disagreements = 0, local_policies = 0, dropped = 0, internal_differs = 0;
  for (int round = 0; round < 400; ++round) {
    const ProxyWorld world = random_world(random);
    const IptablesInterpreter rules(render_kube_proxy_restore(world.view()));
    for (const auto& entry : world.table.entries()) {
      const ServicePortPlan plan = plan_service_port(*entry, world.node, world.config);
      // The data plane's shortcut to the plan's internal traffic is the same value.
      const TrafficPlan alone = plan_internal_traffic(*entry, world.node);
      internal_differs += alone.policy_chain != plan.internal.policy_chain ||
                          alone.has_endpoints != plan.internal.has_endpoints ||
                          alone.when_none != plan.internal.when_none ||
                          alone.endpoints.data() != plan.internal.endpoints.data() ||
                          alone.endpoints.size() != plan.internal.endpoints.size();
      const Outcomes expected = planned(plan.external);
      local_policies += plan.external.local() ? 1 : 0;
      dropped += expected.count("DROP") != 0 ? 1 : 0;
      // From outside the cluster and the node: no masquerade short-circuit applies.
      IptablesPacket p;
      p.source = ip("203.0.113.5");
      p.port = entry->port;
      p.protocol = entry->protocol;
      std::vector<IptablesPacket> packets;
      for (const net::Ipv4 address : entry->external_ips) {
        p.destination = address;
        packets.push_back(p);
      }
      for (const net::Ipv4 address : entry->load_balancer_ips) {
        p.destination = address;
        packets.push_back(p);
      }
      if (entry->node_port != 0) {
        p.destination = world.node_ip;
        p.destination_is_local = true;
        p.port = entry->node_port;
        packets.push_back(p);
      }
      for (const IptablesPacket& packet : packets) {
        const Outcomes ruled = external_by_rules(rules, packet);
        ++compared;
        if (!agree(ruled, expected)) {
          ++disagreements;
          UNSCOPED_INFO("round " << round << ", " << entry->name << " at "
                                 << packet.destination.to_string() << ":" << packet.port
                                 << ": rules " << describe(ruled) << "vs plan "
                                 << describe(expected));
        }
      }
    }
  }
  // Every kind of outcome was reached: Local external policies, and DROPs among them.
  CHECK(compared > 1000);
  CHECK(local_policies > 100);
  CHECK(dropped > 10);
  CHECK(disagreements == 0);
  CHECK(internal_differs == 0);
}

}  // namespace
}  // namespace ekssim::k8s::testing
