// Differential: the ClusterIP decision the data plane takes on its hot path (decide_cluster_ip)
// against what the rules kube-proxy writes (render_kube_proxy_restore) do to the same packet, for
// random Service tables. The rules are run by a small interpreter of the iptables subset kube-proxy
// writes for cluster IPs (netfilter's order: nat PREROUTING's DNAT first, then filter's
// KUBE-SERVICES REJECT/DROP for a packet nothing DNATed), with `-m statistic` split into its
// branches, so every endpoint's share is checked, not just which endpoints appear.

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/k8s/proxy/dnat.h"
#include "models/k8s/proxy/kube_proxy_rules.h"
#include "tests/k8s/proxy_test_support.h"

namespace ekssim::k8s::testing {
namespace {

// iptables-restore's words: blanks split them, double quotes group them.
std::vector<std::string> words(std::string_view line) {
  std::vector<std::string> out;
  std::string word;
  bool quoted = false, any = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
      any = true;
    } else if (c == ' ' && !quoted) {
      if (any) out.push_back(word);
      word.clear();
      any = false;
    } else {
      word += c;
      any = true;
    }
  }
  if (any) out.push_back(word);
  return out;
}

struct Packet {
  net::Ipv4 source;
  net::Ipv4 destination;
  uint16_t port = 0;
  net::Protocol protocol = net::Protocol::tcp();
};

// Outcome → probability: "10.1.0.1:80" for a DNAT, "REJECT", "DROP", or "" (no rule took it).
using Outcomes = std::map<std::string, double>;

class Rules {
 public:
  explicit Rules(std::string_view restore) {
    std::string table;
    std::istringstream in{std::string(restore)};
    for (std::string line; std::getline(in, line);) {
      if (line.rfind('*', 0) == 0) table = line.substr(1);
      if (line.rfind("-A ", 0) != 0) continue;
      auto w = words(line);
      chains_[table][w[1]].push_back(std::vector<std::string>(w.begin() + 2, w.end()));
    }
  }

  // What the node does with a new connection to a cluster IP.
  Outcomes run(const Packet& p) const {
    Outcomes nat;
    walk("nat", "KUBE-SERVICES", p, 1.0, nat);
    Outcomes out;
    for (const auto& [outcome, share] : nat) {
      if (!outcome.empty()) {
        out[outcome] += share;
        continue;
      }
      Outcomes filter;  // not DNATed: filter FORWARD → KUBE-SERVICES (ctstate NEW)
      walk("filter", "KUBE-SERVICES", p, share, filter);
      for (const auto& [o, s] : filter) out[o] += s;
    }
    return out;
  }

 private:
  // Runs `chain` for the packet arriving with probability `share`; adds to `out` the terminal
  // outcomes, and "" for the share that falls off the end of the chain (to its caller).
  void walk(const std::string& table, const std::string& chain, const Packet& p, double share,
            Outcomes& out) const {
    const auto t = chains_.find(table);
    const auto c = t == chains_.end() ? nullptr : &t->second;
    const auto rules = c && c->count(chain) ? &c->at(chain) : nullptr;
    double remaining = share;
    if (rules) {
      for (const auto& rule : *rules) {
        if (remaining <= 0) break;
        double probability = 1.0;
        std::string target, to_destination;
        if (!matches(rule, p, probability, target, to_destination)) continue;
        const double taken = remaining * probability;
        remaining -= taken;
        if (target == "DNAT") {
          out[to_destination] += taken;
        } else if (target == "REJECT" || target == "DROP") {
          out[target] += taken;
        } else if (target == "KUBE-MARK-MASQ" || target.empty()) {
          remaining += taken;  // a mark, then on to the next rule
        } else if (target == "RETURN") {
          out[""] += taken;
        } else {
          Outcomes inner;
          walk(table, target, p, taken, inner);
          for (const auto& [o, s] : inner) {
            if (o.empty()) {
              remaining += s;  // fell off the called chain: continue here
            } else {
              out[o] += s;
            }
          }
        }
      }
    }
    if (remaining > 0) out[""] += remaining;
  }

  static bool in(std::string_view block, net::Ipv4 address) {
    if (block.find('/') == std::string_view::npos) return *net::Ipv4::parse(block) == address;
    return net::Cidr::parse(block)->contains(address);
  }

  // The rule's matches against the packet; throws on an option this interpreter does not know,
  // so a new kind of rule cannot pass unread.
  static bool matches(const std::vector<std::string>& rule, const Packet& p, double& probability,
                      std::string& target, std::string& to_destination) {
    bool ok = true;
    for (size_t i = 0; i < rule.size(); ++i) {
      const bool negated = rule[i] == "!";
      if (negated) ++i;
      const std::string& option = rule[i];
      const auto value = [&]() -> const std::string& { return rule.at(++i); };
      bool result = true;
      if (option == "-m" || option == "--comment" || option == "--mode" || option == "--name" ||
          option == "--seconds" || option == "--nfacct-name" || option == "--reject-with") {
        value();
      } else if (option == "--set" || option == "--reap" || option == "--random-fully") {
      } else if (option == "-p") {
        result = value() == p.protocol.to_string();
      } else if (option == "-d") {
        result = in(value(), p.destination);
      } else if (option == "-s") {
        result = in(value(), p.source);
      } else if (option == "--dport") {
        result = std::stoi(value()) == p.port;
      } else if (option == "--probability") {
        probability = std::stod(value());
      } else if (option == "--rcheck") {
        result = false;  // a first connection: no affinity recorded yet
      } else if (option == "--dst-type" || option == "--src-type") {
        value();
        result = false;  // pod to cluster IP: neither address is the node's own
      } else if (option == "--ctstate") {
        result = value().find("NEW") != std::string::npos;
      } else if (option == "-j") {
        target = value();
      } else if (option == "--to-destination") {
        to_destination = value();
      } else {
        throw std::runtime_error("the interpreter does not know " + option);
      }
      ok = ok && (negated ? !result : result);
    }
    return ok;
  }

  std::map<std::string, std::map<std::string, std::vector<std::vector<std::string>>>> chains_;
};

// The hot path's decision in the same form: each candidate 1/n.
Outcomes decided(const ProxyWorld& world, const Packet& p) {
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
        std::string text;
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
    const Rules rules(render_kube_proxy_restore(world.view()));
    for (int s = 0; s < 7; ++s) {  // one address past the table: not a service
      for (uint16_t port : {80, 81, 82, 83}) {
        for (net::Protocol protocol : {net::Protocol::tcp(), net::Protocol::udp()}) {
          Packet p;
          p.source = ip("10.0.9.9");
          p.destination = ip("172.30.0." + std::to_string(10 + s));
          p.port = port;
          p.protocol = protocol;
          const Outcomes by_rules = rules.run(p);
          const Outcomes by_decision = decided(world, p);
          ++compared;
          if (!agree(by_rules, by_decision)) {
            ++disagreements;
            UNSCOPED_INFO("round " << round << ", " << p.destination.to_string() << ":" << port
                                   << "/" << protocol.to_string() << ": rules "
                                   << describe(by_rules) << "vs decision "
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
