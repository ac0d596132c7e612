#pragma once
// The run's report as one self-contained HTML page (`ekssim run --format html`): per run, the
// expectations, the root causes, and plots over virtual time: free addresses per subnet, pods
// Pending and Running, addresses assigned and warm per node group, IP and DNS failures per
// minute, and EC2 API calls and throttles per action. The charts are hand-written SVG
// (svg_chart.h); the page loads nothing from the network.

#include <string>
#include <vector>

#include "models/report/run_report.h"

namespace ekssim::cli {

std::string format_html(const std::vector<report::RunReport>& reports);

}  // namespace ekssim::cli
