// The event-only check for a root key against the node tree's answer, and the loop guard.

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "tools/scenario/yaml_documents.h"

using ekssim::scenario::is_one_mapping_with_key;
using ekssim::scenario::load_all_documents;

namespace {

// What import's resolver asked before: one document, a mapping, with the key.
bool by_nodes(const std::string& text, const std::string& key) {
  const std::vector<YAML::Node> documents = YAML::LoadAll(text);
  return documents.size() == 1 && documents.front().IsMap() && documents.front()[key];
}

}  // namespace

TEST_CASE("is_one_mapping_with_key finds a root key as the node tree does") {
  const std::vector<std::string> texts = {
      "from: x\nb: 1\n",
      "b: 1\nfrom:\n  eksctl: c.yaml\n",
      "\"from\": 1\n",
      "{b: 1, from: 2}\n",
      "a: {x: 1, from: 3}\nfrom: 2\n",
      "a:\n  from: x\n",
      "a: from\n",
      "a: [from, 1]\nb: 1\n",
      "a:\n  - from: 1\n",
      "- from: 1\n",
      "from\n",
      "? [a, b]\n: from\nc: 1\n",
      "? [from]\n: 1\n",
      "a: ~\nfrom: ~\n",
      "--- \nfrom: 1\n...\n",
      "from: 1\n---\nfrom: 2\n",
      "",
      "# only a comment\n",
      "cluster:\n  securityGroups:\n    - rules: [{protocol: all, from: {securityGroup: nodes}}]\n",
  };
  for (const std::string& text : texts) {
    INFO(text);
    CHECK(is_one_mapping_with_key(text, "from") == by_nodes(text, "from"));
  }
}

TEST_CASE("is_one_mapping_with_key counts an alias in a key's place as the key") {
  CHECK(is_one_mapping_with_key("a: &k from\n*k : 1\n", "from"));
  CHECK(by_nodes("a: &k from\n*k : 1\n", "from"));
}

TEST_CASE("is_one_mapping_with_key throws on malformed YAML and on the parser's loop") {
  CHECK_THROWS_AS(is_one_mapping_with_key("a: [1,\n", "from"), YAML::Exception);
  CHECK_THROWS_AS(is_one_mapping_with_key("a:\n% x\n,\n", "from"), YAML::Exception);
}

TEST_CASE("load_all_documents refuses the looping texts and loads the others") {
  CHECK_THROWS_AS(load_all_documents("a:\n% x\n,\n"), YAML::Exception);
  // Found by tests/fuzz with no '%' in it (tests/fuzz/regressions/load_scenario/).
  CHECK_THROWS_AS(load_all_documents(","), YAML::Exception);
  CHECK_THROWS_AS(is_one_mapping_with_key(",", "from"), YAML::Exception);
  const std::vector<YAML::Node> documents = load_all_documents("a: 1\n---\nb: 2\n");
  REQUIRE(documents.size() == 2);
  CHECK(documents[1]["b"].as<int>() == 2);
  CHECK(load_all_documents("a: \"100%\"\n").front()["a"].as<std::string>() == "100%");
}
