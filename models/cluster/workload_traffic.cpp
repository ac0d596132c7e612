#include "models/cluster/workload_traffic.h"

#include <fmt/format.h>

#include <algorithm>

#include "models/cluster/cluster_events.h"
#include "models/cluster/node_agent.h"
#include "models/cluster/spec_conversions.h"
#include "models/dns/dns_events.h"
#include "models/dns/resolver_messages.h"
#include "models/dns/resolver_options.h"

namespace ekssim::cluster {

namespace {

constexpr dns::NameId kNoName = ~dns::NameId{0};

dns::ResolverKind resolver_kind(spec::Traffic::Client client) {
  switch (client) {
    case spec::Traffic::Client::kGlibc:
      return dns::ResolverKind::kGlibc;
    case spec::Traffic::Client::kGo:
      return dns::ResolverKind::kGo;
    case spec::Traffic::Client::kDig:
      return dns::ResolverKind::kDig;
  }
  return dns::ResolverKind::kGlibc;
}

// Why a lookup failed without sending anything: glibc read attempts of 0 or less (or there is no
// nameserver, where it would ask 127.0.0.1 and nothing listens).
FailureCause no_query_sent(const spec::Deployment& deployment) {
  if (deployment.dns_config) {
    for (const spec::DnsConfigOption& option : deployment.dns_config->options) {
      if (option.name == "attempts" && option.value &&
          dns::glibc_resolver_options(std::vector{"attempts:" + *option.value}).attempts == 0) {
        return {fmt::format("the pod's resolv.conf has options attempts:{}: glibc's try loop "
                            "(resolv/res_send.c) runs no time, so no query is sent",
                            *option.value),
                "set the dnsConfig option attempts between 1 and 5 (glibc's default is 2)"};
      }
    }
  }
  return {"the pod's resolv.conf sends no query", ""};
}

}  // namespace

struct WorkloadTraffic::PodClass {
  uint32_t id = 0;  // DnsExchanges::class_of
  std::vector<k8s::PodId> pods;
  // The senders its first pod makes, kept while that pod stays first.
  std::optional<Senders> senders;
  k8s::PodId senders_pod;
  uint64_t rotation = 0;  // which pods take the next failures
  // The members' nameserver offsets with `rotate` (CohortStart::rotation).
  uint64_t nameserver_rotation = 0;
  // How many of the pods' resolving threads glibc switched to single-request mode.
  int64_t single_request_pods = 0;
};

struct WorkloadTraffic::Stream {
  // Every class fared alike at these versions (kube-dns's endpoints, the network, the stream's
  // membership): the next ticks reuse `merged` without walking the classes. First in the
  // stream: a tick reads them first, and the kernel prefetches the stream's first line (tick).
  uint64_t membership = 0;
  std::optional<std::tuple<uint64_t, uint64_t, uint64_t>> all_alike;
  std::optional<Senders> merged_senders;
  const spec::Deployment* deployment = nullptr;
  // A copy of the scenario's entry, which every tick reads: the streams' copies (and their
  // hosts' text) sit together in memory, where the scenario's lie among its other entries and
  // reading them was a cache miss per tick (perf: 6% of the 5,000-node hour's samples, then 7%
  // less time with the copies; bench/README.md, 2026-12-08).
  spec::Traffic traffic;
  dns::ResolverConfig resolver;
  dns::ResolverKind kind = dns::ResolverKind::kGlibc;
  sim::Duration phase;
  sim::RandomStream random;
  std::map<uint32_t, PodClass> classes;  // by node class
  std::vector<dns::NameId> names;        // each candidate's wire name, interned on first use
  bool many_names = false;               // the host holds "{n}"
  int64_t next_name = 0;                 // with many_names: the next lookup's name
  PodClass merged;                       // the classes that fare alike, this tick
  std::vector<FailureCause> causes;      // this tick's
};

WorkloadTraffic::WorkloadTraffic(const TrafficContext& context, uint64_t seed, sim::Trace& trace)
    : c_(context), seed_(seed), trace_(trace) {
  for (const spec::Workload& w : c_.scenario.workloads) {
    const auto* d = std::get_if<spec::Deployment>(&w);
    if (d == nullptr) continue;
    const dns::ResolverConfig resolver =
        c_.pod_resolver(d->ns, to_k8s_dns_policy(d->dns_policy), d->host_network,
                        d->dns_config ? &*d->dns_config : nullptr);
    for (const spec::Traffic& t : d->traffic) {
      const std::string name = fmt::format("traffic/{}/{}/{}", d->ns, d->name, streams_.size());
      auto stream = std::make_unique<Stream>(
          Stream{.membership = 0,
                 .all_alike = {},
                 .merged_senders = {},
                 .deployment = d,
                 .traffic = t,
                 .resolver = resolver,
                 .kind = resolver_kind(t.client),
                 .phase = {},
                 .random = sim::RandomStream(seed_, name),
                 .classes = {},
                 .names = {},
                 .many_names = t.host.find(spec::kNamePlaceholder) != std::string::npos,
                 .next_name = 0,
                 .merged = {},
                 .causes = {}});
      stream->phase = stream->random.uniform(sim::Duration::zero(), t.every);
      streams_by_deployment_[{d->ns, d->name}].push_back(static_cast<uint32_t>(streams_.size()));
      streams_.push_back(std::move(stream));
    }
  }
  c_.api.watch_pods(this);
}

WorkloadTraffic::~WorkloadTraffic() = default;

void WorkloadTraffic::start() {
  started_ = true;
  for (auto& s : streams_) {
    Stream* stream = s.get();
    c_.kernel.schedule_in(stream->phase, [this, stream] { tick(*stream); });
  }
}

const std::vector<uint32_t>& WorkloadTraffic::streams_of(const k8s::Pod& pod) {
  const uint32_t t = pod.spec.index();
  if (t >= template_known_.size()) {
    template_known_.resize(t + 1, false);
    streams_by_template_.resize(t + 1);
  }
  if (!template_known_[t]) {
    const k8s::PodTemplate& spec = c_.api.spec_of(pod);
    if (spec.owner_kind == k8s::OwnerKind::kReplicaSet) {
      const auto it = streams_by_deployment_.find(
          std::pair(std::string(c_.api.strings().view(spec.ns)),
                    std::string(c_.api.strings().view(spec.owner_name))));
      if (it != streams_by_deployment_.end()) streams_by_template_[t] = it->second;
    }
    template_known_[t] = true;
  }
  return streams_by_template_[t];
}

void WorkloadTraffic::pod_changed(const k8s::Pod& pod, k8s::PodChange change) {
  if (!started_) return;
  if (change == k8s::PodChange::kRunning) join(pod);
  if (change == k8s::PodChange::kTerminating) leave(pod);
}

void WorkloadTraffic::pod_removed(const k8s::Pod& pod) {
  if (started_) leave(pod);
}

void WorkloadTraffic::trace_pods(const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    traced_names_.insert(name.find('/') == std::string::npos ? "default/" + name : name);
  }
}

