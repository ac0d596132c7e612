#include "models/dns/coredns_forward.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "sim/invariant.h"

namespace ekssim::dns {

std::vector<Upstream> upstreams_from_dhcp(
    const std::vector<std::optional<net::Ipv4>>& domain_name_servers, const VpcResolver& vpc) {
  std::vector<Upstream> upstreams;
  for (const std::optional<net::Ipv4>& server : domain_name_servers) {
    if (upstreams.size() == kMaxNameservers) break;
    Upstream u;
    u.address = server.value_or(vpc.address());
    u.kind = vpc.is_amazon_dns(u.address) ? UpstreamKind::kAmazonProvided : UpstreamKind::kCustom;
    upstreams.push_back(u);
  }
  return upstreams;
}

std::vector<int64_t> split_evenly(int64_t count, size_t buckets, sim::RandomStream& random) {
  std::vector<int64_t> shares(buckets, count / static_cast<int64_t>(buckets));
  const size_t remainder = static_cast<size_t>(count % static_cast<int64_t>(buckets));
  if (remainder == 0) return shares;
  // A partial Fisher–Yates shuffle picks `remainder` distinct buckets uniformly.
  std::vector<size_t> index(buckets);
  std::iota(index.begin(), index.end(), size_t{0});
  for (size_t i = 0; i < remainder; ++i) {
    const size_t j = i + static_cast<size_t>(random.below(buckets - i));
    std::swap(index[i], index[j]);
    ++shares[index[i]];
  }
  return shares;
}

Forwarder::Forwarder(ForwardConfig config, std::vector<Upstream> upstreams, VpcResolver& vpc,
                     PathCheck path_check, net::Ipv4 source, EniKey eni)
    : config_(config),
      upstreams_(std::move(upstreams)),
      states_(upstreams_.size()),
      vpc_(vpc),
      path_check_(std::move(path_check)),
      source_(source),
      eni_(eni) {
  if (upstreams_.empty() || upstreams_.size() > kMaxNameservers) {
    // CoreDNS refuses to start without a nameserver; kubelet never writes more than three.
    throw sim::ComponentFailure(
        "dns/coredns-forward",
        "forward needs one to three upstreams, got " + std::to_string(upstreams_.size()));
  }
  // policy random draws each permutation with equal probability (random.List); listing them in
  // lexicographic order lets a group be split across them evenly.
  const size_t n = std::min(upstreams_.size(), kMaxNameservers);
  std::array<uint8_t, kMaxNameservers> order{};
  for (size_t i = 0; i < n; ++i)
    order[i] = static_cast<uint8_t>(i);
  do {
    orders_.push_back(order);
  } while (std::next_permutation(order.begin(), order.begin() + n));
}

void Forwarder::refresh(uint16_t source_port) {
  for (size_t u = 0; u < upstreams_.size(); ++u) {
    UpstreamState& state = states_[u];
    if (upstreams_[u].kind == UpstreamKind::kAmazonProvided) {
      state.reachable = vpc_.answering();
      state.reason = state.reachable ? net::Reason::kNone : net::Reason::kVpcDnsSupportDisabled;
    } else if (path_check_) {
      const net::Verdict verdict =
          path_check_(net::Flow::udp(source_, source_port, upstreams_[u].address, 53));
      state.reachable = verdict.passed();
      state.reason = verdict.reason;
    } else {
      state.reachable = true;
      state.reason = net::Reason::kNone;
    }
    if (state.reachable) state.failing_since.reset();
  }
}

bool Forwarder::down(size_t upstream, sim::Time at) const {
  const UpstreamState& state = states_[upstream];
  return !state.reachable && state.failing_since &&
         at >= *state.failing_since + config_.down_after();
}

bool Forwarder::budgeted() const {
  for (size_t u = 0; u < upstreams_.size(); ++u) {
    if (states_[u].reachable && upstreams_[u].kind == UpstreamKind::kAmazonProvided) return true;
  }
  return false;
}

sim::Duration Forwarder::latency(size_t upstream) const {
  return upstreams_[upstream].kind == UpstreamKind::kAmazonProvided ? vpc_.latency()
                                                                    : upstreams_[upstream].latency;
}

std::optional<sim::Time> Forwarder::next_health_change(sim::Time t) const {
  std::optional<sim::Time> next;
  for (const UpstreamState& state : states_) {
    if (state.reachable || !state.failing_since) continue;
    const sim::Time down_from = *state.failing_since + config_.down_after();
    // A query sent at s makes attempts at s, s + 2 s, s + 4 s …: each offset has its own edge.
    for (sim::Duration offset; offset < config_.request_deadline; offset += config_.read_timeout) {
      const sim::Time edge = down_from - offset;
      if (edge > t && (!next || edge < *next)) next = edge;
    }
  }
  return next;
}

std::optional<sim::Duration> Forwarder::fastest_answer(sim::Time at) const {
  std::optional<sim::Duration> fastest;
  for (size_t u = 0; u < upstreams_.size(); ++u) {
    if (!states_[u].reachable) continue;
    if (upstreams_[u].kind == UpstreamKind::kAmazonProvided && vpc_.remaining(eni_, at) == 0)
      continue;
    if (!fastest || latency(u) < *fastest) fastest = latency(u);
  }
  return fastest;
}

void Forwarder::exchange(const QueryGroup& group, sim::RandomStream& random,
                         ForwardReport& report) {
  const std::vector<int64_t> shares = split_evenly(group.count, orders_.size(), random);
  for (size_t o = 0; o < orders_.size(); ++o) {
    if (shares[o] == 0) continue;
    Attempt attempt;
    attempt.order = o;
    attempt.count = shares[o];
    walk(group, attempt, random, report);
  }
}

// The loop of forward.go ServeDNS, for `attempt.count` requests at once.
void Forwarder::walk(const QueryGroup& group, Attempt attempt, sim::RandomStream& random,
                     ForwardReport& report) {
  const size_t n = upstreams_.size();
  while (true) {
    if (attempt.elapsed >= config_.request_deadline || attempt.attempts >= max_attempts()) {
      report.leaves.push_back({attempt.count, attempt.elapsed, false, attempt.last});
      return;
    }
    if (attempt.next >= n) {
      attempt.next = 0;
      attempt.fails = 0;
    }
    const size_t upstream = orders_[attempt.order][attempt.next++];
    if (down(upstream, group.first + attempt.elapsed)) {
      if (++attempt.fails < n) continue;
      // Every upstream is down: each request picks one at random.
      const std::vector<int64_t> shares = split_evenly(attempt.count, n, random);
      for (size_t u = 0; u < n; ++u) {
        if (shares[u] == 0) continue;
        Attempt share = attempt;
        share.count = shares[u];
        send(group, share, u, random, report);
      }
      return;
    }
    send(group, attempt, upstream, random, report);
    return;
  }
}

void Forwarder::send(const QueryGroup& group, Attempt attempt, size_t upstream,
                     sim::RandomStream& random, ForwardReport& report) {
  const sim::Time at = group.first + attempt.elapsed;
  UpstreamState& state = states_[upstream];
  int64_t answered = 0;
  report.packets += attempt.count;
  if (!state.reachable) {
    report.timed_out += attempt.count;
    const sim::Time failed_at = at + config_.read_timeout;
    if (!state.failing_since || failed_at < *state.failing_since) state.failing_since = failed_at;
  } else if (upstreams_[upstream].kind == UpstreamKind::kAmazonProvided) {
    answered = vpc_.admit(eni_, at, attempt.count);
    report.dropped += attempt.count - answered;
  } else {
    answered = attempt.count;
  }
  if (answered > 0)
    report.leaves.push_back({answered, attempt.elapsed + latency(upstream), true, upstream});
  attempt.count -= answered;
  if (attempt.count == 0) return;

  attempt.elapsed += config_.read_timeout;
  attempt.last = upstream;
  ++attempt.attempts;
  if (attempt.attempts >= max_attempts() || attempt.fails >= upstreams_.size()) {
    report.leaves.push_back({attempt.count, attempt.elapsed, false, upstream});
    return;
  }
  walk(group, attempt, random, report);
}

}  // namespace ekssim::dns
