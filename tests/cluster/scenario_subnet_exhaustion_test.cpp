// scenarios/subnet-exhaustion.yaml: which pods fail to get an address, when, and why.

#include <catch2/catch.hpp>

#include "tests/cluster/scenario_support.h"

using ekssim::test::first_failure;
using ekssim::test::run_scenario;

TEST_CASE("subnet exhaustion: pods fail once private-1a runs out, naming the subnet",
          "[scenario][subnet-exhaustion]") {
  const auto report = run_scenario("subnet-exhaustion.yaml");
  REQUIRE(report.all_expectations_passed());

  const ekssim::report::PodReport* pod = nullptr;
  const auto* failure = first_failure(report, "ip", "SubnetExhausted", &pod);
  REQUIRE(failure != nullptr);
  CHECK(failure->at > 300);  // only after the scale-out at 5m
  CHECK(failure->cause == "subnet private-1a has no free addresses (59 used of 59)");
  CHECK(failure->message.find("plugin type=\"aws-cni\" name=\"aws-cni\" failed (add): add cmd: "
                              "failed to assign an IP address to container") != std::string::npos);
  CHECK(pod->namespace_ == "web");
  CHECK(pod->phase == "Pending");
  REQUIRE(pod->node);

  const auto& s = ekssim::test::subnet(report, "private-1a");
  CHECK(s.usable == 59);
  CHECK(s.free == 0);
  CHECK(s.min_free == 0);
  CHECK(s.min_free_at > 300);
  REQUIRE(!report.top_causes.empty());
  CHECK(report.top_causes.front().reason == "SubnetExhausted");
}

TEST_CASE("a run is byte-identical for the same seed and differs for another",
          "[scenario][determinism]") {
  const auto a = run_scenario("subnet-exhaustion.yaml");
  const auto b = run_scenario("subnet-exhaustion.yaml");
  CHECK(a.digest == b.digest);
  CHECK(a.events == b.events);
  ekssim::report::SimulateOptions other;
  other.seed = 2;
  CHECK(run_scenario("subnet-exhaustion.yaml", other).digest != a.digest);
}

TEST_CASE("over many seeds no address is ever held twice and subnets stay consistent",
          "[scenario][property]") {
  // The invariant checkers run inside every simulation; a violation throws.
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    ekssim::report::SimulateOptions options;
    options.seed = seed;
    INFO("seed " << seed);
    CHECK_NOTHROW(run_scenario("subnet-exhaustion.yaml", options));
  }
}
