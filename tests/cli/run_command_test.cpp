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
  const auto document = nlohmann::json::parse(r.out);
  CHECK(document["reportVersion"] == 2);
  REQUIRE(document["runs"].size() == 1);
  const auto& j = document["runs"][0];
  // Wall time is not part of a report: it would make two runs differ.
  CHECK_FALSE(j.contains("wallSeconds"));
  for (const char* key : {"scenario", "seed", "virtualSeconds", "events", "digest", "pods",
                          "nodes", "subnets", "expectations"}) {
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

TEST_CASE("bad usage exits 2 and writes nothing", "[cli][run]") {
  const std::string dir = ekssim::test::make_temp_dir();
  CHECK(run_ekssim("run " + kScenario + " --until 5x --output " + dir + "/out.json").exit_code ==
        2);
  // An output that cannot be written is found before the events file is written.
  const auto r = run_ekssim("run " + kScenario + " --events " + dir + "/ok.jsonl --output " + dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("it is a directory") != std::string::npos);
  CHECK(run_ekssim("run " + kScenario + " --seed -1").exit_code == 2);
  CHECK(run_ekssim("run " + kScenario + " --jobs 100000").exit_code == 2);
  CHECK(run_ekssim("run " + kScenario + " --jobs 0").exit_code == 2);
  CHECK(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

TEST_CASE("a file that does not load exits 2 and is reported while the others run",
          "[cli][run]") {
  const std::string dir = ekssim::test::make_temp_dir();
  ekssim::test::write_file(dir + "/bad.yaml", "apiVersion: ekssim/v1\nkind: Scenario\n");
  const auto r = run_ekssim("run " + dir + "/bad.yaml " + kScenario + " --format junit --output " +
                            dir + "/results.xml");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("bad.yaml:") != std::string::npos);
  const std::string xml = read_file(dir + "/results.xml");
  CHECK(xml.find("<testsuites name=\"ekssim\" tests=\"2\" failures=\"0\" errors=\"1\"") !=
        std::string::npos);
  CHECK(xml.find("<testsuite name=\"" + dir + "/bad.yaml\" tests=\"1\" failures=\"0\" " +
                 "errors=\"1\"") != std::string::npos);
  CHECK(xml.find("<error type=\"LoadError\" message=\"" + dir + "/bad.yaml:") !=
        std::string::npos);
  CHECK(xml.find("missing &apos;metadata&apos;") != std::string::npos);
  CHECK(xml.find("<testsuite name=\"eni-limit\" tests=\"1\" failures=\"0\"") !=
        std::string::npos);

  const auto json = run_ekssim("run " + dir + "/bad.yaml " + kScenario + " --format json");
  CHECK(json.exit_code == 2);
  const auto document = nlohmann::json::parse(json.out);
  REQUIRE(document["runs"].size() == 2);
  CHECK(document["runs"][0]["error"]["kind"] == "load");
  CHECK(document["runs"][0]["error"]["diagnostics"][0]["line"].get<int>() >= 1);
  CHECK(document["runs"][1]["scenario"] == "eni-limit");
  std::filesystem::remove_all(dir);
}

TEST_CASE("run --strict fails a scenario that declares no expectations", "[cli][run]") {
  const std::string dir = ekssim::test::make_temp_dir();
  std::string text = read_file(kScenario);
  text.erase(text.find("\nexpect:"));
  ekssim::test::write_file(dir + "/unchecked.yaml", text + "\n");
  CHECK(run_ekssim("run " + dir + "/unchecked.yaml").exit_code == 0);
  const auto r = run_ekssim("run " + dir + "/unchecked.yaml --strict --format junit");
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("<failure type=\"NoExpectations\"") != std::string::npos);
  CHECK(run_ekssim("check " + dir + "/unchecked.yaml --strict").exit_code == 2);
  CHECK(run_ekssim("check " + dir + "/unchecked.yaml").exit_code == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("run --format github annotates the failed expectation's line", "[cli][run]") {
  const std::string dir = ekssim::test::make_temp_dir();
  std::string text = read_file(kScenario);
  text.replace(text.find("p90: 3m"), 7, "p90: 1s");
  ekssim::test::write_file(dir + "/failing.yaml", text);
  // The expectation's list item is where it is declared.
  size_t line = 1;
  for (size_t i = 0; i < text.rfind("- ", text.find("podStartLatency")); ++i)
    line += text[i] == '\n' ? 1 : 0;
  const auto r = run_ekssim("run " + dir + "/failing.yaml --format github");
  CHECK(r.exit_code == 1);
  INFO(r.out);
  CHECK(r.out.rfind("::error file=" + dir + "/failing.yaml,line=" + std::to_string(line) +
                        ",title=ekssim%3A expectation failed%3A ",
                    0) == 0);
  CHECK(r.out.find("ekssim: " + dir + "/failing.yaml: 0 of 1 expectations met") !=
        std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("check writes its findings as JSON, JUnit and GitHub annotations", "[cli][check]") {
  const std::string dir = ekssim::test::make_temp_dir();
  ekssim::test::write_file(dir + "/bad.yaml", "apiVersion: ekssim/v2\nkind: Scenario\n");
  const auto json = run_ekssim("check " + dir + "/bad.yaml " + kScenario + " --format json");
  CHECK(json.exit_code == 2);
  const auto document = nlohmann::json::parse(json.out);
  REQUIRE(document["checks"].size() == 2);
  CHECK(document["checks"][0]["ok"] == false);
  CHECK(document["checks"][0]["diagnostics"][0]["line"] == 1);
  CHECK(document["checks"][1]["ok"] == true);
  const auto junit = run_ekssim("check " + dir + "/bad.yaml --format junit");
  CHECK(junit.out.find("<error type=\"LoadError\"") != std::string::npos);
  const auto github = run_ekssim("check " + dir + "/bad.yaml --format github");
  CHECK(github.out.rfind("::error file=" + dir + "/bad.yaml,line=1,col=", 0) == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("outputs: - is stdout, a device is written in place, a symlink's target is replaced",
          "[cli][run]") {
  const std::string dir = ekssim::test::make_temp_dir();
  const auto to_stdout = run_ekssim("run " + kScenario + " --format junit --output -");
  CHECK(to_stdout.out.rfind("<?xml", 0) == 0);
  CHECK(run_ekssim("run " + kScenario + " --output /dev/null").exit_code == 0);
  CHECK(std::filesystem::is_character_file("/dev/null"));
  const auto full = run_ekssim("run " + kScenario + " --output /dev/full");
  CHECK(full.exit_code == 2);
  CHECK(full.err.find("cannot write /dev/full") != std::string::npos);
  ekssim::test::write_file(dir + "/real.txt", "old");
  std::filesystem::create_symlink(dir + "/real.txt", dir + "/link.txt");
  CHECK(run_ekssim("run " + kScenario + " --output " + dir + "/link.txt").exit_code == 0);
  CHECK(std::filesystem::is_symlink(dir + "/link.txt"));
  CHECK(read_file(dir + "/real.txt").rfind("eni-limit — seed", 0) == 0);
  const auto events = run_ekssim("run " + kScenario + " --events - --output " + dir + "/r.txt");
  CHECK(events.exit_code == 0);
  CHECK(events.out.rfind("{\"t\":", 0) == 0);
  CHECK(run_ekssim("run " + kScenario + " --events -").exit_code == 2);
  std::filesystem::remove_all(dir);
}

TEST_CASE("with several scenarios --events names a directory of one trace per scenario",
          "[cli][run]") {
  const std::string dir = ekssim::test::make_temp_dir();
  const std::string other = std::string(EKSSIM_SOURCE_DIR) + "/scenarios/subnet-exhaustion.yaml";
  const auto r = run_ekssim("run " + kScenario + " " + other + " --events " + dir + "/traces");
  CHECK(r.exit_code == 0);
  CHECK(read_file(dir + "/traces/eni-limit.jsonl").rfind("{\"t\":", 0) == 0);
  CHECK(read_file(dir + "/traces/subnet-exhaustion.jsonl").rfind("{\"t\":", 0) == 0);
  const auto same = run_ekssim("run " + kScenario + " " + kScenario + " --events " + dir + "/x");
  CHECK(same.exit_code == 2);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a run stopped by SIGTERM leaves no temporary behind", "[cli][run]") {
  const std::string dir = ekssim::test::make_temp_dir();
  const std::string bin = EKSSIM_BINARY;
  // A generated cluster runs for seconds; the shell stops it once the trace's temporary file
  // exists (a fixed sleep raced the run as runs got faster), while the trace is being written.
  const auto r = ekssim::test::run_shell(
      bin + " generate --nodes 1000 --pods 30000 --services 2000 >" + dir + "/big.yaml && (" +
      bin + " run " + dir + "/big.yaml --events " + dir + "/trace.jsonl --output " + dir +
      "/report.txt & pid=$!; for i in $(seq 300); do ls " + dir +
      "/trace.jsonl.tmp.* >/dev/null 2>&1 && break; sleep 0.1; done; kill -TERM $pid; "
      "wait $pid; echo exit=$?)");
  CHECK(r.out.find("exit=143") != std::string::npos);
  std::vector<std::string> left;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    left.push_back(entry.path().filename().string());
  CHECK(left == std::vector<std::string>{"big.yaml"});
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

TEST_CASE("run --trace-pod adds the named pod's resolved lookups to the --events trace",
          "[cli][run]") {
  const std::string scenario =
      std::string(EKSSIM_SOURCE_DIR) + "/scenarios/custom-dns-upstream-unreachable.yaml";
  const auto bare = run_ekssim("run " + scenario + " --trace-pod ci/runner-x");
  CHECK(bare.exit_code == 2);
  CHECK(bare.err ==
        "ekssim run: error: --trace-pod adds events to the trace: give --events FILE\n");
  const auto report = run_ekssim("run " + scenario + " --format json");
  std::string pod;
  const auto document = nlohmann::json::parse(report.out);
  for (const auto& p : document["runs"][0]["pods"]) {
    if (p["name"].get<std::string>().rfind("runner-", 0) == 0) pod = p["name"];
  }
  REQUIRE(!pod.empty());
  const std::string dir = ekssim::test::make_temp_dir();
  const auto traced = run_ekssim("run " + scenario + " --events - --trace-pod ci/" + pod +
                                 " --output " + dir + "/r.txt");
  CHECK(traced.exit_code == 0);
  int64_t resolved = 0;
  size_t at = 0;
  for (size_t end; (end = traced.out.find('\n', at)) != std::string::npos; at = end + 1) {
    const auto line = nlohmann::json::parse(traced.out.substr(at, end - at));
    if (line["kind"] != "DnsLookupSucceeded") continue;
    ++resolved;
    CHECK(line["pod"] == pod);
    CHECK(line["namespace"] == "ci");
    CHECK(line["at"].get<std::string>().back() == 's');  // "5m4.768s"
  }
  CHECK(resolved > 50);
  std::filesystem::remove_all(dir);
}
