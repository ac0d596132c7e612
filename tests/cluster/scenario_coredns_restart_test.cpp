// `restartDaemon: {daemon: coredns}` (CoreDnsFleet::restart_all): every replica starts again at
// its address with an empty cache. kube-proxy's rules do not move (the pods keep their
// addresses), so the node classes' reach and the replica each reachable address names, which
// DnsExchanges memoizes by the fleet's serving version, must follow the new servers: a memo kept
// across the restart would ask a destroyed server (AddressSanitizer's heap-use-after-free in the
// sanitized suite). The forwards to the upstream are not compared: an emptied cache forwards at
// once, but the 30 s refresh cycle it starts may hold one forward fewer by the end of the run.

#include <catch2/catch.hpp>

#include "tests/cluster/scenario_support.h"

namespace {

using ekssim::test::TextEdits;

// The crawler's 32 pods resolve one name every 100 ms, so the two replicas' caches answer all
// but the first lookup of each 30 s (`cache 30`).
const TextEdits kOneName = {
    {"names: 200000", "names: 1"},
};

TEST_CASE("restarting CoreDNS twice: the new servers answer every lookup",
          "[scenario][dns][restart]") {
  const auto base = ekssim::test::run_scenario_variant("dns-query-amplification-fqdn.yaml",
                                                       kOneName);
  TextEdits restarted = kOneName;
  restarted.emplace_back("  - {at: 1m, scaleNodeGroup: {name: workers, desiredCapacity: 2}}\n",
                         "  - {at: 1m, scaleNodeGroup: {name: workers, desiredCapacity: 2}}\n"
                         "  - {at: 5m, restartDaemon: {daemon: coredns}}\n"
                         "  - {at: 7m, restartDaemon: {daemon: coredns}}\n");
  const auto report =
      ekssim::test::run_scenario_variant("dns-query-amplification-fqdn.yaml", restarted);

  REQUIRE(base.dns.lookups > 10000);
  CHECK(report.dns.coredns_replicas == 2);
  // The same lookups, and every query reached a live server and was counted by it.
  CHECK(report.dns.lookups == base.dns.lookups);
  CHECK(report.dns.queries == base.dns.queries);
  CHECK(report.dns.coredns_queries == base.dns.coredns_queries);
  CHECK(report.dns.failed_lookups == 0);
  CHECK(report.all_expectations_passed());
}

}  // namespace
