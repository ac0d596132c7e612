#include "models/dns/coredns.h"

#include <catch2/catch.hpp>

#include "dns_test_support.h"

using namespace ekssim::dns;
using namespace ekssim::dns::test;
using ekssim::sim::Duration;

TEST_CASE("the kubernetes plugin's answers are cached by the replica for their 5 s TTL",
          "[coredns]") {
  DnsWorld world;
  auto coredns = world.replica("coredns-a", "10.0.1.21", 1);
  const NameId kube_dns = world.names.intern("kube-dns.kube-system.svc.cluster.local");

  const QueryResult first = coredns->query(at_ms(0), kube_dns, QueryType::kA);
  CHECK(first.answer == DnsAnswer::records({ip("172.20.0.10")}, seconds(5)));
  CHECK(first.latency == Duration::zero());
  CHECK(first.counts.from_kubernetes == 1);
  CHECK(first.counts.upstream_packets == 0);

  CHECK(coredns->query(at_ms(4'999), kube_dns, QueryType::kA).counts.from_cache == 1);
  CHECK(coredns->query(at_ms(5'000), kube_dns, QueryType::kA).counts.from_kubernetes == 1);
}

TEST_CASE("names in cluster.local are never forwarded, even when they do not exist", "[coredns]") {
  DnsWorld world;
  auto coredns = world.replica("coredns-a", "10.0.1.21", 1);
  const QueryResult r = coredns->query(
      at_ms(0),
      world.names.intern("airflow-pgbouncer.airflow.svc.cluster.local.airflow.svc.cluster.local"),
      QueryType::kA);
  CHECK(r.answer == DnsAnswer::nxdomain(seconds(5)));
  CHECK(r.counts.forwarded == 0);
  CHECK(r.counts.upstream_packets == 0);
}

TEST_CASE("an outside name is forwarded to the VPC resolver and cached for at most 30 s",
          "[coredns]") {
  DnsWorld world;
  auto coredns = world.replica("coredns-a", "10.0.1.21", 1);
  const NameId gitlab = world.names.intern("gitlab.cloudopz.co");

  const QueryResult first = coredns->query(at_ms(0), gitlab, QueryType::kA);
  CHECK(first.answer == DnsAnswer::records({ip("203.0.113.10")}, seconds(60)));
  CHECK(first.latency == ms(1));
  CHECK(first.counts.forwarded == 1);
  CHECK(first.counts.upstream_packets == 1);
  CHECK(first.error_log.empty());

  // The answer arrived at 1 ms and is kept 30 s (its TTL of 60 s, capped).
  CHECK(coredns->query(at_ms(30'000), gitlab, QueryType::kA).counts.from_cache == 1);
  const QueryResult expired = coredns->query(at_ms(30'001), gitlab, QueryType::kA);
  CHECK(expired.counts.forwarded == 1);
  CHECK(expired.latency == ms(1));

  // AAAA is NODATA from upstream, cached as a denial for 30 s as well.
  CHECK(coredns->query(at_ms(0), gitlab, QueryType::kAAAA).answer.kind() == ResponseKind::kNoData);
  CHECK(coredns->query(at_ms(30'000), gitlab, QueryType::kAAAA).counts.from_cache == 1);
  CHECK(coredns->query(at_ms(30'001), gitlab, QueryType::kAAAA).counts.forwarded == 1);
}

TEST_CASE("a short TTL is kept for the 5 s floor, and NXDOMAIN from upstream for 30 s",
          "[coredns]") {
  DnsWorld world;
  world.hosts.add("short.example.com", ip("198.51.100.1"), seconds(2));
  auto coredns = world.replica("coredns-a", "10.0.1.21", 1);
  const NameId short_ttl = world.names.intern("short.example.com");
  const NameId missing = world.names.intern("redis.us-prod.zone");

  CHECK(coredns->query(at_ms(0), short_ttl, QueryType::kA).counts.forwarded == 1);
  CHECK(coredns->query(at_ms(5'000), short_ttl, QueryType::kA).counts.from_cache == 1);
  CHECK(coredns->query(at_ms(5'001), short_ttl, QueryType::kA).counts.forwarded == 1);

  CHECK(coredns->query(at_ms(0), missing, QueryType::kA).answer.kind() == ResponseKind::kNxDomain);
  CHECK(coredns->query(at_ms(30'000), missing, QueryType::kA).counts.from_cache == 1);
  CHECK(coredns->query(at_ms(30'001), missing, QueryType::kA).counts.forwarded == 1);
}

TEST_CASE(
    "an unreachable custom DNS server gives SERVFAIL after two 2 s read timeouts, then "
    "after one once it is down, with CoreDNS's log line",
    "[coredns]") {
  DnsWorld world;
  world.config.upstreams = {Upstream{ip("10.0.0.53"), UpstreamKind::kCustom}};
  bool blocked = true;
  const PathCheck sg = blocked_by_security_group();
  auto coredns = world.replica("coredns-a", "10.0.1.21", 1, [&](const ekssim::net::Flow& f) {
    CHECK(f.to_string().ends_with(" -> 10.0.0.53:53"));
    return blocked ? sg(f) : ekssim::net::Verdict{};
  });
  const NameId gitlab = world.names.intern("gitlab.cloudopz.co");

  const QueryResult first = coredns->query(at_ms(0), gitlab, QueryType::kA);
  CHECK(first.answer == DnsAnswer::servfail());
  CHECK(first.latency == seconds(4));
  CHECK(first.counts.upstream_packets == 2);
  CHECK(first.counts.timed_out == 2);
  CHECK(first.counts.error_logs == 1);
  CHECK(first.counts.last_error_reason == ekssim::net::Reason::kEniSgRulesMismatch);
  CHECK(first.error_log ==
        "[ERROR] plugin/errors: 2 gitlab.cloudopz.co. A: read udp "
        "10.0.1.21:48450->10.0.0.53:53: i/o timeout");

  // The first exchange failed at 2 s; three failed probes later, at 6 s, the server is down.
  CHECK(coredns->query(at_ms(5'999), gitlab, QueryType::kA).latency == seconds(4));
  CHECK_FALSE(coredns->forwarder().down(0, at_ms(5'999)));
  CHECK(coredns->forwarder().down(0, at_ms(6'000)));
  const QueryResult down = coredns->query(at_ms(6'000), gitlab, QueryType::kA);
  CHECK(down.latency == seconds(2));
  CHECK(down.counts.upstream_packets == 1);
  CHECK(
      down.error_log.starts_with("[ERROR] plugin/errors: 2 gitlab.cloudopz.co. A: read udp "
                                 "10.0.1.21:"));

  // SERVFAIL is not cached, and the first query after the rule is added gets through.
  blocked = false;
  const QueryResult fixed = coredns->query(at_ms(8'000), gitlab, QueryType::kA);
  CHECK(fixed.answer == DnsAnswer::records({ip("203.0.113.10")}, seconds(60)));
  CHECK(fixed.latency == ms(2));
  CHECK(fixed.error_log.empty());
}

TEST_CASE("with enableDnsSupport off the VPC resolver never answers", "[coredns]") {
  VpcResolverConfig config = default_vpc();
  config.enable_dns_support = false;
  DnsWorld world(config);
  auto coredns = world.replica("coredns-a", "10.0.1.21", 1);
  const QueryResult r =
      coredns->query(at_ms(0), world.names.intern("gitlab.cloudopz.co"), QueryType::kA);
  CHECK(r.answer.kind() == ResponseKind::kServFail);
  CHECK(r.latency == seconds(4));
  CHECK(r.counts.last_error_reason == ekssim::net::Reason::kVpcDnsSupportDisabled);
  CHECK(
      r.error_log.starts_with("[ERROR] plugin/errors: 2 gitlab.cloudopz.co. A: read udp "
                              "10.0.1.21:"));
  CHECK(r.error_log.ends_with("->10.0.0.2:53: i/o timeout"));
}
