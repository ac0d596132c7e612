#pragma once
// What became of one scenario file in a run or a check: it did not load (located diagnostics),
// it broke an internal invariant, or it ran and has a report. Every output format writes one
// entry per file in the order given, so that a suite with one bad file still reports the others
// (README, "CI contract").

#include <optional>
#include <string>
#include <vector>

#include "models/report/run_report.h"
#include "tools/scenario/diagnostics.h"

namespace ekssim::cli {

struct ScenarioOutcome {
  std::string file;
  // Errors when the file did not load; warnings (a value upstream would fall back on) when it did.
  std::vector<scenario::Diagnostic> diagnostics;
  std::string internal_error;                     // an invariant's message: exit 70
  std::optional<report::RunReport> report;        // set when it ran (or was only checked)
};

// How the formats judge an outcome. `strict`: a scenario that declares no expectations fails
// (a pull request cannot pass by deleting its checks).
enum class Verdict { kPassed, kFailed, kNoExpectations, kLoadError, kInternalError };

Verdict verdict_of(const ScenarioOutcome& outcome, bool strict);
bool passed(Verdict verdict);

// The process's exit code for a set of outcomes: 70 if any broke an invariant, else 2 if any did
// not load, else 1 if any failed, else 0 (tools/cli/exit_codes.h).
int exit_code_of(const std::vector<ScenarioOutcome>& outcomes, bool strict);

// The JSON report's and the JUnit file's version of their shape; bumped on any change that a
// consumer would notice (a field renamed, moved or removed). Version 2: every report is
// {"reportVersion", "ekssimVersion", "runs": […]}, wallSeconds gone, load errors are runs.
inline constexpr int kReportVersion = 2;

// The version ekssim was built as (CMake's project version).
const char* ekssim_version();

// "the scenario declares no expectations; --strict requires at least one"
extern const char* const kNoExpectationsMessage;

}  // namespace ekssim::cli
