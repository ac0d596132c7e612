#include "tests/cluster/explain_support.h"

#include <stdexcept>

#include "tools/scenario/loader.h"

namespace ekssim::test {

namespace {

spec::Scenario load(const std::string& file) {
  const auto loaded =
      scenario::load_scenario_file(std::string(EKSSIM_SOURCE_DIR) + "/scenarios/" + file);
  if (!loaded.ok()) throw std::runtime_error(scenario::format_diagnostics(loaded.diagnostics));
  return *loaded.scenario;
}

}  // namespace

ScenarioWorld::ScenarioWorld(const std::string& file, sim::Duration at)
    : scenario_(load(file)), at_(at) {
  world_ = std::make_unique<cluster::World>(scenario_, scenario_.seed);
  world_->start();
  world_->run_until(sim::Time::at(at));
}

cluster::Explanation ScenarioWorld::explain(std::string_view from, std::string_view to,
                                            net::Protocol protocol) const {
  return cluster::explain(*world_, at_, from, to, protocol);
}

std::vector<const report::Failure*> connect_failures(const report::RunReport& report) {
  std::vector<const report::Failure*> failures;
  for (const auto& pod : report.pods) {
    for (const auto& f : pod.connect_failures) {
      // One entry per failure: a folded record stands for f.count of them.
      for (int64_t k = 0; k < f.count; ++k)
        failures.push_back(&f);
    }
  }
  return failures;
}

const net::Hop& stopping_hop(const net::Verdict& verdict) {
  for (auto it = verdict.hops.rbegin(); it != verdict.hops.rend(); ++it) {
    if (it->action == net::Action::kDenied || it->action == net::Action::kDropped) return *it;
  }
  throw std::runtime_error("no hop stopped the flow");
}

}  // namespace ekssim::test
