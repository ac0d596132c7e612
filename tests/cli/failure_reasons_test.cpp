// The IP failure reasons the golden reports carry are the ones the scenario contract names
// (models/spec/failure_reasons.h), so `noIpFailures: {reasons: […]}` can name every one a run
// produces.

#include "models/spec/failure_reasons.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

TEST_CASE("every IP failure reason in the golden reports is one the contract names", "[contract]") {
  const std::filesystem::path golden = std::filesystem::path(EKSSIM_SOURCE_DIR) / "tests/golden";
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(golden)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 10);
  int64_t failures = 0;
  for (const auto& file : files) {
    std::ifstream in(file);
    const nlohmann::json report = nlohmann::json::parse(in);
    for (const auto& run : report.at("runs")) {
      for (const auto& pod : run.at("pods")) {
        for (const auto& failure : pod.at("ipFailures")) {
          const std::string reason = failure.at("reason");
          INFO(file.string() << ": " << reason);
          CHECK(std::find(ekssim::spec::kIpFailureReasons.begin(),
                          ekssim::spec::kIpFailureReasons.end(),
                          reason) != ekssim::spec::kIpFailureReasons.end());
          ++failures;
        }
      }
    }
  }
  // The goldens include subnet exhaustion, ENI limits and more: the check saw real failures.
  CHECK(failures > 100);
}
