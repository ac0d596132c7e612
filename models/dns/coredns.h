#pragma once
// One CoreDNS replica as EKS runs it: Deployment coredns in kube-system behind Service kube-dns,
// with the EKS add-on's Corefile (../shared/reference/dataplane.md §b):
//
//   .:53 {
//       errors
//       health { lameduck 5s }
//       ready
//       kubernetes cluster.local in-addr.arpa ip6.arpa {
//         pods insecure
//         fallthrough in-addr.arpa ip6.arpa
//       }
//       prometheus :9153
//       forward . /etc/resolv.conf
//       cache 30
//       loop
//       reload
//       loadbalance
//   }
//
// A query meets the plugins in plugin.cfg's order, not the Corefile's: errors, loadbalance, cache,
// kubernetes, forward (coredns/coredns plugin.cfg). So the kubernetes plugin's answers are cached
// too (for their 5 s TTL); names in cluster.local never leave CoreDNS; every other name goes to
// the node's nameservers (coredns_forward.h); loadbalance shuffles the A records of each response;
// errors logs one line per SERVFAIL that forward returns. health, ready, prometheus and reload do
// not change answers; loop is not modelled (a node resolv.conf pointing at 127.0.0.53 would make
// CoreDNS exit and crash-loop).
//
// The replica answers synchronously: query() returns the answer and the time it took; nothing is
// scheduled and nothing is emitted, so the caller emits trace events at the answer's time.
//
// Batches, the aggregation for scale. query_batch(name, type, n, start, span) stands for n
// identical lookups sent to this replica evenly over [start, start + span), the k-th at
// start + ⌊span·k/n⌋, and returns counts instead of answers: served from the cache, answered by
// the kubernetes plugin, forwarded, upstream packets, packets dropped by the ENI's budget or lost
// on an unreachable path, and the responses by kind and latency. The lead drives 150,000 pods
// with one batch per (workload, node, interval, candidate name, type) instead of one event per
// query. The walk jumps from one cache miss to the next; the queries that miss while no answer
// is cached (CoreDNS does not coalesce them: each goes on to forward) are forwarded as groups
// that share a fate. A group never reaches past the earliest instant an answer could arrive,
// never crosses a change of an upstream's health, and, when the VPC resolver is a reachable
// upstream, never crosses a second of its packet budget. So a batch costs O(cache refreshes +
// health changes + seconds without a cached answer while the budget applies), not O(n).
//
// Error bound: a batch gives what n single queries at those instants give, except that
// 1. the state it reads — Services, upstream paths — is read when the batch starts and held for
//    it, so a change inside a batch shows at most `span` late;
// 2. inside a group, upstream orders are split evenly across the permutations with the remainder
//    drawn, instead of one draw per query: each order's count is within one of an even split,
//    where independent draws would scatter binomially (with one upstream there is nothing to
//    draw); the members the budget drops are the group's last ones, and the cache is filled from
//    the first admitted member's answer;
// 3. on an ENI at most 1024 packets pass in each second, exactly min(offered, 1024) while the
//    second before was within the limit; after an overloaded second each charge gets its fair
//    share (packet_budget.h), so which packets are dropped hardly depends on the order batches,
//    retries and replicas are charged in;
// 4. the cache entry a group fills expires as its first answer's would: up to the group's span
//    before the last member's answer would let it expire (the round trip, 1 ms, for a healthy
//    upstream; under 1 s for retries after budget drops);
// 5. latencies are exact per member: each answer arrives its own send time + latency.
// With one upstream (the EKS default), lookups further apart than the round trip and nothing else
// charging the ENI, a batch equals the single queries exactly; tests/dns/coredns_batch_test.cpp
// checks it through the VPC resolver and through an unreachable server.
//
// Use: per replica and name, batches must come in non-decreasing start time (the cache walks
// forward); batches of different names and replicas may interleave within the 300 s the packet
// budget keeps. Batches whose first lookup falls on the same instant for every name (every batch
// starting at the interval's start) line up all the names' cache refreshes, a burst real traffic
// does not have; give each workload a phase inside the interval.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/dns/coredns_forward.h"
#include "models/dns/coredns_kubernetes.h"
#include "models/dns/dns_cache.h"
#include "models/dns/dns_name.h"
#include "models/dns/vpc_resolver.h"
#include "models/dns/zone_answers.h"
#include "models/net/ipv4.h"
#include "models/net/verdict.h"
#include "sim/random.h"
#include "sim/time.h"

