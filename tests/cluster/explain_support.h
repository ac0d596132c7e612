#pragma once
// A scenario from scenarios/ simulated to a time, for `ekssim explain`'s tests: the World stays
// up so that flows can be explained on it, as the command does.

#include <memory>
#include <string>
#include <string_view>

#include "models/cluster/explain.h"
#include "models/cluster/world.h"
#include "models/report/run_report.h"
#include "models/spec/scenario.h"
#include "sim/time.h"

namespace ekssim::test {

class ScenarioWorld {
 public:
  // Throws std::runtime_error with the diagnostics if the file does not load.
  ScenarioWorld(const std::string& file, sim::Duration at);

  const cluster::World& world() const { return *world_; }
  cluster::Explanation explain(std::string_view from, std::string_view to,
                               net::Protocol protocol = net::Protocol::tcp()) const;

 private:
  spec::Scenario scenario_;  // the World keeps a reference to it
  std::unique_ptr<cluster::World> world_;
  sim::Duration at_;
};

// Every connect failure of the report, in pod order.
// Every pod's connection failures, one entry per failure (a folded record appears count times).
std::vector<const report::Failure*> connect_failures(const report::RunReport& report);

// The hop that stopped a verdict (the last denied or dropped one); throws if there is none.
const net::Hop& stopping_hop(const net::Verdict& verdict);

}  // namespace ekssim::test
