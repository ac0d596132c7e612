#pragma once
// Wording shared by the expectation details: times, counts and bounded lists, so that every
// detail reads the same way ("3 of 12 pods …: a; b; and 1 more").

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "models/report/run_report.h"
#include "sim/time.h"

namespace ekssim::report {

// How many pods, nodes or causes a detail names before "and N more".
inline constexpr size_t kListedInDetail = 5;

// A report time or span in seconds as the scenario writes durations: "5m12s", "48.2s".
std::string format_seconds(double seconds);
// A report time in seconds as a Duration (rounded to the nanosecond), for exact comparisons.
sim::Duration to_duration(double seconds);

// "1 pod", "3 pods".
std::string count_of(int64_t n, std::string_view one, std::string_view many);

// The first `limit` items joined with "; ", then "; and N more".
std::string join_listed(const std::vector<std::string>& items, size_t limit = kListedInDetail);

// "namespace/name".
std::string pod_name(const PodReport& pod);

}  // namespace ekssim::report
