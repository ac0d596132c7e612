#pragma once
// The JSON report: one document per run, with the fields the public contract names
// (../shared/design/scenario-v1.md) plus the summaries documented in scenarios/README.md.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/report/run_report.h"

namespace ekssim::cli {

nlohmann::ordered_json report_to_json(const report::RunReport& report);
// One run: its document. Several: {"runs": [document, …]} in the order given.
std::string format_json(const std::vector<report::RunReport>& reports);

}  // namespace ekssim::cli
