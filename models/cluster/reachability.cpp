#include "models/cluster/reachability.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <tuple>
#include <utility>

#include "models/cluster/reachability_members.h"
#include "models/vpc/path.h"

namespace ekssim::cluster {

namespace {

// Judges pairs on the live World through PodNetwork, the path every simulated packet and
// `ekssim explain` take.
class Judge {
 public:
  Judge(const World& world, const std::vector<detail::Member>& members)
      : world_(world), members_(members) {}

  // The verdict for one pair and port, traced if it did not pass; nullopt when not judged.
  std::optional<net::Verdict> judge(size_t from, size_t to, const PortProtocol& port) const {
    const detail::Member& source = members_[from];
    const detail::Member& target = members_[to];
    if (from == to && source.endpoint.kind != EndpointKind::kNodeGroup) return std::nullopt;
    if (!source.pod_sender && !source.sender_eni) return std::nullopt;
    std::optional<net::Ipv4> dst = target.endpoint.address;
    size_t pick = 0;
    // A pod reaches CoreDNS the way its resolver does: through the kube-dns Service, which its
    // node's kube-proxy DNATs to the representative pod when that is among the endpoints.
    if (target.endpoint.kind == EndpointKind::kCoreDns && source.pod_sender &&
        source.pod_sender->node_id.valid()) {
      const detail::PodSender& s = *source.pod_sender;
      const net::Ipv4 kube_dns = world_.services().kube_dns_ip();
      const k8s::DnatDecision d = world_.services().decide(
          s.node_id, s.node->name(), kube_dns, port.port, port.protocol, world_.now());
      if (d.verdict != k8s::DnatVerdict::kNotAService) {
        dst = kube_dns;
        for (size_t i = 0; i < d.candidates.size(); ++i) {
          if (target.endpoint.address && d.candidates[i].ip == *target.endpoint.address) pick = i;
        }
      }
    }
    if (!dst) return std::nullopt;
    net::Verdict verdict = send(source, *dst, port, pick, false);
    if (!verdict.passed()) verdict = send(source, *dst, port, pick, true);
    return verdict;
  }

 private:
  net::Verdict send(const detail::Member& source, net::Ipv4 dst, const PortProtocol& port,
                    size_t pick, bool trace) const {
    if (source.pod_sender) {
      const detail::PodSender& s = *source.pod_sender;
      const PodNetwork& network = world_.network();
      if (!s.node_id.valid())
        return network.from_unregistered_node(*s.node, port.flow(s.pod, dst), trace);
      return s.host ? network.from_node(*s.node, s.node_id, port.flow(s.pod, dst), trace, pick)
                    : network.from_pod(*s.node, s.node_id, s.pod, port.flow(s.pod, dst), trace,
                                       pick);
    }
    return vpc::evaluate(world_.vpc(), port.flow(*source.endpoint.address, dst),
                         *source.sender_eni, vpc::EvaluateOptions{.want_trace = trace});
  }