void WorkloadTraffic::join(const k8s::Pod& pod) {
  const NodeAgent* node = c_.find_node(pod.node);
  if (node == nullptr) return;
  if (!traced_names_.empty() &&
      traced_names_.count(fmt::format("{}/{}", c_.api.namespace_of(pod), pod.name)) > 0) {
    traced_pods_.insert(pod.id);
  }
  const uint32_t id = c_.exchanges.class_of(*node, c_.network.policy_identity(pod),
                                             c_.network.branch_identity(pod));
  for (uint32_t s : streams_of(pod)) {
    PodClass& c = streams_[s]->classes[id];
    c.id = id;
    c.pods.push_back(pod.id);
    ++streams_[s]->membership;
  }
}

void WorkloadTraffic::leave(const k8s::Pod& pod) {
  for (uint32_t s : streams_of(pod)) {
    for (auto& [key, c] : streams_[s]->classes) {
      const auto it = std::find(c.pods.begin(), c.pods.end(), pod.id);
      if (it != c.pods.end()) {
        c.pods.erase(it);
        ++streams_[s]->membership;
        break;
      }
    }
  }
}

void WorkloadTraffic::tick(Stream& stream) {
  walk_classes(stream);
  // The stream is the state the tick reads first: the kernel prefetches it (Kernel::schedule_at).
  c_.kernel.schedule_at(c_.kernel.now() + stream.traffic.every, [this, &stream] { tick(stream); },
                        &stream);
}

