#include "tools/cli/scenario_outcome.h"

#include "tools/cli/exit_codes.h"

namespace ekssim::cli {

const char* const kNoExpectationsMessage =
    "the scenario declares no expectations; --strict requires at least one";

Verdict verdict_of(const ScenarioOutcome& outcome, bool strict) {
  if (!outcome.internal_error.empty()) return Verdict::kInternalError;
  if (!outcome.report) return Verdict::kLoadError;
  if (strict && outcome.report->expectations.empty()) return Verdict::kNoExpectations;
  return outcome.report->all_expectations_passed() ? Verdict::kPassed : Verdict::kFailed;
}

bool passed(Verdict verdict) { return verdict == Verdict::kPassed; }

int exit_code_of(const std::vector<ScenarioOutcome>& outcomes, bool strict) {
  bool internal = false, load = false, failed = false;
  for (const auto& outcome : outcomes) {
    switch (verdict_of(outcome, strict)) {
      case Verdict::kInternalError: internal = true; break;
      case Verdict::kLoadError: load = true; break;
      case Verdict::kFailed:
      case Verdict::kNoExpectations: failed = true; break;
      case Verdict::kPassed: break;
    }
  }
  if (internal) return kExitInternalError;
  if (load) return kExitBadInput;
  return failed ? kExitExpectationFailed : kExitOk;
}

const char* ekssim_version() { return EKSSIM_VERSION; }

}  // namespace ekssim::cli