  const World& world_;
  const std::vector<detail::Member>& members_;
};

std::string reason_of(const net::Verdict& verdict) {
  if (verdict.reason != net::Reason::kNone) return std::string(net::to_string(verdict.reason));
  return std::string(net::to_string(verdict.disposition));
}

std::string port_list(const std::vector<PortProtocol>& ports, const std::vector<size_t>& which) {
  std::string text;
  for (size_t i : which)
    text += (text.empty() ? "" : ", ") + ports[i].to_string();
  return text;
}

void build_graph(Reachability& r) {
  for (const ReachabilityEndpoint& e : r.endpoints) {
    boost::add_vertex(ReachabilityVertex{e.name, e.kind}, r.graph);
  }
  for (size_t from = 0; from < r.endpoints.size(); ++from) {
    for (size_t to = 0; to < r.endpoints.size(); ++to) {
      std::vector<size_t> allowed;
      std::vector<size_t> denied;
      // Denied ports grouped by reason, reasons in the order first met.
      std::vector<std::pair<std::string, std::vector<size_t>>> reasons;
      for (size_t port = 0; port < r.ports.size(); ++port) {
        const ReachabilityCell* c = r.cell(from, to, port);
        if (c == nullptr) continue;
        if (c->allowed()) {
          allowed.push_back(port);
          continue;
        }
        denied.push_back(port);
        const std::string reason = reason_of(c->verdict);
        auto it = std::find_if(reasons.begin(), reasons.end(),
                               [&](const auto& entry) { return entry.first == reason; });
        if (it == reasons.end()) it = reasons.insert(reasons.end(), {reason, {}});
        it->second.push_back(port);
      }
      if (!allowed.empty()) {
        const std::string label = port_list(r.ports, allowed);
        boost::add_edge(from, to, ReachabilityEdge{true, std::move(allowed), label}, r.graph);
      }
      if (!denied.empty()) {
        std::string label;
        for (const auto& [reason, ports] : reasons) {
          label +=
              fmt::format("{}{}: {}", label.empty() ? "" : "\n", port_list(r.ports, ports), reason);
        }
        boost::add_edge(from, to, ReachabilityEdge{false, std::move(denied), std::move(label)},
                        r.graph);
      }
    }
  }
}

}  // namespace

// The source port workload_traffic.cpp uses too.
constexpr uint16_t kSourcePort = 40000;

net::Flow PortProtocol::flow(net::Ipv4 src, net::Ipv4 dst) const {
  return protocol == net::Protocol::udp() ? net::Flow::udp(src, kSourcePort, dst, port)
                                          : net::Flow::tcp(src, kSourcePort, dst, port);
}

std::optional<PortProtocol> PortProtocol::parse(std::string_view text) {
  const size_t slash = text.find('/');
  const std::string_view number = text.substr(0, slash);
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || ec != std::errc() || end != number.data() + number.size() || value < 1 ||
      value > 65535) {
    return std::nullopt;
  }
  PortProtocol result{static_cast<uint16_t>(value), net::Protocol::tcp()};
  if (slash == std::string_view::npos) return result;
  const auto protocol = net::Protocol::parse(text.substr(slash + 1));
  if (!protocol || !protocol->has_ports()) return std::nullopt;
  result.protocol = *protocol;
  return result;
}

std::string PortProtocol::to_string() const {
  return fmt::format("{}/{}", port, protocol.to_string());
}

const std::vector<PortProtocol>& default_reachability_ports() {
  static const std::vector<PortProtocol> kPorts = {{53, net::Protocol::udp()},
                                                   {53, net::Protocol::tcp()},
                                                   {443, net::Protocol::tcp()},
                                                   {10250, net::Protocol::tcp()}};
  return kPorts;
}

const ReachabilityCell* Reachability::cell(size_t from, size_t to, size_t port) const {
  const auto key = std::tuple(port, from, to);
  const auto it = std::lower_bound(cells.begin(), cells.end(), key, [](const auto& c, auto k) {
    return std::tuple(c.port, c.from, c.to) < k;
  });
  if (it == cells.end() || std::tuple(it->port, it->from, it->to) != key) return nullptr;
  return &*it;
}

std::optional<size_t> Reachability::find_endpoint(std::string_view name) const {
  for (size_t i = 0; i < endpoints.size(); ++i) {
    if (endpoints[i].name == name) return i;
  }
  return std::nullopt;
}

Reachability compute_reachability(const World& world, const std::vector<PortProtocol>& ports) {
  const std::vector<detail::Member> members = detail::find_members(world);
  const Judge judge(world, members);
  Reachability r;
  r.ports = ports;
  for (const detail::Member& m : members)
    r.endpoints.push_back(m.endpoint);
  for (size_t port = 0; port < ports.size(); ++port) {
    for (size_t from = 0; from < r.endpoints.size(); ++from) {
      for (size_t to = 0; to < r.endpoints.size(); ++to) {
        if (auto verdict = judge.judge(from, to, ports[port])) {
          r.cells.push_back(ReachabilityCell{from, to, port, std::move(*verdict)});
        }
      }
    }
  }
  build_graph(r);
  return r;
}

const net::Hop* blocking_hop(const net::Verdict& verdict) {
  for (auto it = verdict.hops.rbegin(); it != verdict.hops.rend(); ++it) {
    if (it->action == net::Action::kDenied || it->action == net::Action::kDropped) return &*it;
  }
  return nullptr;
}

}  // namespace ekssim::cluster
