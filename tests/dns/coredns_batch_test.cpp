// The ENI budget through CoreDNS, the random upstream order, and batches of identical lookups
// against the same lookups made one by one.

#include <catch2/catch.hpp>
#include <string>

#include "dns_test_support.h"
#include "models/dns/coredns.h"

using namespace ekssim::dns;
using namespace ekssim::dns::test;
using ekssim::sim::Duration;
using ekssim::sim::Time;

namespace {

Outcome outcome(ResponseKind kind, Duration latency, int64_t count) {
  return Outcome{kind, latency, count};
}

// `count` distinct names that do not exist, sent by `coredns` evenly over the second at `from`;
// every `stride`-th name starting at `offset`, so two replicas can interleave.
BatchResult distinct_lookups(DnsWorld& world, CoreDns& coredns, int count, int stride = 1,
                             int offset = 0) {
  BatchResult total;
  for (int i = offset; i < count * stride; i += stride) {
    const NameId name = world.names.intern("name-" + std::to_string(i) + ".example.com");
    const Time at = Time::at(ms(1000) * i / (count * stride));
    const QueryResult r = coredns.query(at, name, QueryType::kA);
    total.dropped += r.counts.dropped;
    total.upstream_packets += r.counts.upstream_packets;
    for (const Outcome& o : r.counts.outcomes)
      total.add(o.kind, o.latency, o.count);
  }
  return total;
}

}  // namespace

TEST_CASE(
    "1,500 distinct names in one second lose 476 first attempts to the ENI budget — "
    "forward's retry 2 s later gets them answered",
    "[coredns][budget]") {
  DnsWorld world;
  auto coredns = world.replica("coredns-a", "10.0.1.21", 1);
  const BatchResult r = distinct_lookups(world, *coredns, 1500);
  CHECK(r.dropped == 476);
  CHECK(r.upstream_packets == 1500 + 476);
  CHECK(r.outcomes == std::vector<Outcome>{outcome(ResponseKind::kNxDomain, ms(1), 1024),
                                           outcome(ResponseKind::kNxDomain, ms(2001), 476)});
  CHECK(world.vpc.dropped_total(1) == 476);
}