void WorkloadTraffic::walk_classes(Stream& stream) {
  // Classes whose every path to CoreDNS fares alike run as one: in a healthy cluster a stream
  // costs one cohort walk per tick, whatever the number of node groups and subnets.
  const auto versions =
      std::tuple(c_.services.kube_dns_version(), c_.exchanges.network_version(), stream.membership);
  PodClass& merged = stream.merged;
  if (stream.all_alike == versions && stream.merged_senders) {
    run_class(stream, merged, *stream.merged_senders);
    return;
  }
  merged.pods.clear();
  stream.merged_senders.reset();
  const net::Ipv4 nameserver = stream.resolver.nameservers().empty()
                                   ? c_.services.kube_dns_ip()
                                   : stream.resolver.nameservers().front();
  bool all_alike = true;
  for (auto& [key, pods] : stream.classes) {
    if (pods.pods.empty()) continue;
    const Senders senders = senders_of(stream, pods);
    if (senders.node == nullptr) {
      all_alike = false;
      continue;
    }
    if (c_.exchanges.uniform(senders, nameserver, c_.kernel.now())) {
      if (!stream.merged_senders) stream.merged_senders = senders;
      merged.pods.insert(merged.pods.end(), pods.pods.begin(), pods.pods.end());
    } else {
      all_alike = false;
      run_class(stream, pods, senders);
    }
  }
  stream.all_alike.reset();
  if (all_alike) stream.all_alike = versions;
  if (stream.merged_senders) run_class(stream, merged, *stream.merged_senders);
}

Senders WorkloadTraffic::senders_of(const Stream& stream, PodClass& pods) const {
  if (pods.senders && pods.senders_pod == pods.pods.front()) return *pods.senders;
  const k8s::Pod& first = c_.api.pod(pods.pods.front());
  const NodeAgent* node = c_.find_node(first.node);
  if (node == nullptr) return {};
  const bool host_network = stream.deployment->host_network;
  pods.senders = senders_on(*node, first.node, host_network ? node->primary_ip() : first.ip,
                            host_network, pods.id);
  pods.senders_pod = pods.pods.front();
  return *pods.senders;
}

void WorkloadTraffic::run_class(Stream& stream, PodClass& pods, const Senders& senders) {
  if (pods.pods.empty()) return;
  if (!traced(pods)) {
    run_class_lookups(stream, pods, senders);
    return;
  }
  TickLookups tick;
  tick.rotation_before = pods.rotation;
  tick_lookups_ = &tick;
  run_class_lookups(stream, pods, senders);
  tick_lookups_ = nullptr;
  report_traced_successes(pods, tick);
}

