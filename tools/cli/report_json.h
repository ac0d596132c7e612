#pragma once
// The JSON report: {"reportVersion", "ekssimVersion", "runs": [document, …]} whatever the number
// of scenarios, in the order given. A document has the fields the public contract names
// (../shared/design/scenario-v1.md) plus the summaries documented in scenarios/README.md; a
// file that did not load (or broke an invariant) is {"file", "passed": false, "error": {…}}.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/report/run_report.h"
#include "tools/cli/scenario_outcome.h"

namespace ekssim::cli {

nlohmann::ordered_json report_to_json(const report::RunReport& report);
nlohmann::ordered_json diagnostic_to_json(const scenario::Diagnostic& diagnostic);
std::string format_json(const std::vector<ScenarioOutcome>& outcomes, bool strict);
// Indented, newline-terminated, invalid UTF-8 replaced rather than thrown on.
std::string dump_json(const nlohmann::ordered_json& document);

}  // namespace ekssim::cli
