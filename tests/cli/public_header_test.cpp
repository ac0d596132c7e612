#include "ekssim/ekssim.h"

#include <catch2/catch.hpp>
#include <string>

TEST_CASE("the public header loads and simulates a scenario", "[public]") {
  const auto loaded = ekssim::scenario::load_scenario_file(std::string(EKSSIM_SOURCE_DIR) +
                                                           "/scenarios/eni-limit.yaml");
  REQUIRE(loaded.ok());
  const auto report = ekssim::report::simulate(*loaded.scenario, {});
  CHECK(report.scenario == "eni-limit");
  CHECK(report.digest.size() == 16);
}
