#pragma once
// `ekssim fit`: the smallest desiredCapacity of one node group for which a criterion holds, found
// by searching simulated runs. With J jobs each round runs J capacities spread evenly over the
// open interval at once (a J+1-ary bisection); the answer assumes the criterion, once met, stays
// met with more nodes. Only the runs either side of the boundary are kept, so the result is the
// same whatever the jobs.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/spec/node_group.h"
#include "tools/cli/sweep_table.h"

namespace ekssim::cli {

enum class FitCriterion { kAllRunning, kNoIpFailures, kExpectations };

// all-running: every pod that was not deleted ran; no-ip-failures: that, and no pod met an IP
// failure; expectations: every expectation of the scenario met.
bool meets(FitCriterion criterion, const VariantMetrics& metrics);
std::string_view criterion_name(FitCriterion criterion);

struct FitRequest {
  std::string node_group;
  std::string instance_type;  // empty: the file's
  FitCriterion criterion = FitCriterion::kAllRunning;
  int max = 0;
  uint64_t seed = 1;
  unsigned jobs = 1;
};

struct FitResult {
  std::string instance_type;
  std::optional<int> capacity;  // none: not met at `max`
  // The runs either side of the boundary, fewer nodes first: capacity − 1 and capacity, or the
  // run at `max` when the criterion was never met. Row names are "N nodes" ("1 node").
  std::vector<SweepRow> boundary;
  std::vector<bool> boundary_meets;
  int runs = 0;                // simulated, all rounds (depends on the jobs: not reported)
  std::string errors;          // located diagnostics of a variant that does not load
  std::string internal_error;  // an invariant violation
};

// The settings that give the node group `capacity` nodes of `instance_type` (minSize lowered and
// maxSize raised as needed).
std::vector<scenario::Setting> capacity_settings(const spec::NodeGroup& group,
                                                 const std::string& instance_type, int capacity);

FitResult fit_node_group(std::string_view text, const std::string& path,
                         const spec::NodeGroup& group, const FitRequest& request);

}  // namespace ekssim::cli
