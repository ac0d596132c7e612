#pragma once
// Warnings for a scenario that loads but would mislead a capacity planner; `ekssim check` prints
// them after the file's errors (none) and still exits 0. Formatted as errors are, with
// "warning:" (diagnostics.h).
//
// - ENABLE_PREFIX_DELEGATION=true while a node group's maxPods is the ENI formula's (unset, or
//   set to that value): the kubelet still refuses pods beyond it, so prefix delegation's density
//   never shows. EKS's guide for prefix delegation (docs.aws.amazon.com/eks/latest/userguide/
//   cni-increase-ip-addresses-procedure.html) has maxPods set from the max-pods calculator run
//   with --cni-prefix-delegation-enabled; the warning names what that gives.

#include <string>
#include <string_view>
#include <vector>

#include "models/spec/scenario.h"
#include "tools/scenario/diagnostics.h"

namespace ekssim::scenario {

std::vector<Diagnostic> planner_warnings(const spec::Scenario& scenario, std::string_view text,
                                         std::string_view path);

// Every warning formatted like format_diagnostics, but "warning:" instead of "error:".
std::string format_warnings(const std::vector<Diagnostic>& warnings);

// Reads the file again for the source lines; nothing when it cannot be read.
std::string planner_warnings_for_file(const spec::Scenario& scenario, const std::string& path);

}  // namespace ekssim::scenario
