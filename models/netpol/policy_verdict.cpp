#include "models/netpol/policy_verdict.h"

#include <fmt/format.h>

#include <algorithm>

namespace ekssim::netpol {
namespace {

bool in_block(const IpBlock& block, net::Ipv4 ip) {
  if (!block.cidr.contains(ip)) return false;
  return std::none_of(block.except.begin(), block.except.end(),
                      [&](const net::Cidr& c) { return c.contains(ip); });
}

// The namespaces a selector peer covers (NetworkPolicyPeer's rules): its namespaceSelector's, over
// the namespace's labels, or the policy's own namespace without one.
bool namespace_matches(const Peer& peer, const std::string& policy_ns, const std::string& ns,
                       const LabelMap& labels) {
  if (!peer.namespace_selector) return ns == policy_ns;
  return peer.namespace_selector->matches(labels.empty() ? namespace_labels(ns) : labels);
}

// A port of the rule against the destination port as the eBPF map holds it: start_port equal,
// or inside (start_port, end_port] (tc.v4egress.bpf.c). A named port is the number of the
// `resolver` pod's containerPort of that name and protocol (k8s.LookupContainerPortAndName, via
// the controller's getPortList); without such a port, or without a pod to resolve it against,
// the controller drops it and it matches nothing.
bool port_matches(const PolicyPort& p, net::Protocol protocol, uint16_t port,
                  const PodInfo* resolver) {
  if (p.protocol != protocol) return false;
  if (!p.port_name.empty()) {
    if (resolver == nullptr) return false;
    return std::any_of(resolver->container_ports.begin(), resolver->container_ports.end(),
                       [&](const ContainerPortInfo& cp) {
                         return cp.name == p.port_name && cp.protocol == protocol &&
                                cp.port == port;
                       });
  }
  if (!p.port) return true;
  if (port == *p.port) return true;
  return p.end_port && port > *p.port && port <= *p.end_port;
}

bool ports_match(const std::vector<PolicyPort>& ports, net::Protocol protocol, uint16_t port,
                 const PodInfo* resolver) {
  if (ports.empty()) return true;
  return std::any_of(ports.begin(), ports.end(), [&](const PolicyPort& p) {
    return port_matches(p, protocol, port, resolver);
  });
}

// A Service's ClusterIP: the rule's ports are the pods' (target) ports; the controller allows
// the Service port whose targetPort they match (getMatchingServicePort).
bool service_ports_match(const std::vector<PolicyPort>& ports, const ServiceInfo& service,
                         net::Protocol protocol, uint16_t port) {
  if (ports.empty()) return true;
  for (const ServicePortInfo& sp : service.ports) {
    if (sp.port != port || sp.protocol != protocol) continue;
    for (const PolicyPort& p : ports) {
      if (p.protocol != protocol) continue;
      if (!p.port_name.empty()) {
        if (p.port_name == sp.target_port_name) return true;
        continue;
      }
      if (!p.port) return true;
      if (!sp.target_port_name.empty()) continue;
      const uint16_t target = sp.target_port;
      if (target == *p.port || (p.end_port && target > *p.port && target <= *p.end_port))
        return true;
    }
  }
  return false;
}

bool selector_matches_pod(const Peer& peer, const std::string& policy_ns, const PodInfo& pod) {
  if (!namespace_matches(peer, policy_ns, pod.ns, pod.namespace_labels)) return false;
  return !peer.pod_selector || peer.pod_selector->matches(pod.labels);
}

// getMatchingServiceClusterIPs: the peer's podSelector (or {}) read as a selector over the
// Service's own selector map.
bool selector_matches_service(const Peer& peer, const std::string& policy_ns,
                              const ServiceInfo& service) {
  if (service.headless) return false;
  if (!namespace_matches(peer, policy_ns, service.ns, service.namespace_labels)) return false;
  const LabelMap selector = service.selector.value_or(LabelMap{});
  return !peer.pod_selector || peer.pod_selector->matches(selector);
}

}  // namespace

std::string_view to_string(PolicyDirection direction) {
  return direction == PolicyDirection::kIngress ? "ingress" : "egress";
}

bool selects(const NetworkPolicy& policy, const PodInfo& pod) {
  return policy.ns == pod.ns && policy.pod_selector.matches(pod.labels);
}

bool any_selects(std::span<const NetworkPolicy> policies, const PodInfo& pod) {
  return std::any_of(policies.begin(), policies.end(),
                     [&](const NetworkPolicy& p) { return selects(p, pod); });
}

bool peer_matches(const Peer& peer, const std::string& policy_ns, PolicyDirection direction,
                  const Remote& remote) {
  if (peer.ip_block) return in_block(*peer.ip_block, remote.ip);
  if (remote.pod) return selector_matches_pod(peer, policy_ns, *remote.pod);
  if (remote.service && direction == PolicyDirection::kEgress)
    return selector_matches_service(peer, policy_ns, *remote.service);
  return false;
}

bool rule_matches(const Rule& rule, const std::string& policy_ns, PolicyDirection direction,
                  const PodInfo& judged, const Remote& remote, net::Protocol protocol,
                  uint16_t port) {
  // Whose containerPorts name a port (endpoints.go): an ingress rule's, the policy's own pods'
  // (resolveIngressPorts), whatever the peer; an egress rule's, each destination pod's
  // (getPortList) — an ipBlock or an allow-all egress rule drops named ports
  // (convertToPolicyInfoPortForCIDRs, buildAllowAllEgress).
  const bool ingress = direction == PolicyDirection::kIngress;
  const PodInfo* for_cidrs = ingress ? &judged : nullptr;
  if (rule.peers.empty()) return ports_match(rule.ports, protocol, port, for_cidrs);  // 0.0.0.0/0
  for (const Peer& peer : rule.peers) {
    if (peer.ip_block) {
      if (in_block(*peer.ip_block, remote.ip) && ports_match(rule.ports, protocol, port, for_cidrs))
        return true;
      continue;
    }
    if (remote.pod && selector_matches_pod(peer, policy_ns, *remote.pod) &&
        ports_match(rule.ports, protocol, port, ingress ? &judged : &*remote.pod))
      return true;
    if (remote.service && !ingress && selector_matches_service(peer, policy_ns, *remote.service) &&
        service_ports_match(rule.ports, *remote.service, protocol, port))
      return true;
  }
  return false;
}

Decision judge(std::span<const NetworkPolicy> policies, const PodInfo& pod, PodState state,
               PolicyDirection direction, const Remote& remote, net::Protocol protocol,
               uint16_t port) {
  Decision d;
  d.direction = direction;
  if (state == PodState::kDefaultAllow) return d;
  if (remote.is_own_node) {
    d.basis = Basis::kOwnNode;
    return d;
  }
  if (state == PodState::kDefaultDeny) {
    d.allowed = false;
    d.basis = Basis::kDefaultDeny;
    return d;
  }
  // Name order, so that the rule reported is the same whatever order the policies came in.
  std::vector<const NetworkPolicy*> isolating;
  for (const NetworkPolicy& p : policies) {
    const bool isolates =
        direction == PolicyDirection::kIngress ? p.isolates_ingress : p.isolates_egress;
    if (isolates && selects(p, pod)) isolating.push_back(&p);
  }
  std::sort(isolating.begin(), isolating.end(),
            [](const NetworkPolicy* a, const NetworkPolicy* b) { return a->name < b->name; });
  if (isolating.empty()) {
    d.basis = Basis::kNotIsolated;
    return d;
  }
  for (const NetworkPolicy* p : isolating) {
    const auto& rules = direction == PolicyDirection::kIngress ? p->ingress : p->egress;
    for (size_t i = 0; i < rules.size(); ++i) {
      if (rule_matches(rules[i], p->ns, direction, pod, remote, protocol, port)) {
        d.basis = Basis::kAllowedByRule;
        d.policies = {p->id()};
        d.rule = static_cast<int>(i);
        return d;
      }
    }
  }
  d.allowed = false;
  d.basis = Basis::kNoRuleMatched;
  for (const NetworkPolicy* p : isolating)
    d.policies.push_back(p->id());
  return d;
}

std::string Decision::describe(net::Protocol protocol, uint16_t port, net::Ipv4 remote) const {
  const std::string_view dir = to_string(direction);
  std::string list;
  for (const std::string& p : policies)
    list += (list.empty() ? "" : ", ") + p;
  switch (basis) {
    case Basis::kDefaultAllow:
      return fmt::format("{} allowed: DEFAULT_ALLOW (no policy in force for the pod)", dir);
    case Basis::kDefaultDeny:
      return fmt::format(
          "{} denied: DEFAULT_DENY (strict mode, no policy in force that selects the pod)", dir);
    case Basis::kOwnNode:
      return fmt::format("{} allowed: the pod's own node is always allowed", dir);
    case Basis::kNotIsolated:
      return fmt::format("{} allowed: no policy isolates the pod for {}", dir, dir);
    case Basis::kAllowedByRule:
      return fmt::format("{} allowed by policy {} spec.{}[{}]", dir, list, dir, rule);
    case Basis::kNoRuleMatched:
      return fmt::format("{} denied: pod isolated by polic{} {} and no {} rule allows {} {} {} {}",
                         dir, policies.size() == 1 ? "y" : "ies", list, dir, protocol.to_string(),
                         port, direction == PolicyDirection::kEgress ? "to" : "from",
                         remote.to_string());
  }
  return "";
}

}  // namespace ekssim::netpol
