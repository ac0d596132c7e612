// `ekssim sweep` and `ekssim merge`: the comparison table's rows, changes and marks for a
// WARM_IP_TARGET sweep of scenarios/warm-ip-target.yaml, the scenario's sweep: section, located
// errors naming the variant, and shards that merge into the very bytes of the whole sweep.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/cli/command_runner.h"

using ekssim::test::make_temp_dir;
using ekssim::test::read_file;
using ekssim::test::run_ekssim;
using ekssim::test::write_file;

namespace {

const std::string kScenario = std::string(EKSSIM_SOURCE_DIR) + "/scenarios/warm-ip-target.yaml";
const std::string kWarmIp = " --set 'cluster.addons.vpcCni.env.WARM_IP_TARGET=\"1\",\"10\"'";

std::vector<std::vector<std::string>> csv_rows(const std::string& csv) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(csv);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> fields{""};
    bool quoted = false;
    for (char c : line) {
      if (c == '"') {
        quoted = !quoted;
        if (!quoted || fields.back().empty()) continue;
      }
      if (c == ',' && !quoted) {
        fields.emplace_back();
        continue;
      }
      fields.back() += c;
    }
    rows.push_back(fields);
  }
  return rows;
}

}  // namespace

TEST_CASE("A WARM_IP_TARGET sweep trades idle addresses for EC2 calls and IP waits",
          "[cli][sweep]") {
  const auto r = run_ekssim("sweep " + kScenario + kWarmIp + " --format csv");
  REQUIRE(r.exit_code == 0);
  const auto rows = csv_rows(r.out);
  REQUIRE(rows.size() == 4);
  const auto& h = rows[0];
  auto col = [&](const std::string& name) {
    return static_cast<size_t>(std::find(h.begin(), h.end(), name) - h.begin());
  };
  CHECK(h[0] == "variant");
  CHECK(h[1] == "settings");
  CHECK(h.size() == 21);
  CHECK(rows[1][0] == "baseline");
  CHECK(rows[1][1] == "");
  CHECK(rows[2][0] == "WARM_IP_TARGET=1");
  CHECK(rows[2][1] == "cluster.addons.vpcCni.env.WARM_IP_TARGET=\"1\"");
  CHECK(rows[3][0] == "WARM_IP_TARGET=10");
  // The file's WARM_IP_TARGET is 5: fewer warm addresses mean more calls and more waits.
  CHECK(rows[1][col("ipFailures")] == "57");
  CHECK(rows[2][col("ipFailures")] == "136");
  CHECK(rows[3][col("ipFailures")] == "42");
  CHECK(rows[1][col("addressesIdle")] == "20");
  CHECK(rows[2][col("addressesIdle")] == "4");
  CHECK(rows[3][col("addressesIdle")] == "28");
  CHECK(rows[1][col("ec2Calls")] == "84");
  CHECK(rows[2][col("ec2Calls")] == "132");
  CHECK(rows[3][col("ec2Calls")] == "66");
  CHECK(rows[2][col("tightestSubnet")] == "private-1a");
  CHECK(rows[2][col("podsNeverRunning")] == "0");
  CHECK(rows[2][col("expectationsMet")] == "1");
}

TEST_CASE("The text table shows each change from the baseline and marks the best", "[cli][sweep]") {
  const auto r = run_ekssim("sweep " + kScenario + kWarmIp);
  REQUIRE(r.exit_code == 0);
  std::istringstream lines(r.out);
  std::string line, one, ten;
  while (std::getline(lines, line)) {
    if (line.rfind("WARM_IP_TARGET=1 ", 0) == 0) one = line;
    if (line.rfind("WARM_IP_TARGET=10 ", 0) == 0) ten = line;
  }
  CHECK(r.out.rfind("sweep of warm-ip-target (", 0) == 0);
  CHECK(one.find("136 (+79)") != std::string::npos);
  CHECK(one.find("4 (-16) *") != std::string::npos);   // the fewest idle addresses
  CHECK(ten.find("42 (-15) *") != std::string::npos);  // the fewest IP failures
  CHECK(ten.find("66 (-18) *") != std::string::npos);  // the fewest EC2 calls
}

TEST_CASE("The JSON table carries changes, best columns and the seeds' spread", "[cli][sweep]") {
  const auto r = run_ekssim("sweep " + kScenario + kWarmIp + " --format json --seeds 2");
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["variantCount"] == 3);
  CHECK(j["seeds"] == 2);
  const auto& base = j["variants"][0];
  CHECK(base["seeds"] == nlohmann::json::array({1, 2}));
  CHECK(base["spread"]["ipFailures"] == nlohmann::json::array({38, 57}));
  CHECK(base["ipFailures"] == 38);  // the lower middle of two
  CHECK_FALSE(base.contains("change"));
  const auto& ten = j["variants"][2];
  CHECK(ten["name"] == "WARM_IP_TARGET=10");
  CHECK(ten["change"]["addressesIdle"] == 8);
  CHECK(std::find(ten["best"].begin(), ten["best"].end(), "ec2Calls") != ten["best"].end());
}

