#pragma once
// JUnit XML for CI systems: one <testsuite> per scenario file, one <testcase> per expectation,
// the failure's detail in <failure>. A file that did not load is a suite with one test case
// whose <error> carries the located diagnostics; an invariant broken in a run, an <error> with its
// message; a scenario without expectations under --strict, a <failure>. The run's identity (seed,
// digest, virtual time) goes into <properties> so a red build names what to rerun. `time`
// attributes carry virtual seconds, not wall time, so that the file is byte-stable.

#include <string>
#include <vector>

#include "tools/cli/scenario_outcome.h"

namespace ekssim::cli {

std::string format_junit(const std::vector<ScenarioOutcome>& outcomes, bool strict);
std::string xml_escape(std::string_view text);

}  // namespace ekssim::cli
