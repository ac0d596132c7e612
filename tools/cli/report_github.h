#pragma once
// `--format github`: GitHub Actions workflow commands, so that a failed check shows on the pull
// request's diff at the scenario line that declared it
// (docs.github.com, "Workflow commands for GitHub Actions", "Setting an error message"):
//   ::error file=scenarios/x.yaml,line=42,col=5,title=ekssim: load error::what was wrong …
// One annotation per load diagnostic, failed expectation, broken invariant and (under --strict)
// scenario without expectations, then one plain summary line per file.

#include <string>
#include <vector>

#include "tools/cli/scenario_outcome.h"

namespace ekssim::cli {

std::string format_github(const std::vector<ScenarioOutcome>& outcomes, bool strict);

// An ::error per located error and a ::warning per located warning.
std::string diagnostic_annotations(const std::vector<scenario::Diagnostic>& diagnostics);

// One workflow command; `line`/`column` 0 leave the property out.
std::string github_annotation(std::string_view level, std::string_view file, int line,
                              int column, std::string_view title, std::string_view message);

}  // namespace ekssim::cli
