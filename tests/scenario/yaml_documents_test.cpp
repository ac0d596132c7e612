// The guard against yaml-cpp 0.7's LoadAll loop (yaml_documents.h).

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "tools/scenario/yaml_documents.h"

using ekssim::scenario::load_all_documents;

TEST_CASE("load_all_documents refuses the looping texts and loads the others") {
  CHECK_THROWS_AS(load_all_documents("a:\n% x\n,\n"), YAML::Exception);
  // Found by tests/fuzz with no '%' in it (tests/fuzz/regressions/load_scenario/).
  CHECK_THROWS_AS(load_all_documents(","), YAML::Exception);
  const std::vector<YAML::Node> documents = load_all_documents("a: 1\n---\nb: 2\n");
  REQUIRE(documents.size() == 2);
  CHECK(documents[1]["b"].as<int>() == 2);
  CHECK(load_all_documents("a: \"100%\"\n").front()["a"].as<std::string>() == "100%");
}
