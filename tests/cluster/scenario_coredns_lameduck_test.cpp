// CoreDNS's lameduck (EKS's Corefile `health { lameduck 5s }`, coredns/coredns plugin/health):
// a replica whose pod terminates keeps answering for 5 s, longer than kube-proxy takes to drop it
// from kube-dns's rules (minSyncPeriod 1 s), so scaling CoreDNS down loses no lookup.

#include <catch2/catch.hpp>

#include "tests/cluster/scenario_support.h"

namespace {

const std::string kScaleUp = "  - {at: 1m, scaleNodeGroup: {name: workers, desiredCapacity: 2}}\n";

}  // namespace

TEST_CASE("scaling CoreDNS from 2 to 1 loses no lookup: the leaving replica answers in lameduck",
          "[scenario][dns][lameduck]") {
  // The crawler's 32 pods look up a fresh name every 100 ms, half of them through each replica.
  const auto report = ekssim::test::run_scenario_variant(
      "dns-query-amplification-fqdn.yaml", kScaleUp,
      kScaleUp +
          "  - {at: 5m, scaleDeployment: {namespace: kube-system, name: coredns, "
          "replicas: 1}}\n");
  CHECK(report.dns.coredns_replicas == 1);  // the variant took
  CHECK(report.dns.lookups > 100000);
  // Without lameduck the queries kube-proxy still sent to the leaving replica before its rules
  // synced got no answer, nor did their retries on glibc's kept socket (the same endpoint).
  CHECK(report.dns.failed_lookups == 0);
  CHECK(report.dns.slow_lookups == 0);
  CHECK(report.all_expectations_passed());
}
