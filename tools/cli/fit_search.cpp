#include "tools/cli/fit_search.h"

#include <fmt/format.h>

#include <map>

#include "tools/cli/sweep_run.h"

namespace ekssim::cli {
namespace {

double value(const VariantMetrics& m, std::string_view column) {
  return m.values[metric_index(column)];
}

std::string item_path(const spec::NodeGroup& group, std::string_view key) {
  return fmt::format("cluster.nodeGroups[{}].{}", group.name, key);
}

Variant capacity_variant(const spec::NodeGroup& group, const std::string& type, int capacity) {
  return Variant{fmt::format("{} node{}", capacity, capacity == 1 ? "" : "s"),
                 capacity_settings(group, type, capacity)};
}

}  // namespace

bool meets(FitCriterion criterion, const VariantMetrics& m) {
  const bool all_running = value(m, "podsNeverRunning") == 0;
  switch (criterion) {
    case FitCriterion::kAllRunning:
      return all_running;
    case FitCriterion::kNoIpFailures:
      return all_running && value(m, "ipFailures") == 0;
    case FitCriterion::kExpectations:
      return value(m, "expectationsMet") == static_cast<double>(m.expectations);
  }
  return false;
}

std::string_view criterion_name(FitCriterion criterion) {
  switch (criterion) {
    case FitCriterion::kAllRunning:
      return "all-running";
    case FitCriterion::kNoIpFailures:
      return "no-ip-failures";
    case FitCriterion::kExpectations:
      return "expectations";
  }
  return "";
}

std::vector<scenario::Setting> capacity_settings(const spec::NodeGroup& group,
                                                 const std::string& instance_type, int capacity) {
  std::vector<scenario::Setting> settings;
  if (!instance_type.empty()) settings.push_back({item_path(group, "instanceType"), instance_type});
  if (capacity < group.min_size)
    settings.push_back({item_path(group, "minSize"), std::to_string(capacity)});
  if (group.max_size && capacity > *group.max_size) {
    settings.push_back({item_path(group, "maxSize"), std::to_string(capacity)});
  }
  settings.push_back({item_path(group, "desiredCapacity"), std::to_string(capacity)});
  return settings;
}

FitResult fit_node_group(std::string_view text, const std::string& path,
                         const spec::NodeGroup& group, const FitRequest& request) {
  FitResult result;
  result.instance_type =
      request.instance_type.empty() ? group.instance_type : request.instance_type;
  const std::string& type = request.instance_type;
  result.errors = check_variants(text, path, {capacity_variant(group, type, request.max)}, 1);
  if (!result.errors.empty()) return result;

  // Known: `lo` fails (0 nodes by assumption), `hi` meets (once a run at `max` has said so).
  std::map<int, SweepRow> runs;
  std::map<int, bool> met;
  auto probe = [&](const std::vector<int>& capacities) {
    std::vector<Variant> variants;
    std::vector<size_t> indices;
    for (int c : capacities) {
      indices.push_back(variants.size());
      variants.push_back(capacity_variant(group, type, c));
    }
    SweepRun run = run_variants(text, path, variants, indices, {request.seed}, request.jobs);
    if (result.internal_error.empty()) result.internal_error = run.internal_error;
    for (size_t i = 0; i < capacities.size(); ++i) {
      met[capacities[i]] = meets(request.criterion, run.rows[i].metrics.median);
      runs[capacities[i]] = std::move(run.rows[i]);
    }
    result.runs += static_cast<int>(capacities.size());
  };
  probe({request.max});
  if (!met[request.max]) {
    result.boundary.push_back(runs[request.max]);
    result.boundary.back().index = 0;
    result.boundary_meets.push_back(false);
    return result;
  }
  int lo = 0, hi = request.max;
  while (hi - lo > 1 && result.internal_error.empty()) {
    const int k =
        static_cast<int>(std::min<unsigned>(request.jobs, static_cast<unsigned>(hi - lo - 1)));
    std::vector<int> points;
    for (int i = 1; i <= k; ++i)
      points.push_back(lo + static_cast<int>((static_cast<int64_t>(hi - lo) * i) / (k + 1)));
    probe(points);
    for (int p : points) {
      if (met[p] && p < hi) hi = p;
    }
    for (int p : points) {
      if (!met[p] && p > lo && p < hi) lo = p;
    }
  }
  result.capacity = hi;
  if (lo > 0) {
    result.boundary.push_back(runs[lo]);
    result.boundary_meets.push_back(false);
  }
  result.boundary.push_back(runs[hi]);
  result.boundary_meets.push_back(true);
  for (size_t i = 0; i < result.boundary.size(); ++i)
    result.boundary[i].index = i;
  return result;
}

}  // namespace ekssim::cli
