#include "models/cluster/pod_network.h"

#include <fmt/format.h>

#include "models/cluster/node_agent.h"

namespace ekssim::cluster {

Senders senders_on(const NodeAgent& node, k8s::NodeId node_id, net::Ipv4 pod_ip,
                   bool host_network, uint32_t class_id) {
  return Senders{&node,    node_id,     pod_ip,
                 host_network, class_id, node.name(),
                 node.conntrack_dns_race()};
}

net::Flow connection_flow(const Senders& senders, net::Protocol protocol, net::Ipv4 dst,
                          uint16_t port) {
  return protocol == net::Protocol::udp() ? net::Flow::udp(senders.pod_ip, 40000, dst, port)
                                          : net::Flow::tcp(senders.pod_ip, 40000, dst, port);
}

std::string connect_failure_message(bool refused, net::Ipv4 ip, uint16_t port) {
  return fmt::format("dial tcp {}:{}: {}", ip.to_string(), port,
                     refused ? "connect: connection refused" : "i/o timeout");
}

PodNetwork::PodNetwork(const sim::Kernel& kernel, const aws::Ec2State& ec2,
                       const AddressSync& addresses, const vpc::Vpc& vpc,
                       const ServiceRegistry& services, const cni::EnvConfig& env,
                       std::vector<net::Cidr> vpc_cidrs)
    : kernel_(kernel),
      ec2_(ec2),
      addresses_(addresses),
      vpc_(vpc),
      services_(services),
      env_(env),
      vpc_cidrs_(std::move(vpc_cidrs)),
      snat_(vpc_cidrs_, cni::SnatSettings::from_env(env)) {
  refresh_snat();
}

namespace {
// amazon-vpc-cni-k8s README: POD_SECURITY_GROUP_ENFORCING_MODE, strict (default) or standard.
bool strict_mode(const cni::EnvConfig& env) {
  const auto it = env.find("POD_SECURITY_GROUP_ENFORCING_MODE");
  return it == env.end() || it->second != "standard";
}
}  // namespace

void PodNetwork::refresh_snat() {
  snat_ = cni::SnatChain(vpc_cidrs_, cni::SnatSettings::from_env(env_));
  ++env_version_;
  strict_pod_groups_ = strict_mode(env_);
}

std::vector<vpc::EniId> PodNetwork::node_branches(k8s::NodeId node) const {
  std::vector<vpc::EniId> enis;
  if (branches_ == nullptr || !node.valid()) return enis;
  for (aws::EniIndex eni : branches_->branches_on(node)) {
    if (const auto id = addresses_.vpc_eni(eni)) enis.push_back(*id);
  }
  return enis;
}

std::vector<vpc::EniId> PodNetwork::node_enis(const NodeAgent& node) const {
  std::vector<vpc::EniId> enis;
  for (aws::EniIndex eni : ec2_.instance(node.instance()).enis) {
    if (const auto id = addresses_.vpc_eni(eni)) enis.push_back(*id);
  }
  return enis;
}

cni::ServiceDnat PodNetwork::service_rules(const NodeAgent& node, k8s::NodeId node_id,
                                           size_t pick) const {
  return [this, &node, node_id, pick](net::Ipv4 dst, uint16_t port, net::Protocol protocol) {
    const k8s::DnatDecision d =
        services_.decide(node_id, node.name(), dst, port, protocol, kernel_.now());
    const uint32_t index = 0;
    switch (d.verdict) {
      case k8s::DnatVerdict::kNotAService:
        return cni::ServiceLookup::not_a_service();
      case k8s::DnatVerdict::kReject:
        return cni::ServiceLookup::reject(d.service_port->name, index);
      case k8s::DnatVerdict::kDrop:
        return cni::ServiceLookup::drop(d.service_port->name, index);
      case k8s::DnatVerdict::kDnat:
        break;
    }
    const k8s::ProxyEndpoint& e = d.candidates[pick % d.candidates.size()];
    return cni::ServiceLookup::endpoint(d.service_port->name, index, e.ip, e.port);
  };
}

NetworkPolicies::Judgement PodNetwork::egress_policy(const Senders& senders, net::Protocol protocol,
                                                     net::Ipv4 dst, uint16_t port,
                                                     bool want_trace) const {
  if (policies_ == nullptr || senders.host_network) return {};
  return policies_->judge_egress(senders.pod_ip, connection_flow(senders, protocol, dst, port),
                                 want_trace);
}

net::Verdict PodNetwork::with_ingress_policy(net::Verdict v, std::vector<net::Hop> before,
                                             const cni::ServiceDnat& rules, net::Ipv4 src,
                                             const net::Flow& flow, bool want_trace) const {
  const auto merged = [&](std::vector<net::Hop> after) {
    before.insert(before.end(), v.hops.begin(), v.hops.end());
    before.insert(before.end(), after.begin(), after.end());
    return before;
  };
  if (policies_ == nullptr || !v.passed()) {
    if (want_trace) v.hops = merged({});
    return v;
  }
  net::Ipv4 dst = flow.dst;
  uint16_t port = flow.dst_port;
  if (flow.protocol.has_ports()) {
    const cni::ServiceLookup l = rules(flow.dst, flow.dst_port, flow.protocol);
    if (l.kind == cni::ServiceLookup::Kind::kEndpoint) {
      dst = l.endpoint_ip;
      port = l.endpoint_port;
    }
  }
  NetworkPolicies::Judgement in =
      policies_->judge_ingress(src, dst, flow.protocol, port, want_trace);
  if (in.denied) {
    net::Verdict denied = std::move(*in.denied);
    if (want_trace) denied.hops = merged(std::move(denied.hops));
    return denied;
  }
  if (want_trace) v.hops = merged(std::move(in.hops));
  return v;
}

net::Verdict PodNetwork::from_pod(const NodeAgent& node, k8s::NodeId node_id, net::Ipv4 pod_ip,
                                  const net::Flow& flow, bool want_trace, size_t pick,
                                  bool egress_judged) const {
  const std::vector<vpc::EniId> enis = node_enis(node);
  const cni::ServiceDnat rules = service_rules(node, node_id, pick);
  net::Flow from_pod = flow;
  from_pod.src = pod_ip;
  NetworkPolicies::Judgement out;
  if (policies_ != nullptr && !egress_judged) {
    out = policies_->judge_egress(pod_ip, from_pod, want_trace);
    if (out.denied) return std::move(*out.denied);
  }
  const std::vector<vpc::EniId> branches = node_branches(node_id);
  net::Verdict v =
      cni::evaluate_from_pod({vpc_, snat_, &rules, strict_pod_groups_},
                             {node.name(), node.primary_eni(), enis, branches}, from_pod,
                             {want_trace});
  return with_ingress_policy(std::move(v), std::move(out.hops), rules, pod_ip, from_pod,
                             want_trace);
}

net::Verdict PodNetwork::from_node(const NodeAgent& node, k8s::NodeId node_id,
                                   const net::Flow& flow, bool want_trace, size_t pick) const {
  const std::vector<vpc::EniId> enis = node_enis(node);
  const cni::ServiceDnat rules = service_rules(node, node_id, pick);
  net::Flow from_host = flow;
  from_host.src = node.primary_ip();
  const std::vector<vpc::EniId> branches = node_branches(node_id);
  net::Verdict v =
      cni::evaluate_from_node({vpc_, snat_, &rules, strict_pod_groups_},
                              {node.name(), node.primary_eni(), enis, branches}, from_host,
                              {want_trace});
  return with_ingress_policy(std::move(v), {}, rules, from_host.src, from_host, want_trace);
}

net::Verdict PodNetwork::from_unregistered_node(const NodeAgent& node, const net::Flow& flow,
                                                bool want_trace) const {
  const std::vector<vpc::EniId> enis = node_enis(node);
  net::Flow from_host = flow;
  from_host.src = node.primary_ip();
  return cni::evaluate_from_node({vpc_, snat_, nullptr}, {node.name(), node.primary_eni(), enis},
                                 from_host, {want_trace});
}

net::Verdict PodNetwork::from_senders(const Senders& senders, const net::Flow& flow,
                                      bool want_trace, size_t pick, bool egress_judged) const {
  return senders.host_network ? from_node(*senders.node, senders.node_id, flow, want_trace, pick)
                              : from_pod(*senders.node, senders.node_id, senders.pod_ip, flow,
                                         want_trace, pick, egress_judged);
}

}  // namespace ekssim::cluster
