#pragma once
// Loads a scenario from scenarios/ and simulates it, for the scenario tests.

#include <string>
#include <utility>
#include <vector>

#include "models/report/run_report.h"
#include "models/report/simulate.h"

namespace ekssim::test {

// Throws std::runtime_error with the diagnostics if the file does not load.
report::RunReport run_scenario(const std::string& file, report::SimulateOptions options = {});

// The same for a scenario file's text with every `from` replaced by `to` (a variant of it).
report::RunReport run_scenario_variant(const std::string& file, const std::string& from,
                                       const std::string& to);
// Each (from, to) in turn, every occurrence.
using TextEdits = std::vector<std::pair<std::string, std::string>>;
report::RunReport run_scenario_variant(const std::string& file, const TextEdits& edits);
// The loader's diagnostics for the edited scenario, one line each ("" when it loads cleanly).
std::string scenario_variant_diagnostics(const std::string& file, const TextEdits& edits);

// The first failure of `kind` ("ip" or "dns") with `reason`, over every pod, by time.
const report::Failure* first_failure(const report::RunReport& report, const std::string& kind,
                                     const std::string& reason,
                                     const report::PodReport** pod = nullptr);

const report::SubnetReport& subnet(const report::RunReport& report, const std::string& name);
const report::ExpectationResult& expectation(const report::RunReport& report, size_t index);

}  // namespace ekssim::test
