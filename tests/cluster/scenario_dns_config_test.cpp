// A Deployment's dnsConfig options in a run (issue 14, DNS): the crawler of
// scenarios/dns-query-amplification*.yaml with options glibc reads other than as written.

#include <catch2/catch.hpp>

#include "tests/cluster/scenario_support.h"

namespace {

const std::string kResources = "    resources: {cpu: 100m, memory: 128Mi}\n";

std::string with_options(const std::string& options) {
  return kResources + "    dnsConfig: {options: [" + options + "]}\n";
}

}  // namespace

TEST_CASE("attempts \"0\": glibc sends no query and every lookup fails at once",
          "[scenario][dns]") {
  const auto report =
      ekssim::test::run_scenario_variant("dns-query-amplification-fqdn.yaml", kResources,
                                         with_options("{name: attempts, value: \"0\"}"));
  CHECK(report.dns.lookups > 100000);
  CHECK(report.dns.failed_lookups == report.dns.lookups);
  CHECK(report.dns.queries == 0);
  CHECK(report.dns.coredns_queries == 0);
  const ekssim::report::PodReport* pod = nullptr;
  const auto* f = ekssim::test::first_failure(report, "dns", "DnsNoQuerySent", &pod);
  REQUIRE(f != nullptr);
  REQUIRE(pod != nullptr);
  CHECK(pod->name.rfind("crawler-", 0) == 0);
  CHECK(f->message == "Temporary failure in name resolution");
  CHECK(f->cause ==
        "the pod's resolv.conf has options attempts:0: glibc's try loop (resolv/res_send.c) runs "
        "no time, so no query is sent");
  CHECK(f->fix == "set the dnsConfig option attempts between 1 and 5 (glibc's default is 2)");
  // At the pod's first lookup, with no time spent: the first tick after it runs.
  REQUIRE(pod->running_at);
  CHECK(f->at >= *pod->running_at);
  CHECK(f->at < *pod->running_at + 0.1);
}

TEST_CASE("ndots \"x\" reads as 0: a short external name is asked as given first, 2 queries",
          "[scenario][dns]") {
  const auto amplified = ekssim::test::run_scenario("dns-query-amplification.yaml");
  const auto fixed = ekssim::test::run_scenario_variant("dns-query-amplification.yaml", kResources,
                                                        with_options("{name: ndots, value: x}"));
  // ndots:5 walks four search domains before the name: 10 queries per lookup.
  CHECK(amplified.dns.queries_per_lookup > 9.0);
  CHECK(fixed.dns.queries_per_lookup >= 2.0);
  CHECK(fixed.dns.queries_per_lookup < 2.01);
}
