// `ekssim run`: the report formats' contract fields, exit codes, atomic output and --events.

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/cli/command_runner.h"

using ekssim::test::read_file;
using ekssim::test::run_ekssim;

namespace {
const std::string kScenario = std::string(EKSSIM_SOURCE_DIR) + "/scenarios/eni-limit.yaml";
}

TEST_CASE("the JSON report carries the contract's fields", "[cli][run]") {
  const auto r = run_ekssim("run " + kScenario + " --format json");
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"scenario", "seed", "virtualSeconds", "events", "wallSeconds", "digest",
                          "pods", "nodes", "subnets", "expectations"}) {
    INFO(key);
    CHECK(j.contains(key));
  }
  CHECK(j["scenario"] == "eni-limit");
  CHECK(j["virtualSeconds"] == 900.0);
  const auto& pod = j["pods"][0];
  for (const char* key :
       {"namespace", "name", "node", "nodeGroup", "ip", "phase", "ipFailures", "dnsFailures"}) {
    INFO(key);
    CHECK(pod.contains(key));
  }
  const auto& node = j["nodes"][0];
  for (const char* key : {"name", "nodeGroup", "instanceType", "ready", "maxPods", "enis",
                          "ipsTotal", "ipsAssigned"}) {
    INFO(key);
    CHECK(node.contains(key));
  }
  const auto& subnet = j["subnets"][0];
  for (const char* key : {"name", "usable", "free", "minFree"})
    CHECK(subnet.contains(key));
  const auto& e = j["expectations"][0];
  for (const char* key : {"name", "passed", "detail"})
    CHECK(e.contains(key));
}

TEST_CASE("a failed expectation exits 1 and JUnit reports it as a failure", "[cli][run]") {
  const std::string dir = ekssim::test::make_temp_dir();
  std::string text = read_file(kScenario);
  text.replace(text.find("p90: 3m"), 7, "p90: 1s");
  ekssim::test::write_file(dir + "/failing.yaml", text);
  const auto r =
      run_ekssim("run " + dir + "/failing.yaml --format junit --output " + dir + "/results.xml");
  CHECK(r.exit_code == 1);
  const std::string xml = read_file(dir + "/results.xml");
  CHECK(xml.find("<testsuite name=\"eni-limit\" tests=\"1\" failures=\"1\"") != std::string::npos);
  CHECK(xml.find("<failure type=\"podStartLatency\"") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("bad input exits 2 and writes nothing", "[cli][run]") {
  const std::string dir = ekssim::test::make_temp_dir();
  ekssim::test::write_file(dir + "/bad.yaml", "apiVersion: ekssim/v1\nkind: Scenario\n");
  const auto r = run_ekssim("run " + dir + "/bad.yaml --output " + dir + "/out.json");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("bad.yaml:") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir + "/out.json"));
  CHECK(run_ekssim("run " + kScenario + " --until 5x").exit_code == 2);
  std::filesystem::remove_all(dir);
}

TEST_CASE("the events option writes the trace as JSON Lines, virtual time first", "[cli][run]") {
  const std::string dir = ekssim::test::make_temp_dir();
  const auto r = run_ekssim("run " + kScenario + " --events " + dir + "/trace.jsonl");
  REQUIRE(r.exit_code == 0);
  const std::string lines = read_file(dir + "/trace.jsonl");
  REQUIRE(!lines.empty());
  const auto first = nlohmann::json::parse(lines.substr(0, lines.find('\n')));
  CHECK(first.contains("t"));
  CHECK(first.contains("kind"));
  CHECK(lines.rfind("{\"t\":", 0) == 0);  // virtual time first
  // …then the same time as the report writes it.
  CHECK(lines.rfind("{\"t\":0,\"at\":\"0s\",\"kind\":", 0) == 0);
  std::filesystem::remove_all(dir);
}
