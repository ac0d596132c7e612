#include "models/dns/coredns.h"

#include <fmt/format.h>

#include <algorithm>

namespace ekssim::dns {

namespace {

constexpr int64_t kSecondNs = 1'000'000'000;
// Linux's default net.ipv4.ip_local_port_range: where CoreDNS's upstream sockets get their port.
constexpr uint64_t kEphemeralLow = 32768;
constexpr uint64_t kEphemeralHigh = 60999;

sim::Time second_end(sim::Time t) {
  return sim::Time::at(sim::Duration::nanoseconds((t.nanoseconds() / kSecondNs + 1) * kSecondNs));
}

}  // namespace

int64_t BatchResult::count(ResponseKind kind) const {
  int64_t total = 0;
  for (const Outcome& o : outcomes)
    if (o.kind == kind) total += o.count;
  return total;
}

void BatchResult::add(ResponseKind kind, sim::Duration latency, int64_t n) {
  if (n <= 0) return;
  const auto before = [&](const Outcome& o) {
    return o.latency < latency || (o.latency == latency && o.kind < kind);
  };
  auto it = std::find_if_not(outcomes.begin(), outcomes.end(), before);
  if (it != outcomes.end() && it->latency == latency && it->kind == kind) {
    it->count += n;
  } else {
    outcomes.insert(it, Outcome{kind, latency, n});
  }
}

// The queries of one batch: count of them, the k-th sent at start + ⌊span·k / count⌋.
struct CoreDns::Span {
  NameId name = 0;
  QueryType type = QueryType::kA;
  int64_t count = 0;
  sim::Time start;
  sim::Duration span;

  // arrival(count) is the end of the span. The products are taken in 128 bits only when they
  // overflow 64: a 128-bit division is a call into libgcc (__divti3), and the traffic's batches
  // (an interval of minutes times a few hundred members) never need it. Both are truncating
  // divisions of the same non-negative values, so the quotients are the same.
  sim::Time arrival(int64_t k) const {
    int64_t product = 0;
    if (!__builtin_mul_overflow(span.nanoseconds(), k, &product))
      return start + sim::Duration::nanoseconds(product / count);
    const __int128 offset = static_cast<__int128>(span.nanoseconds()) * k / count;
    return start + sim::Duration::nanoseconds(static_cast<int64_t>(offset));
  }
  // The first query sent at or after `x` (count when none is).
  int64_t first_at_or_after(sim::Time x) const {
    if (x <= start) return 0;
    if (span <= sim::Duration::zero()) return count;
    const int64_t elapsed = (x - start).nanoseconds();
    int64_t product = 0;
    int64_t rounded_up = 0;
    if (!__builtin_mul_overflow(elapsed, count, &product) &&
        !__builtin_add_overflow(product, span.nanoseconds() - 1, &rounded_up)) {
      return std::min(rounded_up / span.nanoseconds(), count);
    }
    const __int128 k =
        (static_cast<__int128>(elapsed) * count + span.nanoseconds() - 1) / span.nanoseconds();
    return static_cast<int64_t>(std::min<__int128>(k, count));
  }
};

struct CoreDns::BatchState {
  explicit BatchState(BatchResult& r, DnsAnswer* a = nullptr) : result(r), answer(a) {}

