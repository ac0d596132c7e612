// `ekssim fit`: the fewest nodes for a criterion on scenarios/eni-limit.yaml (two m5.large nodes
// at their ENI limit leave pods Pending on "Too many pods"), per instance type, the same whatever
// the jobs, and a bad instance type located in the file.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/cli/command_runner.h"

using ekssim::test::run_ekssim;

namespace {
const std::string kScenario = std::string(EKSSIM_SOURCE_DIR) + "/scenarios/eni-limit.yaml";
}

TEST_CASE("fit finds three m5.large nodes and shows the two-node run's Pending pods",
          "[cli][fit]") {
  const auto r = run_ekssim("fit " + kScenario + " --node-group small");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.rfind("small: 3 × m5.large is the fewest for which all-running holds\n", 0) == 0);
  CHECK(r.out.find("\n2 nodes              6  Too many pods ") != std::string::npos);
  CHECK(r.out.find("\n3 nodes       0 (-6) *  -") != std::string::npos);
}

TEST_CASE("fit per instance type names the fewest nodes, whatever the jobs", "[cli][fit]") {
  const std::string args =
      "fit " + kScenario + " --node-group small --instance-types m5.large,c5.xlarge --format json";
  const auto one = run_ekssim(args + " --jobs 1");
  const auto two = run_ekssim(args + " --jobs 2");
  REQUIRE(one.exit_code == 0);
  CHECK(one.out == two.out);
  const auto j = nlohmann::json::parse(one.out);
  REQUIRE(j.size() == 2);
  CHECK(j[0]["instanceType"] == "m5.large");
  CHECK(j[0]["desiredCapacity"] == 3);
  CHECK(j[0]["criterion"] == "all-running");
  REQUIRE(j[0]["runs"].size() == 2);
  CHECK(j[0]["runs"][0]["desiredCapacity"] == 2);
  CHECK(j[0]["runs"][0]["meets"] == false);
  CHECK(j[0]["runs"][0]["podsNeverRunning"] == 6);
  CHECK(j[0]["runs"][0]["topReason"] == "Too many pods");
  CHECK(j[0]["runs"][1]["meets"] == true);
  CHECK(j[1]["instanceType"] == "c5.xlarge");
  CHECK(j[1]["desiredCapacity"] == 2);
  const auto text =
      run_ekssim("fit " + kScenario + " --node-group small --instance-types m5.large,c5.xlarge");
  CHECK(text.out.find("\nfewest nodes: 2 × c5.xlarge\n") != std::string::npos);
}

TEST_CASE("fit exits 1 when the criterion fails at --max, showing that run", "[cli][fit]") {
  const auto r = run_ekssim("fit " + kScenario + " --node-group small --max 2");
  CHECK(r.exit_code == 1);
  CHECK(r.out.rfind("small: all-running does not hold even with 2 × m5.large (--max)\n", 0) == 0);
}

TEST_CASE("fit locates a bad instance type and names an unknown node group", "[cli][fit]") {
  const auto bad = run_ekssim("fit " + kScenario + " --node-group small --instance-types m5.lrage");
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.empty());
  CHECK(bad.err.rfind(kScenario + ":38:21: error: variant '10 nodes': unknown instance type "
                                  "'m5.lrage' (did you mean 'm5.large'?)",
                      0) == 0);
  const auto group = run_ekssim("fit " + kScenario + " --node-group big");
  CHECK(group.exit_code == 2);
  CHECK(group.err ==
        "ekssim fit: error: " + kScenario + " has no node group 'big'; expected one of: small\n");
}