TEST_CASE("when the retry is dropped too, CoreDNS answers SERVFAIL after 4 s",
          "[coredns][budget]") {
  DnsWorld world;
  auto coredns = world.replica("coredns-a", "10.0.1.21", 1);
  world.vpc.admit(1, at_ms(2'000), 1024);  // someone else uses all of second 2
  const BatchResult r = distinct_lookups(world, *coredns, 1500);
  CHECK(r.dropped == 476 * 2);
  CHECK(r.outcomes == std::vector<Outcome>{outcome(ResponseKind::kNxDomain, ms(1), 1024),
                                           outcome(ResponseKind::kServFail, ms(4000), 476)});
}

TEST_CASE("two replicas on one ENI share the 1024 pps budget — on two ENIs they do not",
          "[coredns][budget]") {
  {
    DnsWorld world;
    auto a = world.replica("coredns-a", "10.0.1.21", 1);
    auto b = world.replica("coredns-b", "10.0.1.22", 1);
    const BatchResult ra = distinct_lookups(world, *a, 750, 2, 0);
    const BatchResult rb = distinct_lookups(world, *b, 750, 2, 1);
    CHECK(ra.dropped + rb.dropped == 476);
    CHECK(world.vpc.dropped_total(1) == 476);
  }
  {
    DnsWorld world;
    auto a = world.replica("coredns-a", "10.0.1.21", 1);
    auto b = world.replica("coredns-b", "10.0.2.22", 2);
    const BatchResult ra = distinct_lookups(world, *a, 750, 2, 0);
    const BatchResult rb = distinct_lookups(world, *b, 750, 2, 1);
    CHECK(ra.dropped + rb.dropped == 0);
    CHECK(ra.count(ResponseKind::kNxDomain) + rb.count(ResponseKind::kNxDomain) == 1500);
  }
}

TEST_CASE("forward's random upstream order comes from the replica's seeded stream",
          "[coredns][random]") {
  // Two upstreams, the first unreachable: a query that tries it first is answered 2 s late.
  const auto latencies = [](uint64_t seed, const std::string& replica) {
    DnsWorld world;
    world.config.upstreams = {Upstream{ip("10.0.0.53"), UpstreamKind::kCustom},
                              Upstream{world.vpc.address(), UpstreamKind::kAmazonProvided}};
    auto coredns = world.replica(replica, "10.0.1.21", 1, blocked_by_security_group(), seed);
    std::string pattern;
    for (int i = 0; i < 20; ++i) {
      const NameId name = world.names.intern("name-" + std::to_string(i) + ".example.com");
      const QueryResult r = coredns->query(at_ms(100 * i), name, QueryType::kA);
      CHECK(r.answer.kind() == ResponseKind::kNxDomain);
      pattern += r.latency == ms(1) ? 'v' : r.latency == ms(2001) ? 'c' : '?';
    }
    return pattern;
  };
  const std::string seeded = latencies(7, "coredns-a");
  CHECK(seeded == latencies(7, "coredns-a"));
  CHECK(seeded != latencies(8, "coredns-a"));
  CHECK(seeded != latencies(7, "coredns-b"));
  CHECK(seeded == "cvcvcvccvcvvccvvvcvv");
}

TEST_CASE("a batch of identical lookups is answered from the cache between refreshes",
          "[coredns][batch]") {
  DnsWorld world;
  auto coredns = world.replica("coredns-a", "10.0.1.21", 1);
  const BatchResult local =
      coredns->query_batch(world.names.intern("kube-dns.kube-system.svc.cluster.local"),
                           QueryType::kA, 6000, at_ms(0), seconds(60));
  CHECK(local.queries == 6000);
  CHECK(local.from_kubernetes == 12);  // a refresh every 5 s
  CHECK(local.from_cache == 5988);
  CHECK(local.outcomes == std::vector<Outcome>{outcome(ResponseKind::kAnswer, ms(0), 6000)});

  const BatchResult external = coredns->query_batch(world.names.intern("gitlab.cloudopz.co"),
                                                    QueryType::kA, 6000, at_ms(0), seconds(60));
  CHECK(external.forwarded == 2);  // at 0 and at 30.01 s: the entry arrived at 1 ms
  CHECK(external.from_cache == 5998);
  CHECK(external.upstream_packets == 2);
  CHECK(external.outcomes == std::vector<Outcome>{outcome(ResponseKind::kAnswer, ms(0), 5998),
                                                  outcome(ResponseKind::kAnswer, ms(1), 2)});
}

TEST_CASE(
    "a batch against an unreachable upstream fails every lookup: after 4 s until the "
    "upstream is down, after 2 s from then on",
    "[coredns][batch]") {
  DnsWorld world;
  world.config.upstreams = {Upstream{ip("10.0.0.53"), UpstreamKind::kCustom}};
  auto coredns = world.replica("coredns-a", "10.0.1.21", 1, blocked_by_security_group());
  const BatchResult r = coredns->query_batch(world.names.intern("gitlab.cloudopz.co"),
                                             QueryType::kA, 100, at_ms(0), seconds(10));
  // Down from 6 s: the first failure came at 2 s, plus three failed 1 s probes 0.5 s apart.
  CHECK(r.outcomes == std::vector<Outcome>{outcome(ResponseKind::kServFail, seconds(2), 40),
                                           outcome(ResponseKind::kServFail, seconds(4), 60)});
  CHECK(r.forwarded == 100);
  CHECK(r.upstream_packets == 60 * 2 + 40);
  CHECK(r.timed_out == 160);
  CHECK(r.error_logs == 100);
  CHECK(r.last_error_log.ends_with("->10.0.0.53:53: i/o timeout"));
}

TEST_CASE("a batch gives what the same lookups made one by one give", "[coredns][batch]") {
  const auto compare = [](DnsWorld& world, const char* name, int count, Duration span) {
    auto batched = world.replica("coredns-a", "10.0.1.21", 1, blocked_by_security_group());
    auto single = world.replica("coredns-b", "10.0.1.22", 2, blocked_by_security_group());
    const NameId id = world.names.intern(name);
    const BatchResult batch = batched->query_batch(id, QueryType::kA, count, at_ms(0), span);
    BatchResult one_by_one;
    for (int k = 0; k < count; ++k) {
      const QueryResult r = single->query(Time::at(span * k / count), id, QueryType::kA);
      one_by_one.from_cache += r.counts.from_cache;
      one_by_one.forwarded += r.counts.forwarded;
      one_by_one.upstream_packets += r.counts.upstream_packets;
      for (const Outcome& o : r.counts.outcomes)
        one_by_one.add(o.kind, o.latency, o.count);
    }
    CHECK(batch.outcomes == one_by_one.outcomes);
    CHECK(batch.from_cache == one_by_one.from_cache);
    CHECK(batch.forwarded == one_by_one.forwarded);
    CHECK(batch.upstream_packets == one_by_one.upstream_packets);
  };
  SECTION("through the VPC resolver") {
    DnsWorld world;
    compare(world, "gitlab.cloudopz.co", 997, seconds(73));
  }
  SECTION("through an unreachable custom server") {
    DnsWorld world;
    world.config.upstreams = {Upstream{ip("10.0.0.53"), UpstreamKind::kCustom}};
    compare(world, "gitlab.cloudopz.co", 997, seconds(73));
  }
}

TEST_CASE("an ExternalName service answers its target's records through forward, cached 5 s",
          "[coredns]") {
  DnsWorld world;
  world.services.add_external_name("airflow", "warehouse", "db.abc.us-east-1.rds.amazonaws.com");
  world.hosts.add("db.abc.us-east-1.rds.amazonaws.com", ip("10.0.5.5"));
  auto coredns = world.replica("coredns-a", "10.0.1.21", 1);
  const NameId warehouse = world.names.intern("warehouse.airflow.svc.cluster.local");

  const QueryResult first = coredns->query(at_ms(0), warehouse, QueryType::kA);
  CHECK(first.answer == DnsAnswer::records({ip("10.0.5.5")}, seconds(5)));
  CHECK(first.latency == ms(1));
  CHECK(first.counts.from_kubernetes == 1);
  CHECK(first.counts.upstream_packets == 1);

  CHECK(coredns->query(at_ms(5'000), warehouse, QueryType::kA).counts.from_cache == 1);
  // The CNAME's entry expired at 5.001 s; the target's is cached for 30 s.
  const QueryResult again = coredns->query(at_ms(5'001), warehouse, QueryType::kA);
  CHECK(again.counts.from_kubernetes == 1);
  CHECK(again.latency == Duration::zero());
  CHECK(again.counts.upstream_packets == 0);

  const BatchResult batch =
      coredns->query_batch(warehouse, QueryType::kA, 600, at_ms(10'000), seconds(60));
  CHECK(batch.count(ResponseKind::kAnswer) == 600);
  CHECK(batch.upstream_packets == 2);  // the target's refreshes at 30.001 s and 60.002 s
}

TEST_CASE("loadbalance shuffles a headless service's records in every response", "[coredns]") {
  DnsWorld world;
  auto coredns = world.replica("coredns-a", "10.0.1.21", 1);
  const NameId workers = world.names.intern("airflow-workers.airflow.svc.cluster.local");
  std::vector<std::string> orders;
  for (int i = 0; i < 6; ++i) {
    std::string order;
    for (const auto& a : coredns->query(at_ms(i), workers, QueryType::kA).answer.addresses)
      order += a.to_string() + " ";
    orders.push_back(order);
  }
  std::sort(orders.begin(), orders.end());
  CHECK(std::unique(orders.begin(), orders.end()) - orders.begin() > 1);
}
