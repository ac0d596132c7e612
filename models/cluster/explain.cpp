#include "models/cluster/explain.h"

#include <algorithm>
#include <stdexcept>

#include "models/cluster/node_agent.h"
#include "models/cni/host_path.h"

namespace ekssim::cluster {

namespace {

// The ephemeral source port every simulated connection uses (workload_traffic.cpp).
constexpr uint16_t kSourcePort = 40000;
// An ICMP echo request (ping).
constexpr uint8_t kIcmpEchoRequest = 8;

net::Flow flow_for(const ExplainSource& source, const ExplainDestination& destination,
                   net::Protocol protocol) {
  if (protocol == net::Protocol::tcp())
    return net::Flow::tcp(source.address, kSourcePort, destination.address, destination.port);
  if (protocol == net::Protocol::udp())
    return net::Flow::udp(source.address, kSourcePort, destination.address, destination.port);
  if (protocol == net::Protocol::icmp())
    return net::Flow::icmp(source.address, destination.address, kIcmpEchoRequest, 0);
  throw std::invalid_argument("explain judges tcp, udp and icmp flows, not " +
                              protocol.to_string());
}

ServiceChoice choice_of(const k8s::DnatDecision& d) {
  ServiceChoice c;
  c.service_port = d.service_port->name;
  c.local_policy = d.local_policy;
  switch (d.verdict) {
    case k8s::DnatVerdict::kReject:
      c.kind = ServiceChoice::Kind::kReject;
      break;
    case k8s::DnatVerdict::kDrop:
      c.kind = ServiceChoice::Kind::kDrop;
      break;
    default:
      c.kind = ServiceChoice::Kind::kDnat;
      c.candidates = d.candidates.size();
      break;
  }
  return c;
}

// kube-proxy's decision on a registered node, then the same walk as every simulated packet,
// once per candidate it may pick.
void judge_paths(const World& world, sim::Duration at, const NodeAgent& node, k8s::NodeId node_id,
                 const net::Flow& flow, Explanation& e) {
  std::vector<k8s::ProxyEndpoint> candidates;
  if (e.protocol.has_ports()) {
    const k8s::DnatDecision d =
        world.services().decide(node_id, node.name(), e.destination.address, e.destination.port,
                                e.protocol, sim::Time::at(at));
    if (d.verdict != k8s::DnatVerdict::kNotAService) e.service = choice_of(d);
    candidates.assign(d.candidates.begin(), d.candidates.end());
  }
  const bool from_host = e.source.kind == ExplainSource::Kind::kNode || e.source.host_network;
  const PodNetwork& network = world.network();
  const size_t picks = std::max<size_t>(candidates.size(), 1);
  for (size_t pick = 0; pick < picks; ++pick) {
    ExplainPath path;
    if (!candidates.empty()) {
      const k8s::ProxyEndpoint& c = candidates[pick];
      path.endpoint = ExplainPath::Endpoint{c.ip, c.port, describe_holder(world, c.ip)};
    }
    path.verdict = from_host ? network.from_node(node, node_id, flow, true, pick)
                             : network.from_pod(node, node_id, e.source.address, flow, true, pick);
    e.paths.push_back(std::move(path));
  }
}

}  // namespace

size_t Explanation::passed() const {
  size_t n = 0;
  for (const ExplainPath& p : paths)
    n += p.verdict.passed() ? 1 : 0;
  return n;
}

Explanation explain_flow(const World& world, sim::Duration at, const ExplainSource& source,
                         const ExplainDestination& destination, net::Protocol protocol) {
  Explanation e;
  e.at = at;
  e.protocol = protocol;
  e.source = source;
  e.destination = destination;
  const net::Flow flow = flow_for(source, destination, protocol);
  const NodeAgent* node = world.find_node(source.node);
  if (node == nullptr) throw ExplainError("node " + source.node + " is gone");
  const k8s::NodeId node_id = world.api().find_node(source.node);
  if (node_id.valid()) {
    judge_paths(world, at, *node, node_id, flow, e);
  } else {
    // The kubelet never registered the node, so no kube-proxy runs there.
    e.paths.push_back({std::nullopt, world.network().from_unregistered_node(*node, flow, true)});
  }
  if (destination.kind == ExplainDestination::Kind::kAwsEndpoint) {
    // The same advice a node's bring-up failure gives (node_agent.h).
    for (ExplainPath& p : e.paths) {
      if (auto fix = public_endpoint_fix(p.verdict, destination.address, destination.name))
        p.verdict.fix->text = *fix;
    }
  }
  return e;
}

Explanation explain(const World& world, sim::Duration at, std::string_view from,
                    std::string_view to, net::Protocol protocol) {
  const ExplainSource source = find_source(world, from, at);
  const ExplainDestination destination = find_destination(world, to, protocol, source, at);
  return explain_flow(world, at, source, destination, protocol);
}

}  // namespace ekssim::cluster
