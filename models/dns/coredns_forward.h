#pragma once
// CoreDNS's forward plugin as `forward . /etc/resolv.conf` runs it in EKS, as outcomes and the
// time they cost, not packets (coredns/coredns @4b26cce: plugin/forward/forward.go ServeDNS;
// plugin/pkg/proxy/proxy.go Down, Healthcheck; plugin/pkg/proxy/health.go Check;
// plugin/pkg/up/up.go Probe.Do; plugin/forward/README.md).
//
// One request (ServeDNS):
// - The upstreams are tried in a uniformly random order (policy random, random.List).
// - An upstream that is down is skipped; when every one is down, each request sends to a random
//   upstream anyway ("healthcheck is completely broken").
// - Each attempt is a UDP exchange with a 2 s read timeout. A timeout kicks off health checking of
//   that upstream, and the request goes on to the next one.
// - It stops after 2 × upstreams attempts (defaultConnectAttemptsPerUpstream), when the 5 s
//   deadline (defaultTimeout) has passed at the top of the loop, or right after a failed attempt
//   to a random upstream when all are down. The client then gets SERVFAIL, and the errors plugin
//   logs the last attempt's error.
// So with one unreachable upstream a request fails after 4 s (two read timeouts) until the
// upstream is marked down, and after 2 s from then on; with two unreachable upstreams after 6 s
// (attempts at 0, 2 and 4 s), then 2 s.
//
// Health: a failed exchange starts a probe: `. IN NS` with a 1 s timeout, sent again 0.5 s after
// each failure until one succeeds. The third failure in a row (fails > max_fails = 2) marks the
// upstream down, 3 × 1 s + 2 × 0.5 s = 4 s after the exchange that failed. The first probe that
// succeeds makes it healthy again.
//
// The paths to the upstreams:
// - The Amazon-provided resolver answers whenever enableDnsSupport is on; nothing filters it, but
//   each query packet is charged to the CoreDNS pod's ENI (VpcResolver::admit) and a dropped
//   packet is a read timeout.
// - A custom server (DHCP options) is reached when the caller's path check passes for
//   udp <pod ip>:<port> → <server>:53 (the VPC path evaluator). It answers as the VPC resolver
//   does, since a DNS forwarder in the VPC forwards to it.
//
// Simplifications:
// - Health checks are not simulated probe by probe: an upstream whose path passes is healthy (in
//   reality its next probe succeeds, at most 1.5 s later); one whose path fails is down from 4 s
//   after its first failed exchange. Probes are not charged to the packet budget, so a budget
//   drop never marks the VPC resolver down (its next probe would almost surely pass).
// - Reachability is evaluated when a query or a batch starts and held for it.
// - UDP dials, connection reuse (`expire 10s`), TCP, truncation and max_concurrent are not
//   modelled; nor are a custom server's own limits (its ENI's budget, its cache).

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "models/dns/resolv_conf.h"
#include "models/dns/vpc_resolver.h"
#include "models/net/flow.h"
#include "models/net/ipv4.h"
#include "models/net/verdict.h"
#include "sim/random.h"
#include "sim/time.h"

namespace ekssim::dns {

enum class UpstreamKind : uint8_t { kAmazonProvided, kCustom };

struct Upstream {
  net::Ipv4 address;
  UpstreamKind kind = UpstreamKind::kAmazonProvided;
  // A custom server's answer time; the Amazon-provided resolver uses VpcResolver::latency().
  sim::Duration latency = sim::Duration::milliseconds(2);
};

// kubelet's limit on the nameservers of a pod's resolv.conf (kMaxNameservers, resolv_conf.h) is
// what a dnsPolicy: Default pod such as CoreDNS gets from the node.

// The CoreDNS pod's upstreams: the node's nameservers from the DHCP options' domain-name-servers,
// in order, where none stands for AmazonProvidedDNS (the VPC base + 2), trimmed to three. An
// address the VPC resolver answers on (base + 2, 169.254.169.253) is the Amazon-provided one.
std::vector<Upstream> upstreams_from_dhcp(
    const std::vector<std::optional<net::Ipv4>>& domain_name_servers, const VpcResolver& vpc);

struct ForwardConfig {
  sim::Duration read_timeout = sim::Duration::seconds(2);      // proxy.go readTimeout
  sim::Duration request_deadline = sim::Duration::seconds(5);  // forward.go defaultTimeout
  int attempts_per_upstream = 2;                               // defaultConnectAttemptsPerUpstream
  int max_fails = 2;                                           // max_fails
  sim::Duration health_check_interval = sim::Duration::milliseconds(500);  // hcInterval
  sim::Duration health_check_timeout = sim::Duration::seconds(1);  // health.go defaultTimeout

