#pragma once
// Summaries that keep a large run's report readable: failures grouped by root cause (most first)
// and percentiles of pod start latency. Pure functions over the per-pod report.

#include <cstdint>
#include <map>
#include <vector>

#include "models/report/run_report.h"

namespace ekssim::report {

// Groups every pod's IP and DNS failures by (kind, reason, cause): counts failures and distinct
// pods, keeps the first occurrence; sorted by failures descending, then first time, then cause.
std::vector<CauseSummary> summarize_causes(const std::vector<PodReport>& pods);

// Nearest-rank percentiles (p50, p90, p99) and the maximum of `samples` (seconds).
Percentiles percentiles_of(std::vector<double> samples);
// The same over a histogram: seconds → how many samples took that long.
Percentiles percentiles_of_histogram(const std::map<double, int64_t>& histogram);

}  // namespace ekssim::report
