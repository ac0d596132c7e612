// libFuzzer target: load arbitrary bytes and, when they are a valid scenario, simulate its first
// two minutes and format the text and JSON reports, as `ekssim run --until 2m` would. A crash, an
// escaping exception (an InvariantViolation is exit 70: a bug), a leak or undefined behaviour is a
// finding. Seeds: scenarios/*.yaml.
//
// One input must cost about a second at most, so a scenario larger than the bounds below is
// skipped before its world is built, and a run that passes kMaxEvents events stops (skipped, not
// failed). The bounds keep every example scenario but the 100-node throttling one.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>
#include <vector>

#include "models/report/simulate.h"
#include "tools/cli/report_github.h"
#include "tools/cli/report_json.h"
#include "tools/cli/report_junit.h"
#include "tools/cli/report_text.h"
#include "tools/scenario/loader.h"

namespace {

using namespace ekssim;

constexpr int kMaxNodes = 40;       // per node group, also after a scaling event
constexpr int kMaxReplicas = 400;   // per Deployment (CoreDNS included), also after scaling
constexpr int64_t kMaxNames = 2000;  // distinct names one traffic entry stands for
constexpr sim::Duration kMinEvery = sim::Duration::milliseconds(10);
constexpr uint64_t kMaxEvents = 300'000;

struct OverBudget {};

bool within_budget(const spec::Scenario& s) {
  if (s.cluster.addons.coredns.replicas > kMaxReplicas) return false;
  for (const spec::NodeGroup& g : s.cluster.node_groups) {
    if (g.desired_capacity > kMaxNodes) return false;
  }
  for (const spec::Workload& w : s.workloads) {
    const auto* d = std::get_if<spec::Deployment>(&w);
    if (d == nullptr) continue;
    if (d->replicas > kMaxReplicas) return false;
    for (const spec::Traffic& t : d->traffic) {
      if (t.every < kMinEvery || t.names > kMaxNames) return false;
    }
  }
  for (const spec::Event& e : s.events) {
    if (const auto* g = std::get_if<spec::ScaleNodeGroup>(&e.action)) {
      if (g->desired_capacity > kMaxNodes) return false;
    } else if (const auto* d = std::get_if<spec::ScaleDeployment>(&e.action)) {
      if (d->replicas > kMaxReplicas) return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const scenario::LoadResult loaded = scenario::load_scenario_text(text, "fuzz.yaml");
  if (!loaded.ok() || !within_budget(*loaded.scenario)) return 0;

  report::SimulateOptions options;
  options.until = sim::Duration::minutes(2);
  options.progress_every = sim::Duration::milliseconds(100);
  options.progress = [](sim::Time, uint64_t events) {
    if (events > kMaxEvents) throw OverBudget{};
  };
  std::vector<cli::ScenarioOutcome> outcomes(1);
  outcomes[0].file = "fuzz.yaml";
  outcomes[0].diagnostics = loaded.diagnostics;  // its warnings
  try {
    outcomes[0].report = report::simulate(*loaded.scenario, options);
  } catch (const OverBudget&) {
    return 0;
  }
  // Every format of the CI contract writes what the run reported, strict or not.
  for (const bool strict : {false, true}) {
    if (cli::format_json(outcomes, strict).empty() || cli::format_text(outcomes, strict).empty() ||
        cli::format_junit(outcomes, strict).empty() || cli::format_github(outcomes, strict).empty())
      std::abort();
  }
  return 0;
}
