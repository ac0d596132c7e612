// scenarios/service-without-endpoints.yaml: an empty Service refuses at once; its name resolves.

#include <catch2/catch.hpp>

#include "tests/cluster/scenario_support.h"

TEST_CASE("connections to a Service without endpoints are refused at once, not timed out",
          "[scenario][services]") {
  const auto report = ekssim::test::run_scenario("service-without-endpoints.yaml");
  CHECK(report.all_expectations_passed());
  int64_t refused = 0, timed_out = 0;
  double first = 1e9, last = 0;
  std::string message, cause, fix;
  for (const auto& p : report.pods) {
    CHECK(p.dns_failures.empty());
    for (const auto& f : p.connect_failures) {
      CHECK(p.name.rfind("checkout-", 0) == 0);
      CHECK(f.name == "payments:8080");
      (f.reason == "ConnectionRefused" ? refused : timed_out) += f.count;
      if (f.at < first) {
        first = f.at;
        message = f.message;
        cause = f.cause;
        fix = f.fix;
      }
      last = std::max(last, f.last_at);
    }
  }
  CHECK(timed_out == 0);
  // Two checkout pods connect every 30 s while payments has no pods, from 10m to about 20m.
  CHECK(refused >= 36);
  CHECK(refused <= 42);
  CHECK(first >= 10 * 60);
  CHECK(first < 10 * 60 + 31);
  CHECK(last < 21 * 60);
  CHECK(message.rfind("dial tcp 172.20.", 0) == 0);
  CHECK(message.find(":8080: connect: connection refused") != std::string::npos);
  CHECK(cause.find("filter KUBE-SERVICES") != std::string::npos);
  CHECK(cause.find("shop/payments:http has no endpoints") != std::string::npos);
  CHECK(fix == "make an endpoint of shop/payments:http ready (scale up or fix its pods)");
  CHECK(report.dns.failed_connects == refused);
}
