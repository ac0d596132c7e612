#pragma once
// The figures a capacity planner compares between sweep variants, taken from one run's report
// (models/report/run_report.h), and their spread over several seeds. Column names are the JSON
// report's camelCase names; each says whether a lower or a higher value is better.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "models/report/run_report.h"

namespace ekssim::cli {

enum class Better { kLower, kHigher, kNeither };
enum class Unit { kCount, kSeconds };

struct MetricColumn {
  std::string_view name;    // CSV and JSON
  std::string_view header;  // the text table
  Better better;
  Unit unit;
};

inline constexpr std::array<MetricColumn, 16> kMetricColumns{{
    {"podsNeverRunning", "never running", Better::kLower, Unit::kCount},
    {"ipFailures", "IP failures", Better::kLower, Unit::kCount},
    {"startLatencyP50Seconds", "start p50", Better::kLower, Unit::kSeconds},
    {"startLatencyP99Seconds", "start p99", Better::kLower, Unit::kSeconds},
    {"subnetPeakUsed", "peak used", Better::kLower, Unit::kCount},
    {"subnetMinFree", "lowest free", Better::kHigher, Unit::kCount},
    {"enis", "ENIs", Better::kLower, Unit::kCount},
    {"addressesAssigned", "assigned", Better::kNeither, Unit::kCount},
    {"addressesTotal", "addresses", Better::kNeither, Unit::kCount},
    {"addressesIdle", "idle", Better::kLower, Unit::kCount},
    {"ec2Calls", "EC2 calls", Better::kLower, Unit::kCount},
    {"ec2Throttled", "throttled", Better::kLower, Unit::kCount},
    {"dnsFailures", "DNS failed", Better::kLower, Unit::kCount},
    {"lookupP99Seconds", "lookup p99", Better::kLower, Unit::kSeconds},
    {"expectationsMet", "expectations", Better::kHigher, Unit::kCount},
    {"nodesReady", "nodes", Better::kNeither, Unit::kCount},
}};
inline constexpr size_t kMetricCount = kMetricColumns.size();

// The column's index by name; kMetricCount when unknown.
size_t metric_index(std::string_view name);

struct VariantMetrics {
  std::array<double, kMetricCount> values{};
  std::string top_reason;       // why most never-running pods never ran; empty when none
  std::string tightest_subnet;  // the subnet with the lowest free count
  int64_t expectations = 0;     // how many the scenario has
};

// podsNeverRunning counts pods that neither ran nor were deleted; subnet figures are the subnet
// that came closest to running out, by its lowest share of free addresses over the run (peak
// used = usable − lowest free); ENIs and
// addresses are summed over the nodes alive at the end; idle = total − assigned.
VariantMetrics metrics_of(const report::RunReport& report);

// Several seeds' metrics: the median of each column (the lower middle value, one that was
// observed), with the lowest and highest in `low` and `high`; the most common top reason.
struct SeedSpread {
  VariantMetrics median, low, high;
};
SeedSpread spread_of(const std::vector<VariantMetrics>& runs);

}  // namespace ekssim::cli
