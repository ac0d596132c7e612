#pragma once
// One run of one scenario, recorded for `ekssim serve` so that the page can move through time
// without simulating again: the cluster's state (cluster_state.h) at every `step` of virtual
// time, stored once per distinct state (a run is mostly quiet, so consecutive instants share
// one), plus every trace event between them (event_log.h) as the deltas; the timeline's marks
// (node launches and failures, ENI attaches and frees, the scenario's rule changes and faults,
// the first failure of each root cause); each node's iptables-save text whenever it changed
// (models/cluster/node_rules.h, as `ekssim iptables` prints it); and the run's report
// (models/report: root causes, expectations) from the same scenario and seed.
//
// Queries answer JSON text; none runs the simulation.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/cluster/world.h"
#include "models/report/run_report.h"
#include "models/spec/scenario.h"
#include "tools/serve/event_log.h"

namespace ekssim::serve {

class Recording {
 public:
  // Runs `scenario` (which must outlive the recording) with `seed` to its duration. Throws
  // sim::InvariantViolation as a run does.
  Recording(const spec::Scenario& scenario, uint64_t seed);
  ~Recording();
  Recording(const Recording&) = delete;
  Recording& operator=(const Recording&) = delete;

  // {"scenario", "description", "seed", "duration", "step", "marks": [...], "causes": [...],
  //  "expectations": [...], "pods": ["ns/name"…], "nodes": [...]}
  const std::string& timeline_json() const { return timeline_; }
  // The state at the last recorded instant at or before `seconds` (clamped to the run), with
  // "events": the trace events after that instant up to `seconds`, and "failing": the pods with
  // a failed lookup, connection or sandbox in the minute before.
  std::string state_json(double seconds) const;
  // A pod's story (pod_story.h); none for a pod that never existed.
  std::optional<std::string> pod_json(std::string_view ns, std::string_view name) const;
  // A node's facts, ipamd's pool over time and its iptables text as of `seconds`.
  std::optional<std::string> node_json(std::string_view name, double seconds) const;

  double duration() const { return duration_; }
  size_t distinct_states() const { return states_.size(); }
  size_t instants() const { return instants_.size(); }
  const std::vector<RecordedEvent>& events() const { return log_.events(); }

 private:
  struct Instant {
    double t = 0;
    size_t state = 0;  // index into states_
  };
  struct RulesVersion {
    double t = 0;
    size_t text = 0;  // index into rules_texts_
  };
  void snapshot();
  void record_rules();
  void build_timeline(const report::RunReport& report);

  const spec::Scenario& scenario_;
  uint64_t seed_;
  std::unique_ptr<cluster::World> world_;
  EventLog log_;
  double duration_ = 0;
  double step_ = 1;
  std::vector<Instant> instants_;
  std::vector<std::string> states_;
  std::map<std::string, std::vector<RulesVersion>, std::less<>> rules_;
  std::vector<std::string> rules_texts_;
  std::string timeline_;
};

}  // namespace ekssim::serve
