#include "models/netpol/policy_fix.h"

#include <fmt/format.h>

namespace ekssim::netpol {
namespace {

std::string flow_map(const LabelMap& labels) {
  std::string out;
  for (const auto& [k, v] : labels)
    out += fmt::format("{}{}: {}", out.empty() ? "" : ", ", k, v);
  return "{" + out + "}";
}

std::string protocol_name(net::Protocol protocol) {
  if (protocol == net::Protocol::udp()) return "UDP";
  if (protocol == net::Protocol::tcp()) return "TCP";
  return "SCTP";
}

std::string selector_peer(const std::string& ns, const LabelMap& pods) {
  return fmt::format("{{namespaceSelector: {{matchLabels: {}}}, podSelector: {{matchLabels: {}}}}}",
                     flow_map(namespace_labels(ns)), flow_map(pods));
}

}  // namespace

std::string rule_allowing(PolicyDirection direction, const Remote& remote, net::Protocol protocol,
                          uint16_t port) {
  std::string peer;
  uint16_t rule_port = port;
  if (remote.service && direction == PolicyDirection::kEgress) {
    peer = selector_peer(remote.service->ns, remote.service->selector.value_or(LabelMap{}));
    // The rule names the pods' port: the Service port's targetPort.
    for (const ServicePortInfo& sp : remote.service->ports) {
      if (sp.port == port && sp.protocol == protocol && sp.target_port_name.empty())
        rule_port = sp.target_port;
    }
  } else if (remote.pod) {
    peer = selector_peer(remote.pod->ns, remote.pod->labels);
  } else {
    peer = fmt::format("{{ipBlock: {{cidr: {}/32}}}}", remote.ip.to_string());
  }
  std::string ports = fmt::format("{{protocol: {}, port: {}}}", protocol_name(protocol), rule_port);
  if (rule_port == 53 && (protocol == net::Protocol::udp() || protocol == net::Protocol::tcp())) {
    ports = "{protocol: UDP, port: 53}, {protocol: TCP, port: 53}";
  }
  return fmt::format("{}: [{}], ports: [{}]", direction == PolicyDirection::kEgress ? "to" : "from",
                     peer, ports);
}

std::string fix_for(const Decision& decision, const PodInfo& pod, const Remote& remote,
                    net::Protocol protocol, uint16_t port) {
  if (decision.allowed) return "";
  const std::string rule = rule_allowing(decision.direction, remote, protocol, port);
  const std::string_view dir = to_string(decision.direction);
  if (decision.basis == Basis::kDefaultDeny) {
    return fmt::format(
        "strict mode: add a NetworkPolicy in namespace {} selecting the pod (podSelector: "
        "{{matchLabels: {}}}) with an {} rule: {}",
        pod.ns, flow_map(pod.labels), dir, rule);
  }
  return fmt::format("add to NetworkPolicy {} an {} rule: {}", decision.policies.front(), dir,
                     rule);
}

}  // namespace ekssim::netpol
