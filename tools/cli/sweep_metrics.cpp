#include "tools/cli/sweep_metrics.h"

#include <algorithm>
#include <map>

namespace ekssim::cli {
namespace {

// "0/3 nodes are available: 3 Too many pods." → "Too many pods" (kube-scheduler's
// FitError message, pkg/scheduler/schedule_one.go); other reasons as they are.
std::string short_pending_reason(const std::string& reason) {
  constexpr std::string_view kAvailable = "nodes are available: ";
  const size_t at = reason.find(kAvailable);
  if (at == std::string::npos) return reason;
  std::string rest = reason.substr(at + kAvailable.size());
  size_t digits = 0;
  while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9')
    ++digits;
  if (digits > 0 && digits < rest.size() && rest[digits] == ' ') rest = rest.substr(digits + 1);
  const size_t end = rest.find_first_of(",.");
  return end == std::string::npos ? rest : rest.substr(0, end);
}

std::string never_running_reason(const report::PodReport& pod) {
  if (!pod.ip_failures.empty()) return pod.ip_failures.back().reason;
  if (pod.pending_reason) return short_pending_reason(*pod.pending_reason);
  return pod.node ? "NoSandbox" : "Unscheduled";
}

void set(VariantMetrics& m, std::string_view name, double value) {
  m.values[metric_index(name)] = value;
}

void add_pod_metrics(const report::RunReport& r, VariantMetrics& m) {
  int64_t never = 0, ip_failures = 0;
  std::map<std::string, int64_t> reasons;
  for (const auto& pod : r.pods) {
    for (const auto& f : pod.ip_failures)
      ip_failures += f.count;
    if (pod.running_at || pod.deleted_at) continue;
    ++never;
    ++reasons[never_running_reason(pod)];
  }
  int64_t most = 0;
  for (const auto& [reason, count] : reasons) {
    if (count > most) {
      most = count;
      m.top_reason = reason;
    }
  }
  set(m, "podsNeverRunning", static_cast<double>(never));
  set(m, "ipFailures", static_cast<double>(ip_failures));
  set(m, "startLatencyP50Seconds", r.pod_start_latency.p50);
  set(m, "startLatencyP99Seconds", r.pod_start_latency.p99);
}

void add_address_metrics(const report::RunReport& r, VariantMetrics& m) {
  // The subnet that came closest to running out: the lowest share free at its lowest.
  int64_t lowest = 0, peak = 0;
  double share = 2;
  for (const auto& s : r.subnets) {
    const double free_share =
        s.usable > 0 ? static_cast<double>(s.min_free) / static_cast<double>(s.usable) : 1;
    if (free_share < share) {
      share = free_share;
      lowest = s.min_free;
      peak = s.usable - s.min_free;
      m.tightest_subnet = s.name;
    }
  }
  set(m, "subnetMinFree", static_cast<double>(lowest));
  set(m, "subnetPeakUsed", static_cast<double>(peak));
  int64_t enis = 0, assigned = 0, total = 0, ready = 0;
  for (const auto& n : r.nodes) {
    if (n.terminated_at) continue;
    enis += n.enis;
    assigned += n.ips_assigned;
    total += n.ips_total;
    ready += n.ready ? 1 : 0;
  }
  set(m, "enis", static_cast<double>(enis));
  set(m, "addressesAssigned", static_cast<double>(assigned));
  set(m, "addressesTotal", static_cast<double>(total));
  set(m, "addressesIdle", static_cast<double>(total - assigned));
  set(m, "nodesReady", static_cast<double>(ready));
}

}  // namespace

size_t metric_index(std::string_view name) {
  for (size_t i = 0; i < kMetricCount; ++i) {
    if (kMetricColumns[i].name == name) return i;
  }
  return kMetricCount;
}

VariantMetrics metrics_of(const report::RunReport& r) {
  VariantMetrics m;
  add_pod_metrics(r, m);
  add_address_metrics(r, m);
  int64_t calls = 0, throttled = 0;
  for (const auto& api : r.ec2_api) {
    calls += api.calls;
    throttled += api.throttled;
  }
  set(m, "ec2Calls", static_cast<double>(calls));
  set(m, "ec2Throttled", static_cast<double>(throttled));
  set(m, "dnsFailures", static_cast<double>(r.dns.failed_lookups));
  set(m, "lookupP99Seconds", r.dns.lookup_latency.p99);
  int64_t met = 0;
  for (const auto& e : r.expectations)
    met += e.passed ? 1 : 0;
  set(m, "expectationsMet", static_cast<double>(met));
  m.expectations = static_cast<int64_t>(r.expectations.size());
  return m;
}

SeedSpread spread_of(const std::vector<VariantMetrics>& runs) {
  SeedSpread s;
  if (runs.empty()) return s;
  s.median = s.low = s.high = runs.front();
  for (size_t c = 0; c < kMetricCount; ++c) {
    std::vector<double> v;
    for (const auto& r : runs)
      v.push_back(r.values[c]);
    std::sort(v.begin(), v.end());
    s.median.values[c] = v[(v.size() - 1) / 2];
    s.low.values[c] = v.front();
    s.high.values[c] = v.back();
  }
  std::map<std::string, int> reasons;
  for (const auto& r : runs) {
    if (!r.top_reason.empty()) ++reasons[r.top_reason];
  }
  int most = 0;
  for (const auto& [reason, count] : reasons) {
    if (count > most) {
      most = count;
      s.median.top_reason = reason;
    }
  }
  return s;
}

}  // namespace ekssim::cli
