// scenarios/dns-query-amplification.yaml and its -fqdn fix: short external names walk the search
// list, four packets per lookup reach the VPC resolver from the one ENI both CoreDNS replicas
// share, and the packets over 1024 per second are dropped.

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "tests/cluster/scenario_support.h"

using ekssim::report::RunReport;

TEST_CASE(
    "short external names overload the ENI both CoreDNS replicas share, until CoreDNS "
    "spreads over more nodes",
    "[scenario][dns]") {
  const RunReport report = ekssim::test::run_scenario("dns-query-amplification.yaml");
  CHECK(report.all_expectations_passed());

  const ekssim::report::PodReport* pod = nullptr;
  const auto* first = ekssim::test::first_failure(report, "dns", "DnsServfail", &pod);
  REQUIRE(first != nullptr);
  CHECK(pod->name.rfind("crawler-", 0) == 0);
  CHECK(pod->node_group == "workers");
  // Every failure is a name of the family, and they are many distinct names.
  std::set<std::string> names;
  int64_t failures = 0, after_spread = 0;
  double last = 0;
  for (const auto& p : report.pods) {
    for (const auto& f : p.dns_failures) {
      CHECK(f.name.rfind("shop-", 0) == 0);
      CHECK(f.name.ends_with(".us-prod.zone"));
      CHECK(f.reason == "DnsServfail");
      CHECK(f.message == "Temporary failure in name resolution");
      names.insert(f.name);
      failures += f.count;
      if (f.last_at > 7 * 60) ++after_spread;
      last = std::max(last, f.last_at);
    }
  }
  CHECK(failures == report.dns.failed_lookups);
  CHECK(names.size() > 1000);
  CHECK(after_spread == 0);
  // The overload starts once the crawler runs (its pods are Running by 2m40s) and ends within
  // a few seconds of the scale-out at 6m plus the new replicas' start.
  CHECK(first->at > 2 * 60);
  CHECK(first->at < 3 * 60);
  CHECK(last > 6 * 60);
  CHECK(last < 6 * 60 + 30);

  // The cause names the ENI and the replica it shares it with.
  REQUIRE(first->cause.find("got no answer from its upstreams in time: its ENI eni-") !=
          std::string::npos);
  CHECK(first->cause.find("(shared with coredns-") != std::string::npos);
  CHECK(first->cause.find("more than 1024 packets per second") != std::string::npos);
  CHECK(first->fix.find("a trailing dot") != std::string::npos);

  // glibc walks the whole search list: five candidates, A and AAAA.
  CHECK(report.dns.queries_per_lookup >= 10.0);
  // The shared ENI went over the limit and dropped; the ENIs of the replicas added at 6m did not.
  REQUIRE(report.dns.vpc_resolver_enis.size() >= 2);
  const auto& busiest = report.dns.vpc_resolver_enis.front();
  REQUIRE(busiest.coredns.size() == 2);
  CHECK(busiest.peak_per_second > 1024);
  CHECK(busiest.dropped > 0);
  CHECK(busiest.dropped == report.dns.vpc_resolver_dropped);
  for (size_t i = 1; i < report.dns.vpc_resolver_enis.size(); ++i) {
    CHECK(report.dns.vpc_resolver_enis[i].dropped == 0);
    CHECK(report.dns.vpc_resolver_enis[i].peak_per_second <= 1024);
  }
  CHECK(report.dns.coredns_replicas == 4);
  // The cause names the overloaded ENI and the replica beside the one that failed.
  CHECK(first->cause.find("its ENI " + busiest.eni + " (shared with coredns-") !=
        std::string::npos);
  // Every ENI that sent packets holds CoreDNS replicas (the pods ask CoreDNS, never the resolver),
  // four replicas in all at the end.
  size_t replicas = 0;
  for (const auto& e : report.dns.vpc_resolver_enis) {
    CHECK_FALSE(e.coredns.empty());
    CHECK_FALSE(e.node.empty());
    replicas += e.coredns.size();
  }
  CHECK(replicas == 4);
}

TEST_CASE("the same names with a trailing dot send half the packets and none is dropped",
          "[scenario][dns]") {
  const RunReport report = ekssim::test::run_scenario("dns-query-amplification-fqdn.yaml");
  CHECK(report.all_expectations_passed());
  CHECK(report.dns.failed_lookups == 0);
  CHECK(report.dns.vpc_resolver_dropped == 0);
  // One candidate, A and AAAA, each forwarded once: every name is new to CoreDNS's cache.
  CHECK(report.dns.queries_per_lookup == 2.0);
  CHECK(report.dns.coredns_forwarded == report.dns.queries);
  REQUIRE(report.dns.vpc_resolver_enis.size() == 1);
  const auto& shared = report.dns.vpc_resolver_enis.front();
  CHECK(shared.coredns.size() == 2);
  CHECK(shared.peak_per_second <= 1024);
  CHECK(shared.peak_per_second > 512);
  // 32 crawlers, ten lookups a second each, for the seven and a half minutes they run.
  CHECK(report.dns.lookups > 32 * 10 * 7 * 60);
}

TEST_CASE(
    "the conntrack race stalls each glibc pod's lookups for 5 s once, then never: the thread "
    "sends one query at a time from then on, and never with one CoreDNS endpoint",
    "[scenario][dns]") {
  const std::string workers = "      labels: {role: workers}\n";
  const std::string racing = workers + "      conntrackDnsRace: 0.05\n";
  const RunReport calm = ekssim::test::run_scenario("dns-query-amplification-fqdn.yaml");
  const RunReport raced =
      ekssim::test::run_scenario_variant("dns-query-amplification-fqdn.yaml", workers, racing);
  CHECK(calm.dns.slow_lookups == 0);
  CHECK(calm.dns.lookup_latency.max < 0.01);
  // One reply lost, glibc waits out its 5 s and resends: slower, never failed. send_dg then
  // leaves RES_F_SNGLKUP set in the thread's resolver state, so that pod's later lookups send A
  // and AAAA one at a time and never race again: at most one stall per crawler pod (32), where
  // a chance per lookup would stall 5 % of the 190,000 lookups.
  CHECK(raced.dns.failed_lookups == 0);
  CHECK(raced.dns.lookups == calm.dns.lookups);
  CHECK(raced.dns.slow_lookups >= 16);
  CHECK(raced.dns.slow_lookups <= 32);
  CHECK(raced.dns.lookup_latency.max >= 5.0);
  CHECK(raced.dns.lookup_latency.max < 5.1);
  CHECK(raced.dns.lookup_latency.p50 < 0.01);
  // glibc resends A and AAAA one at a time after the stall: two more queries per raced lookup.
  CHECK(raced.dns.queries == calm.dns.queries + 2 * raced.dns.slow_lookups);
  // The draws come from the run's seeded streams: the same seed races the same lookups.
  const RunReport again =
      ekssim::test::run_scenario_variant("dns-query-amplification-fqdn.yaml", workers, racing);
  CHECK(again.digest == raced.digest);
  CHECK(again.dns.slow_lookups == raced.dns.slow_lookups);

  // With one CoreDNS endpoint both packets DNAT to it alike and nothing clashes.
  const RunReport single = ekssim::test::run_scenario_variant(
      "dns-query-amplification-fqdn.yaml", workers + "  addons:\n    coredns: {replicas: 2}\n",
      racing + "  addons:\n    coredns: {replicas: 1}\n");
  CHECK(single.dns.coredns_replicas == 1);  // the variant took
  CHECK(single.dns.slow_lookups == 0);
  CHECK(single.dns.failed_lookups == 0);
}
