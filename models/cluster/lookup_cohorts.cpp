#include "models/cluster/lookup_cohorts.h"

#include <algorithm>
#include <string>

#include "models/dns/message_size.h"

namespace ekssim::cluster {

namespace {

struct Cohort {
  dns::Lookup lookup;
  int64_t count = 0;
  sim::Duration elapsed;  // when its next exchange is sent, since the lookup started
  size_t candidate = ~size_t{0};
  uint32_t pick = kNoPick;
  uint32_t cause = 0;
};

sim::Duration time_spent(const dns::Exchange& exchange, const dns::ExchangeResult& result) {
  // A TCP attempt that failed took as long as the connection tried (dns::ExchangeResult).
  return result.reply == dns::Reply::kTimeout && !result.over_tcp ? exchange.timeout
                                                                  : result.latency;
}

// How long a client waits for a TCP connection to a server that drops it: glibc's send_vc
// connects with a blocking connect(), which gives up when the kernel's SYN retransmissions run
// out (net.ipv4.tcp_syn_retries 6: 1+2+4+8+16+32+64 s, RFC 6298's 1 s initial timeout doubling);
// Go and dig dial within the exchange's own timeout.
sim::Duration tcp_give_up(dns::ResolverKind kind, sim::Duration timeout) {
  return kind == dns::ResolverKind::kGlibc ? sim::Duration::seconds(127) : timeout;
}

// How many k in [first, last) have (rotation + k) % n == residue.
int64_t members_at(uint64_t rotation, int64_t first, int64_t last, uint64_t n, uint64_t residue) {
  if (last <= first) return 0;
  const auto offset_of = [&](int64_t k) { return (rotation + static_cast<uint64_t>(k)) % n; };
  // The first k at or after `first` with that residue, then every n-th.
  const uint64_t step = (residue + n - offset_of(first)) % n;
  const int64_t k = first + static_cast<int64_t>(step);
  if (k >= last) return 0;
  return 1 + (last - 1 - k) / static_cast<int64_t>(n);
}

// The nameserver offsets the members' lookups can start at: one unless they rotate.
uint64_t rotation_spread(dns::ResolverKind kind, const dns::ResolverConfig& config) {
  const dns::ResolverOptions& options =
      kind == dns::ResolverKind::kGo ? config.go_options() : config.options();
  if (kind == dns::ResolverKind::kDig || !options.rotate) return 1;
  return std::max<uint64_t>(config.nameservers().size(), 1);
}

}  // namespace

std::vector<CohortResult> run_lookup_cohorts(dns::ResolverKind kind, std::string_view name,
                                             const dns::ResolverConfig& config, int64_t count,
                                             const AnswerExchange& answer,
                                             const CohortStart& start) {
  std::vector<CohortResult> results;
  if (count <= 0) return results;
  std::vector<Cohort> pending;
  const uint64_t spread = rotation_spread(kind, config);
  const int64_t single = std::clamp<int64_t>(start.single_request, 0, count);
  // Pushed in reverse so that the walk takes them in order (offset, then mode).
  for (uint64_t r = spread; r-- > 0;) {
    for (const bool switched : {true, false}) {
      const int64_t members = switched ? members_at(start.rotation, 0, single, spread, r)
                                       : members_at(start.rotation, single, count, spread, r);
      if (members == 0) continue;
      const dns::LookupStart lookup_start{static_cast<uint32_t>(r), switched};
      pending.push_back(Cohort{
          dns::Lookup(kind, name, config, lookup_start), members, {}, ~size_t{0}, kNoPick, 0});
    }
  }
  std::vector<ExchangeShare> shares;
  std::string wire;
  const uint16_t udp_payload = dns::advertised_udp_payload(kind, config.options());
  while (!pending.empty()) {
    Cohort cohort = std::move(pending.back());
    pending.pop_back();
    while (!cohort.lookup.done()) {
      const dns::Exchange& exchange = cohort.lookup.next();
      if (exchange.candidate != cohort.candidate) {
        cohort.candidate = exchange.candidate;
        cohort.pick = kNoPick;  // a new candidate, a new socket
      }
      wire.clear();
      dns::append_candidate_name(wire, name, config,
                                 cohort.lookup.candidates()[exchange.candidate]);
      ExchangeRequest request{wire,
                              exchange.candidate,
                              config.nameservers()[exchange.server],
                              cohort.elapsed,
                              exchange.timeout,
                              cohort.pick,
                              cohort.count,
                              cohort.lookup.pair_on_one_socket(),
                              udp_payload,
                              tcp_give_up(kind, exchange.timeout)};
      shares.clear();
      answer(request, shares);
      // Every share but the first goes on as a cohort of its own; the first continues here.
      for (size_t i = 1; i < shares.size(); ++i) {
        if (shares[i].count <= 0) continue;
        Cohort split{cohort.lookup,
                     shares[i].count,
                     cohort.elapsed + time_spent(exchange, shares[i].result),
                     cohort.candidate,
                     shares[i].pick,
                     shares[i].cause != 0 ? shares[i].cause : cohort.cause};
        split.lookup.complete(shares[i].result);
        pending.push_back(std::move(split));
      }
      if (shares.empty() || shares.front().count <= 0) {
        cohort.count = 0;
        break;
      }
      const ExchangeShare& first = shares.front();
      cohort.count = first.count;
      cohort.elapsed = cohort.elapsed + time_spent(exchange, first.result);
      cohort.pick = first.pick;
      if (first.cause != 0) cohort.cause = first.cause;
      cohort.lookup.complete(first.result);
    }
    if (cohort.count > 0) results.push_back({cohort.count, cohort.lookup.result(), cohort.cause});
  }
  return results;
}

}  // namespace ekssim::cluster