  // From a failed exchange to the upstream being down: max_fails + 1 failed probes.
  sim::Duration down_after() const {
    return health_check_timeout * (max_fails + 1) + health_check_interval * max_fails;
  }
};

// The lead's VPC path evaluator for a query leaving the CoreDNS pod.
using PathCheck = std::function<net::Verdict(const net::Flow& query)>;

// Identical queries that share a fate: `count` of them sent evenly over [first, first + span).
// The caller keeps every member's attempts inside one health state of every upstream
// (next_health_change) and, when budgeted(), inside one second of the packet budget.
struct QueryGroup {
  int64_t count = 0;
  sim::Time first;
  sim::Duration span;
};

// Some members of a group: answered by `upstream`, or failed with SERVFAIL after their last
// attempt went to `upstream`, `latency` after they were sent.
struct ForwardLeaf {
  int64_t count = 0;
  sim::Duration latency;
  bool answered = false;
  size_t upstream = 0;
};

struct ForwardReport {
  std::vector<ForwardLeaf> leaves;
  int64_t packets = 0;    // attempts sent, one query packet each
  int64_t dropped = 0;    // of those, dropped by the ENI's packet budget
  int64_t timed_out = 0;  // of those, lost on a path that does not reach the upstream
};

class Forwarder {
 public:
  // `upstreams` holds one to three servers (kubelet's limit); `source` and `eni` are the CoreDNS
  // pod's address and the ENI that holds it.
  Forwarder(ForwardConfig config, std::vector<Upstream> upstreams, VpcResolver& vpc,
            PathCheck path_check, net::Ipv4 source, EniKey eni);

  // Evaluates every upstream's path now, from `source_port`; a reachable one is healthy.
  void refresh(uint16_t source_port);
  // Runs ServeDNS for every member of `group`, drawing upstream orders from `random`.
  void exchange(const QueryGroup& group, sim::RandomStream& random, ForwardReport& report);

  // The first instant after `t` from which a query would meet another health state on one of its
  // attempts; groups must not straddle it.
  std::optional<sim::Time> next_health_change(sim::Time t) const;
  // The soonest a query sent at `at` can be answered, if some upstream may answer its first try.
  std::optional<sim::Duration> fastest_answer(sim::Time at) const;
  bool down(size_t upstream, sim::Time at) const;
  // Whether some reachable upstream is the Amazon-provided resolver, whose packet budget counts
  // per second.
  bool budgeted() const;
  bool reachable(size_t upstream) const { return states_[upstream].reachable; }
  // Why an unreachable upstream is (the path's reason, VPC_DNS_SUPPORT_DISABLED, …).
  net::Reason unreachable_reason(size_t upstream) const { return states_[upstream].reason; }
  const std::vector<Upstream>& upstreams() const { return upstreams_; }
  const ForwardConfig& config() const { return config_; }

 private:
  struct UpstreamState {
    bool reachable = true;
    net::Reason reason = net::Reason::kNone;
    std::optional<sim::Time> failing_since;  // the first failed exchange since it was healthy
  };
  // One request's progress through ServeDNS, shared by `count` members.
  struct Attempt {
    size_t order = 0;
    size_t next = 0;  // index into the order (i)
    size_t fails = 0;
    int attempts = 0;
    sim::Duration elapsed;
    int64_t count = 0;
    size_t last = 0;  // the upstream of the last failed attempt
  };

  void walk(const QueryGroup& group, Attempt attempt, sim::RandomStream& random,
            ForwardReport& report);
  void send(const QueryGroup& group, Attempt attempt, size_t upstream, sim::RandomStream& random,
            ForwardReport& report);
  sim::Duration latency(size_t upstream) const;
  int max_attempts() const { return config_.attempts_per_upstream * int(upstreams_.size()); }

  ForwardConfig config_;
  std::vector<Upstream> upstreams_;
  std::vector<std::array<uint8_t, kMaxNameservers>> orders_;  // every permutation
  std::vector<UpstreamState> states_;
  VpcResolver& vpc_;
  PathCheck path_check_;
  net::Ipv4 source_;
  EniKey eni_;
};

// Splits `count` into `buckets` near-equal shares; the remainder goes to buckets drawn from
// `random` (no draw when it divides evenly).
std::vector<int64_t> split_evenly(int64_t count, size_t buckets, sim::RandomStream& random);

}  // namespace ekssim::dns
