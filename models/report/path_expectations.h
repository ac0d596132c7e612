#pragma once
// The reachable / unreachable expectations, judged as live probes: at the expectation's `at`
// (default: the end of the run actually simulated, so `--until` is honoured) the live World's
// matrix for that one port is worked out (cluster/reachability.h) — through PodNetwork, the path
// every simulated packet and `ekssim explain` take, so every timeline event up to then (rules,
// routes, network ACLs, aws-node's environment, terminations) counts. Endpoints are node groups,
// VPC hosts and kube-system/kube-dns (CoreDNS). A target with nothing to reach (a node group with
// no node) is unreachable. An `at` after the end of the run is not evaluated, and
// fails.

#include <optional>
#include <vector>

#include "models/cluster/world.h"
#include "models/report/expectations.h"
#include "models/spec/expectations.h"

namespace ekssim::report {

class PathProbes {
 public:
  PathProbes(cluster::World& world, const std::vector<spec::Expectation>& expectations);
  // The earliest `at` after `now` of a probe not judged yet: where the run must stop next.
  std::optional<sim::Time> next_stop(sim::Time now) const;
  // Judges the probes whose `at` is now or earlier. The caller runs the world to each stop with
  // run_until, so every event due at `at` has applied (an event at `at` is in force at `at`)
  // and the run stays the same event for event.
  void judge_due();
  // Judges the probes without an `at`, now; call once the world has run to the end.
  void finish();
  // The verdict for a reachable or unreachable expectation; nullopt for other kinds.
  std::optional<Verdict> verdict(const spec::Expectation& expectation) const;

 private:
  struct Probe {
    const spec::Expectation* expectation = nullptr;
    std::optional<Verdict> verdict;  // none: not probed (its `at` is after the end of the run)
  };
  void judge(Probe& probe);

  cluster::World& world_;
  std::vector<Probe> probes_;
};

}  // namespace ekssim::report
