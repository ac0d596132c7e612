// A subnet's addressesInUse: addresses other resources held before the cluster came. A
// differential check on scenarios/warm-ip-target.yaml (no prefix delegation, no exhaustion):
// the cluster takes the same number of addresses either way, so the subnet ends with exactly
// that many fewer free.

#include <catch2/catch.hpp>

#include "tests/cluster/scenario_support.h"

namespace {
constexpr const char* kFile = "warm-ip-target.yaml";
constexpr const char* kSubnet = "{name: private-1a, az: us-east-1a, cidr: 10.0.0.0/20, ";
}  // namespace

TEST_CASE("addresses in use at t=0 leave the subnet that many fewer free, all run long",
          "[scenario][addresses-in-use]") {
  const auto base = ekssim::test::run_scenario(kFile);
  const auto busy = ekssim::test::run_scenario_variant(
      kFile, kSubnet, std::string(kSubnet) + "addressesInUse: 3000, ");
  const auto& before = ekssim::test::subnet(base, "private-1a");
  const auto& after = ekssim::test::subnet(busy, "private-1a");
  CHECK(after.usable == before.usable);
  CHECK(after.free == before.free - 3000);
  CHECK(after.min_free == before.min_free - 3000);
  CHECK(busy.pods.size() == base.pods.size());
}

TEST_CASE("a subnet nearly full at t=0 runs out: the pods beyond it name the exhausted subnet",
          "[scenario][addresses-in-use]") {
  // 4091 usable; 4060 taken leaves 31 for 4 nodes and their pools.
  const auto report = ekssim::test::run_scenario_variant(
      kFile, kSubnet, std::string(kSubnet) + "addressesInUse: 4060, ");
  CHECK(ekssim::test::subnet(report, "private-1a").min_free == 0);
  const ekssim::report::Failure* failure =
      ekssim::test::first_failure(report, "ip", "SubnetExhausted");
  REQUIRE(failure != nullptr);
  CHECK(failure->cause.find("private-1a") != std::string::npos);
}

TEST_CASE("scenarios/shared-subnet-in-use.yaml: the others' addresses leave no room for the "
          "scale-out, neither for nodes nor for pods",
          "[scenario][addresses-in-use]") {
  const auto report = ekssim::test::run_scenario("shared-subnet-in-use.yaml");
  CHECK(report.all_expectations_passed());
  CHECK(report.nodes.size() == 6);
  const ekssim::report::CauseSummary* launch = nullptr;
  for (const auto& c : report.top_causes) {
    if (c.kind == "launch") launch = &c;
  }
  REQUIRE(launch != nullptr);
  CHECK(launch->reason == "InsufficientFreeAddressesInSubnet");
  CHECK(launch->first_at == 600);
  CHECK(launch->cause ==
        "node group app cannot launch an instance in shared-1a: There are not enough free "
        "addresses in subnet 'shared-1a' to satisfy the requested number of instances.");
  const ekssim::report::Failure* exhausted =
      ekssim::test::first_failure(report, "ip", "SubnetExhausted");
  REQUIRE(exhausted != nullptr);
  CHECK(exhausted->at >= 600);
}

TEST_CASE("alone in its subnet the same cluster scales out with room to spare",
          "[scenario][addresses-in-use]") {
  const auto report = ekssim::test::run_scenario_variant(
      "shared-subnet-in-use.yaml", "routeTable: private, addressesInUse: 900}",
      "routeTable: private}");
  CHECK(report.nodes.size() == 12);
  CHECK(ekssim::test::first_failure(report, "ip", "SubnetExhausted") == nullptr);
  for (const auto& c : report.top_causes) CHECK(c.kind != "launch");
}
