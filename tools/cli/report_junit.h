#pragma once
// JUnit XML for CI systems: one <testsuite> per scenario, one <testcase> per expectation, the
// failure's detail in <failure>. The run's identity (seed, digest, virtual time) goes into
// <properties> so a red build names what to rerun.

#include <string>
#include <vector>

#include "models/report/run_report.h"

namespace ekssim::cli {

std::string format_junit(const std::vector<report::RunReport>& reports);
std::string xml_escape(std::string_view text);

}  // namespace ekssim::cli
