#pragma once
// The text report's "IP headroom" section: per node group, at the end of the run, the nodes' ENIs,
// addresses assigned to pods and held warm by ipamd, and the kubelet's max pods against the pods
// running there, so a planner sees how close each group is to its address and pod limits.

#include <string>

#include "models/report/run_report.h"

namespace ekssim::cli {

// Empty when the run has no nodes.
std::string ip_headroom_section(const report::RunReport& report);

}  // namespace ekssim::cli
