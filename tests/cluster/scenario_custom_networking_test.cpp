// scenarios/custom-networking.yaml: pods take addresses from the ENIConfig's subnet.

#include <catch2/catch.hpp>

#include "models/net/ipv4.h"
#include "tests/cluster/scenario_support.h"

TEST_CASE("with custom networking pods get ENIConfig-subnet addresses, never the primary ENI's",
          "[scenario][custom-networking]") {
  const auto report = ekssim::test::run_scenario("custom-networking.yaml");
  REQUIRE(report.all_expectations_passed());
  const auto pods_subnet = *ekssim::net::Cidr::parse("100.64.0.0/24");
  int app_pods = 0;
  for (const auto& p : report.pods) {
    if (p.namespace_ != "app") continue;
    ++app_pods;
    REQUIRE(p.ip);
    CHECK(pods_subnet.contains(*ekssim::net::Ipv4::parse(*p.ip)));
  }
  CHECK(app_pods == 18);
  REQUIRE(report.nodes.size() == 1);
  // The primary ENI holds no pod address: 2 secondary ENIs × 9 = 18.
  CHECK(report.nodes.front().enis == 3);
  CHECK(report.nodes.front().ips_total == 18);
  CHECK(ekssim::test::subnet(report, "pods-1a").free == 251 - 2 - 18);
}
