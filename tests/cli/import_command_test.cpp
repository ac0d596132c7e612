// `ekssim import`: the resolved scenario it prints runs exactly as the scenario with `from:`
// (same digest, same expectations); flags alone give a scenario that loads; bad input exits 2.

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/cli/command_runner.h"

using ekssim::test::read_file;
using ekssim::test::run_ekssim;

namespace {

const std::string kSource = std::string(EKSSIM_SOURCE_DIR);

nlohmann::json report(const std::string& scenario) {
  const auto r = run_ekssim("run " + scenario + " --format json");
  REQUIRE(r.exit_code == 0);
  const auto document = nlohmann::json::parse(r.out);
  REQUIRE(document["runs"].size() == 1);
  return document["runs"][0];
}

}  // namespace

TEST_CASE("the printed scenario runs as the scenario with from: does, digest for digest",
          "[cli][import]") {
  for (const char* name :
       {"manifests-online-shop", "eksctl-advanced-nodegroups", "describe-existing-vpc"}) {
    INFO(name);
    const std::string scenario = kSource + "/scenarios/import/" + name + ".yaml";
    const std::string dir = ekssim::test::make_temp_dir();
    const auto printed = run_ekssim("import " + scenario + " --output " + dir + "/resolved.yaml");
    REQUIRE(printed.exit_code == 0);
    const auto original = report(scenario);
    const auto resolved = report(dir + "/resolved.yaml");
    CHECK(original["digest"] == resolved["digest"]);
    CHECK(original["expectations"] == resolved["expectations"]);
    CHECK(original["events"] == resolved["events"]);
    std::filesystem::remove_all(dir);
  }
}

TEST_CASE("import from flags prints a scenario with provenance that check accepts",
          "[cli][import]") {
  const std::string fixtures = kSource + "/tests/import/fixtures/";
  const auto r =
      run_ekssim("import --eksctl " + fixtures + "eksctl/existing-vpc.yaml --manifests " +
                 fixtures + "manifests/guestbook-export.json");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("cidr: 10.40.0.0/19  # ") == std::string::npos);  // a subnet is one map
  CHECK(r.out.find("# eksctl vpc.subnets.private.eu-north-1a subnet-0a1a1a1a1a1a1a1a1") !=
        std::string::npos);
  CHECK(r.out.find("desiredCapacity: 4  # eksctl managedNodeGroups[mng-apps].desiredCapacity") !=
        std::string::npos);
  CHECK(r.out.find("# inferred from env REDIS_LEADER_SERVICE_HOST") != std::string::npos);
  const std::string dir = ekssim::test::make_temp_dir();
  ekssim::test::write_file(dir + "/imported.yaml", r.out);
  CHECK(run_ekssim("check " + dir + "/imported.yaml").exit_code == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("import with a placeholder in the eksctl file exits 2 and writes nothing",
          "[cli][import]") {
  const std::string dir = ekssim::test::make_temp_dir();
  const auto r = run_ekssim("import --eksctl " + kSource +
                            "/tests/import/fixtures/bad/eksctl-placeholders.yaml --output " + dir +
                            "/out.yaml");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("placeholder '${AWS_REGION}' left in the file") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir + "/out.yaml"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("import given an eksctl file where a scenario belongs says which flag it needs",
          "[cli][import]") {
  const std::string file = kSource + "/tests/import/fixtures/eksctl/simple.yaml";
  const auto r = run_ekssim("import " + file);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == file +
                     ": error: not a scenario with a from: section (an eksctl file or manifests "
                     "go with --eksctl, --manifests or --aws-describe)\n");
}