  BatchResult& result;
  DnsAnswer* answer = nullptr;  // the last response, for query()
  bool refreshed = false;       // upstream paths evaluated for this batch
  uint16_t port = 0;            // the source port of this batch's upstream exchanges
  struct ErrorSite {
    NameId name;
    QueryType type;
    size_t upstream;
  };
  std::optional<ErrorSite> error;  // the last request forward failed
};

CoreDns::CoreDns(const CoreDnsConfig& config, CoreDnsReplica replica, NameTable& names,
                 const ServiceDirectory& services, VpcResolver& vpc, PathCheck path_check,
                 sim::RandomStream random, ZoneAnswers* shared_zone_answers)
    : config_(config),
      replica_(std::move(replica)),
      names_(names),
      services_(services),
      vpc_(vpc),
      random_(std::move(random)),
      cache_(config.cache),
      forwarder_(config.forward, config.upstreams, vpc, std::move(path_check), replica_.pod_ip,
                 replica_.eni) {
  if (shared_zone_answers == nullptr) {
    own_zone_answers_ = std::make_unique<ZoneAnswers>(config_.kubernetes, services_);
    shared_zone_answers = own_zone_answers_.get();
  }
  zone_answers_ = shared_zone_answers;
}

QueryResult CoreDns::query(sim::Time at, NameId name, QueryType type) {
  QueryResult out;
  out.counts.queries = 1;
  BatchState state(out.counts, &out.answer);
  walk(Span{name, type, 1, at, sim::Duration::zero()}, state);
  if (state.error) {
    out.counts.last_error_log =
        forward_timeout_log(names_.text(state.error->name), state.error->type, replica_.pod_ip,
                            state.port, forwarder_.upstreams()[state.error->upstream].address);
    out.counts.last_error_reason = forwarder_.unreachable_reason(state.error->upstream);
  }
  out.latency = out.counts.outcomes.front().latency;
  out.error_log = out.counts.last_error_log;
  // loadbalance: round-robin shuffles the A records of every response (roundRobinShuffle).
  std::vector<net::Ipv4>& addresses = out.answer.addresses;
  for (size_t i = 0; i + 1 < addresses.size(); ++i) {
    const size_t j = i + static_cast<size_t>(random_.below(addresses.size() - i));
    std::swap(addresses[i], addresses[j]);
  }
  return out;
}

BatchResult CoreDns::query_batch(NameId name, QueryType type, int64_t count, sim::Time start,
                                 sim::Duration span) {
  BatchResult result;
  if (count <= 0) return result;
  result.queries = count;
  BatchState state(result);
  walk(Span{name, type, count, start, span}, state);
  if (state.error) {
    result.last_error_log =
        forward_timeout_log(names_.text(state.error->name), state.error->type, replica_.pod_ip,
                            state.port, forwarder_.upstreams()[state.error->upstream].address);
    result.last_error_reason = forwarder_.unreachable_reason(state.error->upstream);
  }
  return result;
}

// cache → kubernetes → forward for every query of `span`, jumping from miss to miss.
void CoreDns::walk(const Span& span, BatchState& state) {
  // Whether the name is in the zone, from the fleet's memo: reading the name's text here would
  // cost the walk a cache miss or two for every batch (the 5,000-node run's profile).
  const bool in_zone = zone_answers_->in_zone(span.name, names_);
  int64_t k = 0;
  while (k < span.count) {
    const sim::Time t = span.arrival(k);
    if (const DnsCache::Entry* hit = cache_.find(span.name, span.type, t)) {
      const int64_t j = std::max(k + 1, span.first_at_or_after(hit->expires));
      state.result.from_cache += j - k;
      state.result.add(hit->answer.kind(), sim::Duration::zero(), j - k);
      if (state.answer) *state.answer = hit->answer;
      k = j;
      continue;
    }
    std::optional<NameId> target;  // an ExternalName's target outside the zone
    if (in_zone) {
      const KubernetesAnswer& local = zone_answers_->answer(span.name, names_, span.type);
      if (local.cname.empty()) {
        answer_locally(span, k, local.answer, state);
        ++k;
        continue;
      }
      target = names_.intern(local.cname);
    }
    // No answer is cached: this query, and every one sent before an answer can arrive, goes on.
    const auto group = [&](int64_t from, int64_t to) {
      return target ? external_name_group(span, *target, from, to, state)
                    : forward_group(span, from, to, state);
    };
    const std::optional<sim::Duration> first = group(k, k + 1);
    if (++k == span.count) break;
    // The stretch ends where an answer may be cached, and a group stays in one second of the
    // packet budget (when one applies) and one health state of every upstream.
    sim::Time end = span.arrival(span.count);
    if (target || forwarder_.budgeted()) end = std::min(end, second_end(t));
    if (first) end = std::min(end, t + *first);
    if (const auto pending = cache_.pending_from(span.name, span.type, t))
      end = std::min(end, *pending);
    if (!target) {
      if (const auto change = forwarder_.next_health_change(t)) end = std::min(end, *change);
      const sim::Time next = span.arrival(k);
      if (const auto fastest = forwarder_.fastest_answer(next))
        end = std::min(end, next + *fastest);
    }
    const int64_t j = span.first_at_or_after(end);
    if (j > k) {
      group(k, j);
      k = j;
    }
  }
}

void CoreDns::answer_locally(const Span& span, int64_t k, const DnsAnswer& answer,
                             BatchState& state) {
  state.result.from_kubernetes += 1;
  state.result.add(answer.kind(), sim::Duration::zero(), 1);
  cache_.insert(span.name, span.type, answer, span.arrival(k));
  if (state.answer) *state.answer = answer;
}

// The kubernetes plugin, following CNAMEs that stay inside the zone (backend_lookup.go A: an
// in-zone target is resolved by the plugin itself; one that does not resolve leaves NODATA).
void CoreDns::refresh_paths(BatchState& state) {
  if (state.refreshed) return;
  state.port =
      static_cast<uint16_t>(kEphemeralLow + random_.below(kEphemeralHigh - kEphemeralLow + 1));
  forwarder_.refresh(state.port);
  state.refreshed = true;
}

// Queries k..j-1 of `span` go to forward together; returns the earliest answer's latency.
std::optional<sim::Duration> CoreDns::forward_group(const Span& span, int64_t k, int64_t j,
                                                    BatchState& state) {
  refresh_paths(state);
  const QueryGroup group{j - k, span.arrival(k), span.arrival(j) - span.arrival(k)};
  ForwardReport report;
  forwarder_.exchange(group, random_, report);
  BatchResult& result = state.result;
  result.forwarded += group.count;
  result.upstream_packets += report.packets;
  result.dropped += report.dropped;
  result.timed_out += report.timed_out;

  const DnsAnswer answer = vpc_.answer(names_.text(span.name), span.type);
  std::optional<sim::Duration> earliest;
  for (const ForwardLeaf& leaf : report.leaves) {
    if (leaf.answered) {
      result.add(answer.kind(), leaf.latency, leaf.count);
      if (!earliest || leaf.latency < *earliest) earliest = leaf.latency;
    } else {
      result.add(ResponseKind::kServFail, leaf.latency, leaf.count);
      result.error_logs += leaf.count;
      state.error = BatchState::ErrorSite{span.name, span.type, leaf.upstream};
    }
  }
  if (earliest) cache_.insert(span.name, span.type, answer, group.first + *earliest);
  if (state.answer) *state.answer = earliest ? answer : DnsAnswer::servfail();
  return earliest;
}

// Queries k..j-1 of `span` name an ExternalName service whose target lies outside the zone:
// CoreDNS looks the target up through its own plugin chain (b.Lookup: cache, then forward) and
// answers the CNAME followed by the target's records; without records, the CNAME alone (NOERROR,
// no address), which the cache does not keep (cache.go key: NOERROR with no SOA and no data).
std::optional<sim::Duration> CoreDns::external_name_group(const Span& span, NameId target,
                                                          int64_t k, int64_t j, BatchState& state) {
  BatchResult inner;
  BatchState inner_state(inner);
  inner_state.refreshed = state.refreshed;
  inner_state.port = state.port;
  inner_state.error = state.error;
  walk(Span{target, span.type, j - k, span.arrival(k), span.arrival(j) - span.arrival(k)},
       inner_state);
  state.refreshed = inner_state.refreshed;
  state.port = inner_state.port;
  state.error = inner_state.error;

  BatchResult& result = state.result;
  result.from_kubernetes += j - k;
  result.upstream_packets += inner.upstream_packets;
  result.dropped += inner.dropped;
  result.timed_out += inner.timed_out;
  result.error_logs += inner.error_logs;
  std::optional<sim::Duration> earliest;
  for (const Outcome& o : inner.outcomes) {
    const bool answered = o.kind == ResponseKind::kAnswer;
    result.add(answered ? ResponseKind::kAnswer : ResponseKind::kNoData, o.latency, o.count);
    if (answered && (!earliest || o.latency < *earliest)) earliest = o.latency;
  }
  const sim::Duration ttl = config_.kubernetes.ttl;
  DnsAnswer answer = DnsAnswer::no_data(ttl);
  if (earliest) {
    // The target's answer is in the cache from the instant it arrived.
    const sim::Time arrived = span.arrival(k) + *earliest;
    const DnsCache::Entry* entry = cache_.find(target, span.type, arrived);
    const DnsAnswer target_answer =
        entry ? entry->answer : vpc_.answer(names_.text(target), span.type);
    answer = DnsAnswer::records(target_answer.addresses, std::min(ttl, target_answer.ttl));
    cache_.insert(span.name, span.type, answer, arrived);
  }
  if (state.answer) *state.answer = answer;
  return earliest;
}

std::string forward_timeout_log(std::string_view name, QueryType type, net::Ipv4 source,
                                uint16_t source_port, net::Ipv4 server) {
  return fmt::format("[ERROR] plugin/errors: {} {}. {}: read udp {}:{}->{}:53: i/o timeout",
                     static_cast<int>(Rcode::kServFail), name, to_string(type), source.to_string(),
                     source_port, server.to_string());
}

}  // namespace ekssim::dns
