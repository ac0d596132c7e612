#pragma once
// The report for people, in order of importance: whether the run met its expectations, then the
// root causes of what failed (who, when, why, the fix), then nodes, subnets and pods in brief.
// A large run stays readable: causes are counted and only the first pods are named; the JSON
// report has every detail.

#include <string>
#include <vector>

#include "models/report/run_report.h"
#include "tools/cli/scenario_outcome.h"

namespace ekssim::cli {

// Every file's report in the order given, separated by a rule; a file that did not load shows its
// diagnostics, one that broke an invariant its message.
std::string format_text(const std::vector<ScenarioOutcome>& outcomes, bool strict);
std::string format_text(const report::RunReport& report);

}  // namespace ekssim::cli