TEST_CASE("Shards merge into the whole sweep's bytes, whatever the jobs", "[cli][sweep]") {
  const std::string dir = make_temp_dir();
  const std::string sweep = "sweep " + kScenario + kWarmIp +
                            " --set 'cluster.nodeGroups[small].instanceType=m5.large,c5.xlarge'";
  for (const std::string format : {"json", "csv", "text"}) {
    INFO(format);
    const auto whole = run_ekssim(sweep + " --jobs 2 --format " + format);
    REQUIRE(whole.exit_code == 0);
    CHECK(run_ekssim(sweep + " --jobs 1 --format " + format).out == whole.out);
    REQUIRE(run_ekssim(sweep + " --shard 1/2 -o " + dir + "/1.json").exit_code == 0);
    REQUIRE(run_ekssim(sweep + " --shard 2/2 -o " + dir + "/2.json").exit_code == 0);
    const auto merged =
        run_ekssim("merge " + dir + "/2.json " + dir + "/1.json --format " + format);
    REQUIRE(merged.exit_code == 0);
    CHECK(merged.out == whole.out);
  }
  const auto shard = nlohmann::json::parse(read_file(dir + "/2.json"));
  CHECK(shard["shard"] == "2/2");
  CHECK(shard["variants"].size() == 2);  // variants 1 and 3 of 0…4
  const auto missing = run_ekssim("merge " + dir + "/1.json");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err ==
        "ekssim merge: error: variant 1 is missing; expected each of the 5 variants in exactly "
        "one shard\n");
  // A shard of a sweep with other variants is refused, however many variants it has.
  REQUIRE(run_ekssim("sweep " + kScenario + kWarmIp + " --shard 2/2 -o " + dir + "/other.json")
              .exit_code == 0);
  const auto mixed = run_ekssim("merge " + dir + "/1.json " + dir + "/other.json");
  CHECK(mixed.exit_code == 2);
  CHECK(mixed.err.rfind(dir + "/other.json: error: a shard of another sweep (", 0) == 0);
  CHECK(mixed.out.empty());
}

TEST_CASE("A bad --set value is the loader's located error naming the variant", "[cli][sweep]") {
  const auto r = run_ekssim("sweep " + kScenario +
                            " --set 'cluster.nodeGroups[small].instanceType=m5.large,m5.lrage'");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.rfind(kScenario +
                        ":37:21: error: variant 'instanceType=m5.lrage': unknown instance type "
                        "'m5.lrage' (did you mean 'm5.large'?)",
                    0) == 0);
  CHECK(r.err.find("\n        instanceType: m5.lrage\n") != std::string::npos);
}

TEST_CASE("A --set path that addresses nothing names what the list holds", "[cli][sweep]") {
  const auto r = run_ekssim("sweep " + kScenario + " --set 'cluster.nodeGroups[big].maxSize=3'");
  CHECK(r.exit_code == 2);
  CHECK(r.err == kScenario +
                     ": error: variant 'maxSize=3': cluster.nodeGroups[big].maxSize: "
                     "cluster.nodeGroups has no item named 'big'; expected one of: small\n");
  const auto syntax = run_ekssim("sweep " + kScenario + " --set 'cluster.nodeGroups[small'");
  CHECK(syntax.exit_code == 2);
  CHECK(syntax.err ==
        "ekssim sweep: error: --set 'cluster.nodeGroups[small': expected "
        "PATH=VALUE1,VALUE2,…\n");
}

TEST_CASE("A scenario's sweep section crosses its named variants with the axes", "[cli][sweep]") {
  const std::string dir = make_temp_dir();
  write_file(dir + "/s.yaml", read_file(kScenario) + R"(
sweep:
  axes:
    - path: cluster.addons.vpcCni.env.WARM_IP_TARGET
      values: ["1", "10"]
  variants:
    - name: six nodes
      set:
        cluster.nodeGroups[small].desiredCapacity: 6
        cluster.nodeGroups[small].maxSize: 6
)");
  const auto r = run_ekssim("sweep " + dir + "/s.yaml --format csv");
  REQUIRE(r.exit_code == 0);
  const auto rows = csv_rows(r.out);
  REQUIRE(rows.size() == 6);
  const size_t nodes = rows[0].size() - 1;
  CHECK(rows[0][nodes] == "nodesReady");
  CHECK(rows[1][0] == "baseline");
  CHECK(rows[2][0] == "WARM_IP_TARGET=1");
  CHECK(rows[3][0] == "WARM_IP_TARGET=10");
  CHECK(rows[4][0] == "six nodes WARM_IP_TARGET=1");
  CHECK(rows[5][0] == "six nodes WARM_IP_TARGET=10");
  CHECK(rows[3][nodes] == "4");
  CHECK(rows[4][nodes] == "6");
  CHECK(rows[4][1] ==
        "cluster.nodeGroups[small].desiredCapacity=6; cluster.nodeGroups[small].maxSize=6; "
        "cluster.addons.vpcCni.env.WARM_IP_TARGET=\"1\"");
}
