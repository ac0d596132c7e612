// `ekssim iptables` simulates without the workloads' traffic (World::StartOptions): a node's rules
// must be what the full run gives. Every scenario in scenarios/, the first live node of each node
// group, at a third and at the end of the scenario's duration.

#include <catch2/catch.hpp>
#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/cluster/node_rules.h"
#include "models/cluster/world.h"
#include "tools/scenario/loader.h"

using namespace ekssim;

namespace {

// Each node group's first live node's rules at `at`, in group order ("" for a node not up).
std::vector<std::string> rules_at(const spec::Scenario& scenario, sim::Duration at, bool traffic) {
  cluster::World world(scenario, scenario.seed);
  world.start({.traffic = traffic});
  world.run_until(sim::Time::at(at));
  std::vector<std::string> rules;
  for (const auto& group : world.node_groups()) {
    const cluster::NodeAgent* node = group->live_node(0);
    std::optional<std::string> text;
    if (node != nullptr) text = cluster::render_node_iptables(world, node->name());
    rules.push_back(text.value_or(""));
  }
  return rules;
}

std::vector<std::string> scenario_files() {
  std::vector<std::string> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(EKSSIM_SOURCE_DIR) + "/scenarios")) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("a node's rules are the same with and without the workloads' traffic",
          "[cluster][iptables]") {
  size_t compared = 0;
  size_t nonempty = 0;
  for (const std::string& file : scenario_files()) {
    scenario::LoadResult loaded = scenario::load_scenario_file(file);
    if (!loaded.ok()) continue;  // the files that are meant to fail (their tests say so)
    const spec::Scenario& scenario = *loaded.scenario;
    for (const sim::Duration at : {scenario.duration / 3, scenario.duration}) {
      INFO(file << " at " << sim::format_duration(at));
      const std::vector<std::string> with = rules_at(scenario, at, true);
      const std::vector<std::string> without = rules_at(scenario, at, false);
      REQUIRE(with.size() == without.size());
      for (size_t g = 0; g < with.size(); ++g) {
        CHECK(with[g] == without[g]);
        ++compared;
        if (!with[g].empty()) ++nonempty;
      }
    }
  }
  CHECK(compared > 50);
  CHECK(nonempty > 40);
}