void WorkloadTraffic::run_class_lookups(Stream& stream, PodClass& pods, const Senders& senders) {
  const auto count = static_cast<int64_t>(pods.pods.size());
  const sim::Time now = c_.kernel.now();
  const spec::Traffic& traffic = stream.traffic;
  const int64_t single_request = std::min(pods.single_request_pods, count);
  const CohortStart start{pods.nameserver_rotation, single_request};
  ++pods.nameserver_rotation;
  if (!stream.many_names) {
    pods.single_request_pods = run_lookups(
        stream, pods, senders, {traffic.host, count, now, traffic.every, &stream.names}, start);
    return;
  }
  // Many names: the members take the stream's next names in turn, each name's lookups in a slot
  // of its own so that the interval's lookups stay spread over it as one name's batch would be.
  // The pods already in single-request mode are taken first.
  const int64_t distinct = std::min(count, traffic.names);
  const sim::Duration slot = traffic.every / distinct;
  int64_t switched_left = single_request;
  int64_t switched_after = 0;
  int64_t first_member = 0;
  for (int64_t i = 0; i < distinct; ++i) {
    const int64_t members = count / distinct + (i < count % distinct ? 1 : 0);
    const std::string host = name_of(traffic, (stream.next_name + i) % traffic.names);
    const int64_t switched = std::min(switched_left, members);
    switched_left -= switched;
    switched_after += run_lookups(stream, pods, senders,
                                  {host, members, now + slot * i, slot, nullptr, first_member},
                                  {start.rotation + static_cast<uint64_t>(i), switched});
    first_member += members;
  }
  pods.single_request_pods = switched_after;
  stream.next_name = (stream.next_name + count) % traffic.names;
}

std::string WorkloadTraffic::name_of(const spec::Traffic& traffic, int64_t index) {
  std::string host = traffic.host;
  const std::string number = std::to_string(index);
  for (size_t at = host.find(spec::kNamePlaceholder); at != std::string::npos;
       at = host.find(spec::kNamePlaceholder, at + number.size())) {
    host.replace(at, spec::kNamePlaceholder.size(), number);
  }
  return host;
}

int64_t WorkloadTraffic::run_lookups(Stream& stream, PodClass& pods, const Senders& senders,
                                     const Lookups& lookups, const CohortStart& start) {
  stream.causes.clear();
  const std::vector<CohortResult> results = run_lookup_cohorts(
      stream.kind, lookups.host, stream.resolver, lookups.count,
      [&](const ExchangeRequest& request, std::vector<ExchangeShare>& shares) {
        dns::NameId name = kNoName;
        if (lookups.interned != nullptr) {
          std::vector<dns::NameId>& interned = *lookups.interned;
          if (interned.size() <= request.candidate) interned.resize(request.candidate + 1, kNoName);
          if (interned[request.candidate] == kNoName)
            interned[request.candidate] = c_.exchanges.names().intern(request.wire_name);
          name = interned[request.candidate];
        } else {
          name = c_.exchanges.names().intern(request.wire_name);
        }
        c_.exchanges.answer(senders, lookups.start, lookups.span, request, name, stream.random,
                            stream.causes, shares);
      },
      start);
  const sim::Duration offset = lookups.start - c_.kernel.now();
  if (tick_lookups_ != nullptr) {
    tick_lookups_->calls.push_back(
        {.first_member = lookups.first_member, .members = lookups.count, .resolved = {}});
  }
  int64_t single_request = 0;
  for (const CohortResult& r : results) {
    if (r.result.single_request) single_request += r.count;
    stats_.lookups += r.count;
    stats_.queries += r.count * r.result.queries;
    if (r.result.resolved) {
      stats_.resolved_latency[r.result.elapsed.nanoseconds()] += r.count;
      if (tick_lookups_ != nullptr) {
        tick_lookups_->calls.back().resolved.push_back({.count = r.count,
                                                        .queries = r.result.queries,
                                                        .after = offset + r.result.elapsed,
                                                        .elapsed = r.result.elapsed,
                                                        .name = lookups.host});
      }
      if (stream.traffic.kind == spec::Traffic::Kind::kConnect) {
        // The answered candidate was asked, so its name is interned already: in the stream's
        // ids when it has one host, else interning its wire name again finds it.
        const auto candidate = static_cast<size_t>(r.result.answered_candidate);
        dns::NameId resolved = kNoName;
        if (lookups.interned != nullptr && candidate < lookups.interned->size())
          resolved = (*lookups.interned)[candidate];
        if (resolved == kNoName) {
          std::string wire;
          dns::append_candidate_name(
              wire, lookups.host, stream.resolver,
              dns::candidates(stream.kind, lookups.host, stream.resolver)[candidate]);
          resolved = c_.exchanges.names().intern(wire);
        }
        connect(stream, pods, senders, r.count, lookups.host, resolved, offset + r.result.elapsed);
      }
      continue;
    }
    stats_.failed_lookups += r.count;
    const std::string message = dns::failure_message(stream.kind, r.result, lookups.host,
                                                     stream.resolver, {senders.pod_ip, 40000});
    const FailureCause cause =
        r.cause != 0 ? stream.causes[r.cause - 1]
        : r.result.queries == 0 && r.result.cause == dns::Reply::kUnreachable
            ? no_query_sent(*stream.deployment)
            : FailureCause{fmt::format("{} does not exist", lookups.host), ""};
    report_failures(pods, {.count = r.count,
                           .after = offset + r.result.elapsed,
                           .elapsed = r.result.elapsed,
                           .dns = true,
                           .target = lookups.host,
                           .reason = std::string(dns::failure_reason(r.result)),
                           .message = message,
                           .cause = cause});
  }
  return single_request;
}

