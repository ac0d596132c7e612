// A scenario without `from:` loads through import (which reads its documents once and hands them
// to the loader, scenario::load_scenario_documents) exactly as through the loader alone
// (scenario::load_scenario_text): the same diagnostics, byte for byte, and the same run.

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "models/report/simulate.h"
#include "tools/import/resolve.h"
#include "tools/scenario/diagnostics.h"
#include "tools/scenario/loader.h"

namespace ekssim::test {
namespace {

std::string read_scenario(const std::string& name) {
  std::ifstream in(std::string(EKSSIM_SOURCE_DIR) + "/scenarios/" + name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void check_same_load(const std::string& text) {
  INFO(text.substr(0, 200));
  const scenario::LoadResult direct = scenario::load_scenario_text(text, "s.yaml");
  const scenario::LoadResult imported = import::load_scenario_text(text, "s.yaml");
  CHECK(scenario::format_diagnostics(imported.diagnostics) ==
        scenario::format_diagnostics(direct.diagnostics));
  REQUIRE(imported.ok() == direct.ok());
  if (!direct.ok()) return;
  const report::RunReport a = report::simulate(*direct.scenario, {});
  const report::RunReport b = report::simulate(*imported.scenario, {});
  CHECK(a.digest == b.digest);
}

}  // namespace

TEST_CASE("a scenario without from: loads through import as through the loader alone") {
  const std::string valid = read_scenario("subnet-exhaustion.yaml");
  REQUIRE(!valid.empty());
  const std::vector<std::string> texts = {
      valid,
      read_scenario("netpol-default-deny-dns.yaml"),
      valid + "---\nkind: Scenario\n",                           // a second document
      valid + "unknownKey: 1\n",                                 // a located error
      "",                                                        // empty
      "# only a comment\n",                                      // no document
      "a: [1,\n",                                                // malformed YAML
      ",",                                                       // yaml-cpp 0.7 loops on it
      "a:\n% x\n,\n",                                            // and on this
      "apiVersion: ekssim/v1\nkind: Scenario\nmetadata: {name: \xff}\n",  // not UTF-8
  };
  for (const std::string& text : texts)
    check_same_load(text);
}

}  // namespace ekssim::test
