#pragma once
// The reachable / unreachable expectations: judged by the same path evaluator as every packet,
// on the configuration in force at the expectation's `at` (default: the end of the run) — the
// scenario's security groups with its add/removeSecurityGroupRule events up to then applied.
// Endpoints are node groups and VPC hosts (and `coredns`), placed as `ekssim reachability`
// places them (models/cluster/reachability.h).

#include "models/report/expectations.h"
#include "models/spec/scenario.h"

namespace ekssim::report {

// For a Reachable or Unreachable expectation; other kinds get "not evaluated: …".
Verdict evaluate_path_expectation(const spec::Scenario& scenario,
                                  const spec::Expectation& expectation);

}  // namespace ekssim::report
