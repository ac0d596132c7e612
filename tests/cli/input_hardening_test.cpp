// What `check` and `run` do with input the loader refuses or warns about (issue 16, "Hardening").

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/command_runner.h"

using ekssim::test::make_temp_dir;
using ekssim::test::read_file;
using ekssim::test::run_ekssim;
using ekssim::test::write_file;

namespace {

const std::string kScenario = std::string(EKSSIM_SOURCE_DIR) + "/scenarios/warm-ip-target.yaml";

// warm-ip-target.yaml with `from` replaced by `to`, written to a fresh directory.
std::string variant(const std::string& from, const std::string& to) {
  std::string text = read_file(kScenario);
  const size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  const std::string path = make_temp_dir() + "/s.yaml";
  write_file(path, text);
  return path;
}

}  // namespace

TEST_CASE("check /dev/zero exits 2 at once with a clear error", "[cli][check]") {
  const auto r = run_ekssim("check /dev/zero");
  CHECK(r.exit_code == 2);
  CHECK(r.err.rfind("/dev/zero: error: cannot read: a character device, not a regular file\n", 0) ==
        0);
}

TEST_CASE("a value aws-node falls back on is a warning: check passes and says where",
          "[cli][check]") {
  const std::string path = variant("WARM_IP_TARGET: \"5\"", "WARM_IP_TARGET: \"five\"");
  const auto r = run_ekssim("check " + path);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "1 scenario OK\n");
  CHECK(r.err.find(path + ":46:25: warning: WARM_IP_TARGET \"five\" is not an integer") == 0);
  const auto run = run_ekssim("run " + path + " --format json");
  CHECK(run.err.find(path + ":46:25: warning: WARM_IP_TARGET \"five\"") != std::string::npos);
  CHECK(run.exit_code != 2);
}

TEST_CASE("the single-scenario commands print the loader's warnings too", "[cli]") {
  const std::string path = variant("WARM_IP_TARGET: \"5\"", "WARM_IP_TARGET: \"five\"");
  const std::string warning = path + ":46:25: warning: WARM_IP_TARGET \"five\"";
  CHECK(run_ekssim("reachability " + path).err.find(warning) != std::string::npos);
  const auto explain = run_ekssim("explain " + path + " --from pod/nowhere/none --to 10.0.0.1:53");
  CHECK(explain.err.find(warning) != std::string::npos);
}

TEST_CASE("a name that is not UTF-8 is refused by run and reported as a load error",
          "[cli][run]") {
  const std::string path = variant("name: warm-ip-target", "name: \"caf\xe9\"");
  const auto r = run_ekssim("run " + path + " --format json");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("error: byte 0xE9 is not UTF-8") != std::string::npos);
  // The report is valid JSON naming the error; nothing of the scenario ran.
  const auto document = nlohmann::json::parse(r.out);
  CHECK(document["runs"][0]["error"]["kind"] == "load");
  CHECK(document["runs"][0]["error"]["diagnostics"][0]["message"].get<std::string>().find(
            "byte 0xE9 is not UTF-8") != std::string::npos);
}
