// A small generated cluster runs clean: `ekssim generate` promises a healthy cluster, so its run
// must show every pod Running, traffic flowing and no DNS or connection failure.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/cli/command_runner.h"

using ekssim::test::run_ekssim;

TEST_CASE("a small generated cluster runs with every pod Running and no traffic failure",
          "[cli][generate]") {
  const std::string dir = ekssim::test::make_temp_dir();
  const auto g = run_ekssim("generate --nodes 20 --pods 400 --services 20 --seed 5 --duration 20m");
  REQUIRE(g.exit_code == 0);
  ekssim::test::write_file(dir + "/g.yaml", g.out);
  const auto r = run_ekssim("run " + dir + "/g.yaml --format json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto document = nlohmann::json::parse(r.out);
  REQUIRE(document["runs"].size() == 1);
  const auto& j = document["runs"][0];
  for (const auto& e : j["expectations"]) {
    INFO(e["name"].get<std::string>() << ": " << e["detail"].get<std::string>());
    CHECK(e["passed"] == true);
  }
  int64_t running = 0, dns_failures = 0, connect_failures = 0;
  for (const auto& p : j["pods"]) {
    if (p["phase"] == "Running") ++running;
    dns_failures += static_cast<int64_t>(p["dnsFailures"].size());
    connect_failures += static_cast<int64_t>(p["connectFailures"].size());
  }
  CHECK(running == static_cast<int64_t>(j["pods"].size()));
  CHECK(running >= 400);
  CHECK(dns_failures == 0);
  CHECK(connect_failures == 0);
  // Every Deployment resolves and connects to another Service: traffic really flowed.
  CHECK(j["dns"]["lookups"].get<int64_t>() > 400 * 20);
  CHECK(j["dns"]["failedLookups"] == 0);
  CHECK(j["dns"]["connects"].get<int64_t>() > 400 * 10);
  CHECK(j["dns"]["failedConnects"] == 0);
  CHECK(j["dns"]["corednsQueries"].get<int64_t>() > 0);
}
