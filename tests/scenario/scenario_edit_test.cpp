// Editing a scenario's text for a sweep variant (tools/scenario/scenario_edit.h) and the loader's
// `sweep:` section: edits land on the located value, everything else keeps its bytes and lines.

#include "tools/scenario/scenario_edit.h"

#include <catch2/catch.hpp>

#include "tests/scenario/scenario_text.h"
#include "tools/scenario/sweep_path.h"
#include "tools/scenario/sweep_section.h"

using ekssim::scenario::edit_scenario_text;
using ekssim::scenario::load_scenario_text;
using ekssim::scenario::parse_sweep_path;
using ekssim::scenario::read_sweep_section;
using ekssim::scenario::relocate_diagnostics;
using ekssim::scenario::testing::kMinimal;

namespace {

std::string line_of(const std::string& text, int line) {
  size_t start = 0;
  for (int i = 1; i < line; ++i)
    start = text.find('\n', start) + 1;
  return text.substr(start, text.find('\n', start) - start);
}

}  // namespace

TEST_CASE("A sweep path splits into keys and list items by name or index") {
  const auto p = parse_sweep_path("workloads[web/web].replicas");
  REQUIRE(p.error.empty());
  REQUIRE(p.steps.size() == 2);
  CHECK(p.steps[0].key == "workloads");
  CHECK(p.steps[0].item == "web/web");
  CHECK(p.steps[1].key == "replicas");
  CHECK_FALSE(p.steps[1].item);
  CHECK(parse_sweep_path("cluster..vpc").error == "'.' where a key belongs at 'cluster..'");
  CHECK(parse_sweep_path("cluster.nodeGroups[ng").error ==
        "'[' without ']' in 'cluster.nodeGroups[ng'");
  CHECK(parse_sweep_path("cluster.").error == "an empty key at the end of 'cluster.'");
}

TEST_CASE("A setting replaces a block value and a flow item's value in place") {
  const auto edit =
      edit_scenario_text(kMinimal, {{"cluster.nodeGroups[ng].instanceType", "c5.xlarge"},
                                    {"cluster.vpc.subnets[b].cidr", "10.0.32.0/22"},
                                    {"workloads[web/web].replicas", "30"}});
  REQUIRE(edit.ok());
  CHECK(line_of(edit.text, 20) == "      instanceType: c5.xlarge");
  CHECK(line_of(edit.text, 12) == "      - {name: b, az: us-east-1b, cidr: 10.0.32.0/22}");
  CHECK(line_of(edit.text, 27) ==
        "  - {kind: Deployment, namespace: web, name: web, replicas: 30}");
  CHECK(edit.inserted_lines.empty());
  const auto loaded = load_scenario_text(edit.text, "t.yaml");
  REQUIRE(loaded.ok());
  CHECK(loaded.scenario->cluster.node_groups[0].instance_type == "c5.xlarge");
  CHECK(std::get<ekssim::spec::Deployment>(loaded.scenario->workloads[0]).replicas == 30);
}

TEST_CASE("A missing key is inserted before its map's first key, missing maps in flow style") {
  const auto edit =
      edit_scenario_text(kMinimal, {{"cluster.nodeGroups[0].maxPods", "58"},
                                    {"cluster.addons.vpcCni.env.WARM_IP_TARGET", "\"1\""},
                                    {"cluster.addons.vpcCni.env.MINIMUM_IP_TARGET", "\"4\""}});
  REQUIRE(edit.ok());
  // cluster's first key is `name` on line 6; the node group's is `name` on line 19.
  CHECK(line_of(edit.text, 6) ==
        "  addons: {vpcCni: {env: {WARM_IP_TARGET: \"1\", MINIMUM_IP_TARGET: \"4\"}}}");
  CHECK(line_of(edit.text, 20) == "    - maxPods: 58");
  CHECK(line_of(edit.text, 21) == "      name: ng");
  CHECK(edit.inserted_lines == std::vector<int>{6, 19});
  CHECK(edit.original_line(6) == 6);  // the inserted line: its map's first key
  CHECK(edit.original_line(7) == 6);  // cluster.name
  CHECK(edit.original_line(20) == 19);
  CHECK(edit.original_line(22) == 20);
  const auto loaded = load_scenario_text(edit.text, "t.yaml");
  REQUIRE(loaded.ok());
  CHECK(loaded.scenario->cluster.node_groups[0].max_pods == 58);
}

