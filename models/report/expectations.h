#pragma once
// The scenario's `expect` entries judged against a finished run report: each becomes one
// ExpectationResult (one JUnit test case) whose detail says, in a CI reader's words, what held or
// which pods, nodes or failures broke it, and why.
//
// Rules every kind shares:
// - Times are virtual; windows are closed (`between: [5m, 25m]` includes both ends) and `after: T`
//   counts failures at T and later.
// - A deadline (`within`) is judged only when the pod or node lived to reach it: one created or
//   launched less than `within` before the end of the run (report.virtual_seconds) or before its
//   own deletion or termination is counted as not judged, never as failed.
// - podsRunning and nodesReady fail when nothing matches: an assertion about no pods is almost
//   always a mistyped namespace, selector or node group.
// - Failure kinds (noIpFailures, ipFailures, noDnsFailures, dnsFailures) count every failure of
//   every matching pod, deleted pods included; a pod's node group is the one it was bound to.
//
// reachable, unreachable, resolves and connects need the live cluster, not the report: the caller
// passes a LiveEvaluator for them.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "models/report/run_report.h"
#include "models/spec/expectations.h"

namespace ekssim::report {

// What a live check found.
struct Verdict {
  bool passed = false;
  std::string detail;
};

// Evaluates a reachable, unreachable, resolves or connects expectation on the live cluster.
using LiveEvaluator = std::function<Verdict(const spec::Expectation&)>;

// Judges one expectation. Without a `live` evaluator, the kinds that need one fail with a detail
// starting "not evaluated: ".
ExpectationResult evaluate_expectation(const spec::Expectation& expectation,
                                       const RunReport& report, const LiveEvaluator& live = {});

// Judges each expectation in order.
std::vector<ExpectationResult> evaluate_expectations(
    const std::vector<spec::Expectation>& expectations, const RunReport& report,
    const LiveEvaluator& live = {});

// Whether `pod` is one of the pods `filter` selects: same namespace, every selector label present
// with its value, bound to a node of the node group. Empty fields select everything.
bool pod_matches(const spec::PodFilter& filter, const PodReport& pod);

// `count` pods of a filter, for details: "12 pods", "1 pod in airflow with app=web on node group
// ng-new".
std::string describe_pods(const spec::PodFilter& filter, int64_t count);

}  // namespace ekssim::report
