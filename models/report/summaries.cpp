#include "models/report/summaries.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace ekssim::report {

std::vector<CauseSummary> summarize_causes(const std::vector<PodReport>& pods) {
  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, CauseSummary> groups;
  std::map<Key, std::set<size_t>> pods_per_group;
  auto add = [&](const std::string& kind, size_t pod_index, const Failure& f) {
    const Key key{kind, f.reason, f.cause};
    auto [it, inserted] = groups.try_emplace(key);
    CauseSummary& s = it->second;
    const PodReport& pod = pods[pod_index];
    if (inserted || f.at < s.first_at) {
      s.kind = kind;
      s.reason = f.reason;
      s.cause = f.cause;
      s.fix = f.fix;
      s.first_at = f.at;
      s.first_pod = pod.namespace_ + "/" + pod.name + (pod.node ? " on " + *pod.node : "");
    }
    s.failures += f.count;
    pods_per_group[key].insert(pod_index);
  };
  for (size_t i = 0; i < pods.size(); ++i) {
    for (const Failure& f : pods[i].ip_failures)
      add("ip", i, f);
    for (const Failure& f : pods[i].dns_failures)
      add("dns", i, f);
    for (const Failure& f : pods[i].connect_failures)
      add("connect", i, f);
  }
  std::vector<CauseSummary> out;
  for (auto& [key, summary] : groups) {
    summary.pods = static_cast<int64_t>(pods_per_group[key].size());
    out.push_back(std::move(summary));
  }
  std::sort(out.begin(), out.end(), [](const CauseSummary& a, const CauseSummary& b) {
    return std::tie(b.failures, a.first_at, a.kind, a.cause) <
           std::tie(a.failures, b.first_at, b.kind, b.cause);
  });
  return out;
}

namespace {

// Nearest rank: the 1-based rank of the smallest value with at least q of n samples at or
// below it.
int64_t nearest_rank(double q, int64_t n) {
  return static_cast<int64_t>(std::max(1.0, std::ceil(q * static_cast<double>(n))));
}

}  // namespace

Percentiles percentiles_of(std::vector<double> samples) {
  Percentiles p;
  p.count = static_cast<int64_t>(samples.size());
  if (samples.empty()) return p;
  std::sort(samples.begin(), samples.end());
  auto rank = [&](double q) { return samples[static_cast<size_t>(nearest_rank(q, p.count) - 1)]; };
  p.p50 = rank(0.50);
  p.p90 = rank(0.90);
  p.p99 = rank(0.99);
  p.max = samples.back();
  return p;
}

Percentiles percentiles_of_histogram(const std::map<double, int64_t>& histogram) {
  Percentiles p;
  for (const auto& [seconds, count] : histogram)
    p.count += count;
  if (p.count == 0) return p;
  auto rank = [&](double q) {
    const int64_t wanted = nearest_rank(q, p.count);
    int64_t seen = 0;
    for (const auto& [seconds, count] : histogram) {
      seen += count;
      if (seen >= wanted) return seconds;
    }
    return histogram.rbegin()->first;
  };
  p.p50 = rank(0.50);
  p.p90 = rank(0.90);
  p.p99 = rank(0.99);
  p.max = histogram.rbegin()->first;
  return p;
}

}  // namespace ekssim::report
