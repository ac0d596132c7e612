#include "models/cluster/traffic_probe.h"

#include <fmt/format.h>

#include "models/cluster/node_agent.h"
#include "models/dns/resolver_messages.h"

namespace ekssim::cluster {

TrafficProbe::TrafficProbe(const TrafficContext& context, uint64_t seed)
    : c_(context), random_(seed, "traffic-probe") {}

const spec::PodDnsConfig* TrafficProbe::dns_config_of(std::string_view ns,
                                                      std::string_view deployment) const {
  for (const spec::Workload& w : c_.scenario.workloads) {
    const auto* d = std::get_if<spec::Deployment>(&w);
    if (d != nullptr && d->ns == ns && d->name == deployment && d->dns_config)
      return &*d->dns_config;
  }
  return nullptr;
}

std::optional<TrafficProbe::Sender> TrafficProbe::sender(const spec::Subject& from) const {
  const bool by_group = from.kind == spec::Subject::Kind::kNodeGroup;
  if (!by_group && from.kind != spec::Subject::Kind::kDeployment) return std::nullopt;
  for (size_t i = 0; i < c_.api.pod_slots(); ++i) {
    const k8s::Pod& pod = c_.api.pod(k8s::PodId(static_cast<uint32_t>(i)));
    if (pod.removed || pod.terminating || pod.phase != k8s::PodPhase::kRunning || !pod.has_ip)
      continue;
    const k8s::PodTemplate& spec = c_.api.spec_of(pod);
    const NodeAgent* node = c_.find_node(pod.node);
    if (node == nullptr || spec.host_network) continue;
    const std::string_view ns = c_.api.strings().view(spec.ns);
    if (by_group ? node->node_group() != from.name
                 : (ns != from.ns || spec.owner_kind != k8s::OwnerKind::kReplicaSet ||
                    c_.api.strings().view(spec.owner_name) != from.name)) {
      continue;
    }
    const uint32_t class_id = c_.exchanges.class_of(*node, c_.network.policy_identity(pod),
                                                    c_.network.branch_identity(pod));
    const Senders senders = senders_on(*node, pod.node, pod.ip, false, class_id);
    return Sender{senders, std::string(ns), fmt::format("{}/{}", ns, pod.name),
                  c_.pod_resolver(ns, spec.dns_policy, false,
                                  dns_config_of(ns, c_.api.strings().view(spec.owner_name)))};
  }
  return std::nullopt;
}

ProbeResult TrafficProbe::run_lookup(Sender& sender, std::string_view name, std::string* answered) {
  std::vector<FailureCause> causes;
  const sim::Time start = c_.kernel.now();
  const std::vector<CohortResult> results = run_lookup_cohorts(
      dns::ResolverKind::kGlibc, name, sender.resolver, 1,
      [&](const ExchangeRequest& request, std::vector<ExchangeShare>& shares) {
        c_.exchanges.answer(sender.senders, start, sim::Duration::zero(), request,
                            c_.exchanges.names().intern(request.wire_name), random_, causes,
                            shares);
      });
  ProbeResult probe;
  probe.from = sender.who;
  const CohortResult& r = results.front();
  probe.ok = r.result.resolved;
  probe.elapsed = r.result.elapsed;
  if (probe.ok) {
    if (answered != nullptr) {
      answered->clear();
      dns::append_candidate_name(*answered, name, sender.resolver,
                                 dns::candidates(dns::ResolverKind::kGlibc, name,
                                                 sender.resolver)[r.result.answered_candidate]);
    }
    return probe;
  }
  probe.message = dns::failure_message(dns::ResolverKind::kGlibc, r.result, name, sender.resolver,
                                       {sender.senders.pod_ip, 40000});
  if (r.cause != 0) {
    probe.cause = causes[r.cause - 1].cause;
    probe.fix = causes[r.cause - 1].fix;
  } else {
    probe.cause = fmt::format("{}: {}", name, dns::failure_reason(r.result));
  }
  return probe;
}

std::optional<ProbeResult> TrafficProbe::lookup(const spec::Subject& from, std::string_view name) {
  std::optional<Sender> s = sender(from);
  if (!s) return std::nullopt;
  return run_lookup(*s, name, nullptr);
}

std::optional<ProbeResult> TrafficProbe::connect(const spec::Subject& from, std::string_view host,
                                                 uint16_t port) {
  std::optional<Sender> s = sender(from);
  if (!s) return std::nullopt;
  std::string answered;
  ProbeResult probe = run_lookup(*s, host, &answered);
  if (!probe.ok) return probe;
  const std::optional<net::Ipv4> ip = resolved_address(answered, c_.directory, c_.vpc_resolver);
  if (!ip) {
    probe.ok = false;
    probe.cause = fmt::format("{} resolved to no address", host);
    return probe;
  }
  const Senders& from_pod = s->senders;
  const k8s::DnatDecision d = c_.services.decide(from_pod.node_id, from_pod.node->name(), *ip, port,
                                                 net::Protocol::tcp(), c_.kernel.now());
  const size_t picks = d.verdict == k8s::DnatVerdict::kDnat ? d.candidates.size() : 1;
  const net::Flow flow = connection_flow(from_pod, net::Protocol::tcp(), *ip, port);
  for (size_t pick = 0; pick < picks; ++pick) {
    const net::Verdict v = c_.network.from_senders(from_pod, flow, true, pick);
    if (v.passed()) continue;
    const bool refused = v.reason == net::Reason::kKubeProxyReject;
    probe.ok = false;
    probe.message = connect_failure_message(refused, *ip, port);
    probe.cause = v.denial();
    probe.fix = v.fix ? v.fix->text : std::string();
    return probe;
  }
  return probe;
}

}  // namespace ekssim::cluster