void WorkloadTraffic::connect(Stream& stream, PodClass& pods, const Senders& senders, int64_t count,
                              const std::string& host, dns::NameId resolved_name,
                              sim::Duration after) {
  const std::optional<net::Ipv4> ip = c_.exchanges.resolved_address(resolved_name);
  if (!ip) return;
  const uint16_t port = stream.traffic.port;
  const net::Protocol protocol = stream.traffic.protocol;
  stats_.connects += count;
  const k8s::DnatDecision d = c_.services.decide(senders.node_id, senders.node_name, *ip, port,
                                                 protocol, c_.kernel.now());
  const std::vector<bool>& passed = connect_verdicts(senders, *ip, port, protocol, d);
  // The members spread over kube-proxy's candidates as its rules pick them.
  const std::vector<int64_t> shares = dns::split_evenly(count, passed.size(), stream.random);
  for (size_t pick = 0; pick < passed.size(); ++pick) {
    if (shares[pick] == 0 || passed[pick]) continue;
    stats_.failed_connects += shares[pick];
    const net::Flow flow = connection_flow(senders, protocol, *ip, port);
    const net::Verdict v = c_.network.from_senders(senders, flow, true, pick);
    const bool refused = v.reason == net::Reason::kKubeProxyReject;
    const std::string target = fmt::format("{}:{}", host, port);
    report_failures(pods, {.count = shares[pick],
                           .after = after,
                           .elapsed = sim::Duration::zero(),
                           .dns = false,
                           .target = target,
                           .reason = refused ? "ConnectionRefused" : "ConnectTimeout",
                           .message = connect_failure_message(refused, *ip, port),
                           .cause = {fmt::format("{} to {}: {}",
                                                 protocol == net::Protocol::udp() ? "udp" : "tcp",
                                                 target, v.denial()),
                                     v.fix ? v.fix->text : std::string()}});
  }
}

const std::vector<bool>& WorkloadTraffic::connect_verdicts(const Senders& senders, net::Ipv4 ip,
                                                           uint16_t port, net::Protocol protocol,
                                                           const k8s::DnatDecision& d) {
  ConnectVerdicts& cached =
      connect_verdicts_[ConnectKey{senders.class_id, ip.value(), port, protocol.value()}];
  // Nodes of a class lag alike only roughly; the verdicts are judged against the API's version.
  if (cached.services_version == c_.services.version() &&
      cached.network_version == c_.exchanges.network_version()) {
    return cached.passed;
  }
  const size_t n = d.verdict == k8s::DnatVerdict::kDnat ? d.candidates.size() : 1;
  const net::Flow flow = connection_flow(senders, protocol, ip, port);
  cached.passed.assign(n, false);
  for (size_t pick = 0; pick < n; ++pick) {
    cached.passed[pick] = c_.network.from_senders(senders, flow, false, pick).passed();
  }
  cached.services_version = c_.services.version();
  cached.network_version = c_.exchanges.network_version();
  return cached.passed;
}