namespace ekssim::dns {

// The Corefile's `health { lameduck 5s }`: on SIGTERM the health plugin's shutdown hook waits
// this long before the server stops (coredns/coredns plugin/health/health.go, OnFinalShutdown;
// README: "lameduck will delay shutdown for DURATION"), and queries are answered meanwhile.
inline constexpr sim::Duration kCoreDnsLameduck = sim::Duration::seconds(5);

struct CoreDnsConfig {
  KubernetesZone kubernetes;
  CacheConfig cache;
  ForwardConfig forward;
  std::vector<Upstream> upstreams;  // the node's nameservers (upstreams_from_dhcp)
};

// Who the replica is: its pod, its address and the ENI that holds the address.
struct CoreDnsReplica {
  std::string name;  // "coredns-5d8f7b9c4-x2x9k"
  net::Ipv4 pod_ip;
  EniKey eni = 0;
};

// Responses of one kind that took the same time.
struct Outcome {
  ResponseKind kind = ResponseKind::kAnswer;
  sim::Duration latency;
  int64_t count = 0;
  bool operator==(const Outcome&) const = default;
};

struct BatchResult {
  int64_t queries = 0;
  // Where each query was answered: from_cache + from_kubernetes + forwarded == queries.
  int64_t from_cache = 0;
  int64_t from_kubernetes = 0;  // cache misses in cluster.local
  int64_t forwarded = 0;        // cache misses sent to the upstreams
  // Upstream traffic, an ExternalName's target lookups included.
  int64_t upstream_packets = 0;  // attempts, one query packet each
  int64_t dropped = 0;           // attempts dropped by the ENI's 1024 pps budget
  int64_t timed_out = 0;         // attempts lost on a path that does not reach the upstream
  // The responses, by kind and latency, in order of latency then kind.
  std::vector<Outcome> outcomes;
  // The errors plugin: one line per SERVFAIL; the text of the last one, and why its upstream
  // was out of reach (kNone when the packets were dropped by the budget).
  int64_t error_logs = 0;
  std::string last_error_log;
  net::Reason last_error_reason = net::Reason::kNone;

  int64_t count(ResponseKind kind) const;
  void add(ResponseKind kind, sim::Duration latency, int64_t count);
};

struct QueryResult {
  DnsAnswer answer;  // SERVFAIL after a failed forward
  sim::Duration latency;
  std::string error_log;  // the errors plugin's line, when forward failed
  BatchResult counts;     // the same query as a batch of one
};

class CoreDns {
 public:
  // `shared_zone_answers`: the fleet's memo of the kubernetes plugin's answers (zone_answers.h),
  // made for `config.kubernetes` and `services`; null for one of the replica's own.
  CoreDns(const CoreDnsConfig& config, CoreDnsReplica replica, NameTable& names,
          const ServiceDirectory& services, VpcResolver& vpc, PathCheck path_check,
          sim::RandomStream random, ZoneAnswers* shared_zone_answers = nullptr);
  CoreDns(const CoreDns&) = delete;
  CoreDns& operator=(const CoreDns&) = delete;

  QueryResult query(sim::Time at, NameId name, QueryType type);
  BatchResult query_batch(NameId name, QueryType type, int64_t count, sim::Time start,
                          sim::Duration span);

  // `present`: the simulation's now, before which no later query is asked. The cache forgets
  // what expired by then (DnsCache::forget_expired), which changes no answer.
  void forget_expired(sim::Time present) { cache_.forget_expired(present); }
  // Starts fetching the cache's state that forget_expired() and query_batch(name) read first.
  void prefetch_cache(NameId name) const { cache_.prefetch(name); }

  const CoreDnsReplica& replica() const { return replica_; }
  const DnsCache& cache() const { return cache_; }
  const Forwarder& forwarder() const { return forwarder_; }

 private:
  struct Span;
  struct BatchState;

  void walk(const Span& span, BatchState& state);
  void answer_locally(const Span& span, int64_t k, const DnsAnswer& answer, BatchState& state);
  std::optional<sim::Duration> forward_group(const Span& span, int64_t k, int64_t j,
                                             BatchState& state);
  std::optional<sim::Duration> external_name_group(const Span& span, NameId target, int64_t k,
                                                   int64_t j, BatchState& state);
  void refresh_paths(BatchState& state);

  const CoreDnsConfig& config_;
  CoreDnsReplica replica_;
  NameTable& names_;
  const ServiceDirectory& services_;
  VpcResolver& vpc_;
  sim::RandomStream random_;
  DnsCache cache_;
  Forwarder forwarder_;
  std::unique_ptr<ZoneAnswers> own_zone_answers_;
  ZoneAnswers* zone_answers_ = nullptr;
};

// The errors plugin's line for a request whose last forward attempt timed out
// (plugin/errors/errors.go ServeDNS: "%d %s %s: %s" of the rcode, the name, the type and the
// error; the error is Go's net.OpError for a UDP read past its deadline):
// "[ERROR] plugin/errors: 2 gitlab.example.com. A: read udp 10.0.1.21:40312->10.0.0.2:53: i/o
// timeout".
std::string forward_timeout_log(std::string_view name, QueryType type, net::Ipv4 source,
                                uint16_t source_port, net::Ipv4 server);

}  // namespace ekssim::dns