TEST_CASE("A value replacing a quoted scalar keeps its quotes") {
  std::string text(kMinimal);
  text.replace(text.find("cidr: 10.0.16.0/20"), 18, "cidr: \"10.0.16.0/20\"");
  const auto edit = edit_scenario_text(text, {{"cluster.vpc.subnets[b].cidr", "10.0.32.0/20"}});
  REQUIRE(edit.ok());
  CHECK(line_of(edit.text, 12) == "      - {name: b, az: us-east-1b, cidr: \"10.0.32.0/20\"}");
}

TEST_CASE("A setting that addresses nothing names what is there") {
  CHECK(
      edit_scenario_text(kMinimal, {{"cluster.nodeGroups[web].instanceType", "m5.large"}}).error ==
      "cluster.nodeGroups[web].instanceType: cluster.nodeGroups has no item named 'web'; "
      "expected one of: ng");
  CHECK(edit_scenario_text(kMinimal, {{"cluster.name.x", "1"}}).error ==
        "cluster.name.x: cluster.name is 'c', not a map");
  CHECK(edit_scenario_text(kMinimal, {{"cluster.vpc.subnets", "a"}}).error ==
        "cluster.vpc.subnets: the file's value is a list; a sweep edits one-line values only");
  CHECK(edit_scenario_text(kMinimal, {{"cluster.nodeGroups[3].maxSize", "1"}}).error ==
        "cluster.nodeGroups[3].maxSize: cluster.nodeGroups has 1 items, no [3]");
  CHECK(edit_scenario_text(kMinimal, {{"cluster.extra[a].b", "1"}}).error ==
        "cluster.extra[a].b: the scenario has no extra");
}

TEST_CASE("A variant's bad value is the loader's located error, naming the variant") {
  const auto edit = edit_scenario_text(kMinimal, {{"cluster.nodeGroups[0].desiredCapacity", "-1"}});
  REQUIRE(edit.ok());
  auto loaded = load_scenario_text(edit.text, "t.yaml");
  REQUIRE(loaded.diagnostics.size() == 1);
  relocate_diagnostics(loaded.diagnostics, edit, "desiredCapacity=-1");
  CHECK(loaded.diagnostics[0].format() ==
        "t.yaml:21:24: error: variant 'desiredCapacity=-1': desiredCapacity -1 is out of "
        "range; expected an integer from 0 to 100000\n"
        "        desiredCapacity: -1\n"
        "                         ^");
}

TEST_CASE("The loader accepts a sweep section and reports a bad path in it") {
  std::string text(kMinimal);
  text += R"(sweep:
  axes:
    - path: cluster.nodeGroups[ng].instanceType
      values: [m5.large, c5.xlarge]
  variants:
    - name: warm
      set:
        cluster.addons.vpcCni.env.WARM_IP_TARGET: "2"
        cluster.nodeGroups[ng].maxSize: 9
)";
  REQUIRE(load_scenario_text(text, "t.yaml").ok());
  const auto section = read_sweep_section(text);
  REQUIRE(section.axes.size() == 1);
  CHECK(section.axes[0].values == std::vector<std::string>{"m5.large", "c5.xlarge"});
  REQUIRE(section.variants.size() == 1);
  CHECK(section.variants[0].name == "warm");
  REQUIRE(section.variants[0].settings.size() == 2);
  CHECK(section.variants[0].settings[0].value == "\"2\"");
  CHECK(section.variants[0].settings[1].value == "9");

  text.replace(text.find("cluster.nodeGroups[ng].instanceType"), 35,
               "cluster.nodeGroups[ng.instanceType");
  const auto bad = load_scenario_text(text, "t.yaml");
  REQUIRE(bad.diagnostics.size() == 1);
  CHECK(bad.diagnostics[0].message ==
        "path 'cluster.nodeGroups[ng.instanceType': '[' without ']' in "
        "'cluster.nodeGroups[ng.instanceType'");
}
