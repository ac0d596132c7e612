#pragma once
// The report for people, in order of importance: whether the run met its expectations, then the
// root causes of what failed (who, when, why, the fix), then nodes, subnets and pods in brief.
// A large run stays readable: causes are counted and only the first pods are named; the JSON
// report has every detail.

#include <string>
#include <vector>

#include "models/report/run_report.h"

namespace ekssim::cli {

std::string format_text(const std::vector<report::RunReport>& reports);
std::string format_text(const report::RunReport& report);

}  // namespace ekssim::cli
