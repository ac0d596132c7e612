// scenarios/warm-eni-target.yaml against warm-ip-target.yaml: the same scale-out under the
// default warm pool and under WARM_IP_TARGET=5/MINIMUM_IP_TARGET=10 — addresses held idle
// against pod start latency.

#include <catch2/catch.hpp>

#include "tests/cluster/scenario_support.h"

namespace {
int idle_addresses(const ekssim::report::RunReport& r) {
  int idle = 0;
  for (const auto& n : r.nodes)
    idle += n.ips_total - n.ips_assigned;
  return idle;
}
}  // namespace

TEST_CASE("WARM_ENI_TARGET holds more addresses idle — WARM_IP_TARGET starts pods later",
          "[scenario][warm-pool]") {
  const auto eni = ekssim::test::run_scenario("warm-eni-target.yaml");
  const auto ip = ekssim::test::run_scenario("warm-ip-target.yaml");
  REQUIRE(eni.all_expectations_passed());
  REQUIRE(ip.all_expectations_passed());
  CHECK(idle_addresses(eni) > idle_addresses(ip));
  CHECK(eni.pod_start_latency.p50 < ip.pod_start_latency.p50);
  // With WARM_IP_TARGET the pool grows a few addresses per 5 s tick: more waits for one. (Counted
  // as failures, not pods: pods scheduled the instant a new node turns Ready, as kube-scheduler
  // does, meet an empty pool under either setting.)
  int64_t eni_waits = 0, ip_waits = 0;
  for (const auto& c : eni.top_causes)
    eni_waits += c.reason == "WarmPoolGrowing" ? c.failures : 0;
  for (const auto& c : ip.top_causes)
    ip_waits += c.reason == "WarmPoolGrowing" ? c.failures : 0;
  CHECK(ip_waits > eni_waits);
  // Neither setting runs out of addresses or ENIs here.
  CHECK(ekssim::test::first_failure(eni, "ip", "SubnetExhausted") == nullptr);
  CHECK(ekssim::test::first_failure(ip, "ip", "EniLimitReached") == nullptr);
}

TEST_CASE(
    "a WARM_IP_TARGET aws-node cannot parse runs exactly as no setting, as upstream falls "
    "back",
    "[scenario][warm-pool][env]") {
  // getWarmIPTarget: strconv.Atoi fails on "five" and the target stays unset; the loader warns.
  const auto five = ekssim::test::run_scenario_variant(
      "warm-ip-target.yaml", "WARM_IP_TARGET: \"5\"", "WARM_IP_TARGET: \"five\"");
  const auto unset = ekssim::test::run_scenario_variant("warm-ip-target.yaml",
                                                        "        WARM_IP_TARGET: \"5\"\n", "");
  const auto set = ekssim::test::run_scenario("warm-ip-target.yaml");
  CHECK(five.digest == unset.digest);
  CHECK(five.digest != set.digest);
  // MAX_ENI "0" is ignored by getMaxENI (input >= 1 only).
  const auto max_eni_zero =
      ekssim::test::run_scenario_variant("warm-ip-target.yaml", "WARM_IP_TARGET: \"5\"",
                                         "WARM_IP_TARGET: \"5\"\n        MAX_ENI: \"0\"");
  CHECK(max_eni_zero.digest == set.digest);
}