size_t WorkloadTraffic::ConnectKeyHash::operator()(const ConnectKey& k) const {
  // splitmix64's finaliser (as sim/random.cpp) over the fields packed into two words.
  const auto mix = [](uint64_t x) {
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  };
  const uint64_t high = uint64_t{k.class_id} << 32 | k.address;
  const uint64_t low = uint64_t{k.port} << 32 | static_cast<uint32_t>(k.protocol);
  return static_cast<size_t>(mix(high ^ mix(low)));
}

void WorkloadTraffic::report_failures(PodClass& pods, Failures failures) {
  const NodeAgent* node = c_.find_node(c_.api.pod(pods.pods.front()).node);
  stats_.failures[{node ? node->node_group() : std::string(), failures.reason}] += failures.count;
  // Which members failed: the next `count` pods of the class, round-robin.
  std::vector<k8s::PodId> victims;
  for (int64_t k = 0; k < failures.count; ++k)
    victims.push_back(pods.pods[(pods.rotation + static_cast<uint64_t>(k)) % pods.pods.size()]);
  pods.rotation += static_cast<uint64_t>(failures.count);
  const sim::Duration after = failures.after;
  c_.kernel.schedule_in(after, [this, victims = std::move(victims), f = std::move(failures)] {
    for (k8s::PodId id : victims) {
      const k8s::Pod& pod = c_.api.pod(id);
      if (pod.removed) continue;
      const std::string_view node = c_.api.node_name(pod.node);
      if (f.dns) {
        trace_.emit(dns::DnsLookupFailed{c_.api.namespace_of(pod), pod.name, node, f.target,
                                         f.reason, f.message, f.cause.cause, f.cause.fix,
                                         f.elapsed});
      } else {
        trace_.emit(ConnectFailed{c_.api.namespace_of(pod), pod.name, node, f.target, f.reason,
                                  f.message, f.cause.cause, f.cause.fix});
      }
    }
  });
}

bool WorkloadTraffic::traced(const PodClass& pods) const {
  for (k8s::PodId id : traced_pods_) {
    if (std::find(pods.pods.begin(), pods.pods.end(), id) != pods.pods.end()) return true;
  }
  return false;
}

// Which member took which result: the failures went to the pods from the class's rotation on
// (report_failures); the members of each call that did not fail take its resolved results in
// order, so a traced pod gets exactly one event per tick, failed or resolved.
void WorkloadTraffic::report_traced_successes(const PodClass& pods, const TickLookups& tick) {
  const auto size = static_cast<uint64_t>(pods.pods.size());
  const uint64_t failed = pods.rotation - tick.rotation_before;
  const auto is_victim = [&](uint64_t index) {
    return failed >= size || (index + size - tick.rotation_before % size) % size < failed;
  };
  for (const TickLookups::Call& call : tick.calls) {
    int64_t taken = 0;  // members of the call that did not fail, so far
    for (int64_t m = 0; m < call.members; ++m) {
      const auto index = static_cast<uint64_t>(call.first_member + m);
      if (index >= size || is_victim(index)) continue;
      const int64_t k = taken++;
      const k8s::PodId id = pods.pods[index];
      if (traced_pods_.count(id) == 0) continue;
      int64_t seen = 0;
      for (const Resolved& r : call.resolved) {
        seen += r.count;
        if (k >= seen) continue;
        c_.kernel.schedule_in(r.after, [this, id, r] {
          const k8s::Pod& pod = c_.api.pod(id);
          if (pod.removed) return;
          trace_.emit(dns::DnsLookupSucceeded{c_.api.namespace_of(pod), pod.name,
                                              c_.api.node_name(pod.node), r.name, r.queries,
                                              r.elapsed});
        });
        break;
      }
    }
  }
}

}  // namespace ekssim::cluster
