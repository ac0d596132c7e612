#include "models/report/expectations_failures.h"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>
#include <utility>

#include "models/report/expectations_text.h"
#include "models/report/failures.h"

namespace ekssim::report {
namespace {

enum class Kind { kIp, kDns };

std::string kind_word(Kind kind) {
  return kind == Kind::kIp ? "IP" : "DNS";
}

// A closed window of virtual time; a missing end is unbounded.
struct Window {
  std::optional<sim::Duration> from;
  std::optional<sim::Duration> to;

  static Window of(const std::optional<spec::TimeWindow>& between) {
    if (!between) return {};
    return Window{between->start, between->end};
  }
  // How many of a (possibly folded) record's failures fall in the window.
  int64_t count(const Failure& f) const {
    const double lo = from ? from->seconds_double() : -1e300;
    const double hi = to ? to->seconds_double() : 1e300;
    return failures_between(f, lo, hi);
  }
  bool contains(double at) const {
    const sim::Duration t = to_duration(at);
    return (!from || t >= *from) && (!to || t <= *to);
  }
  // " between 5m and 25m", " from 26m on", or nothing for the whole run.
  std::string describe() const {
    if (from && to) {
      return " between " + sim::format_duration_ms(*from) + " and " + sim::format_duration_ms(*to);
    }
    if (from) return " from " + sim::format_duration_ms(*from) + " on";
    return "";
  }
};

// The failures of one (reason, cause), with the first pod that met it.
struct Group {
  std::string reason, cause, fix, first_pod, name;
  int64_t failures = 0;
  double first_at = 0;
};

struct Tally {
  int64_t pods = 0;         // matching pods
  int64_t pods_failed = 0;  // matching pods with a failure in the window
  int64_t failures = 0;     // in the window
  int64_t outside = 0;      // matching pods' failures outside the window
  double first_outside_at = 0;
  std::vector<Group> groups;  // most failures first
};

// `reasons`: only failures with one of these count (empty: all).
Tally tally(const RunReport& report, const spec::PodFilter& filter, Kind kind, const Window& window,
            const std::vector<std::string>& reasons = {}) {
  Tally t;
  std::map<std::pair<std::string, std::string>, Group> groups;
  for (const PodReport& pod : report.pods) {
    if (!pod_matches(filter, pod)) continue;
    ++t.pods;
    bool failed = false;
    for (const Failure& f : kind == Kind::kIp ? pod.ip_failures : pod.dns_failures) {
      if (!reasons.empty() && std::find(reasons.begin(), reasons.end(), f.reason) == reasons.end())
        continue;
      const int64_t inside = window.count(f);
      if (inside < f.count) {
        const double first_outside = window.contains(f.at) ? f.last_at : f.at;
        if (t.outside == 0 || first_outside < t.first_outside_at)
          t.first_outside_at = first_outside;
        t.outside += f.count - inside;
      }
      if (inside == 0) continue;
      t.failures += inside;
      failed = true;
      auto [it, inserted] = groups.try_emplace({f.reason, f.cause});
      Group& g = it->second;
      if (inserted || f.at < g.first_at) {
        g.reason = f.reason;
        g.cause = f.cause;
        g.fix = f.fix;
        g.name = f.name;
        g.first_at = f.at;
        g.first_pod = pod_name(pod) + (pod.node ? " on " + *pod.node : "");
      }
      g.failures += inside;
    }
    if (failed) ++t.pods_failed;
  }
  for (auto& [key, group] : groups)
    t.groups.push_back(std::move(group));
  std::sort(t.groups.begin(), t.groups.end(), [](const Group& a, const Group& b) {
    return std::tie(b.failures, a.first_at, a.reason, a.cause) <
           std::tie(a.failures, b.first_at, b.reason, b.cause);
  });
  return t;
}

// "7× SubnetExhausted from 5m12s (airflow/web-1 on ip-10-0-1-5.ec2.internal): <cause> (fix: …)"
std::string causes(const Tally& t) {
  std::vector<std::string> items;
  for (const Group& g : t.groups) {
    std::string item = std::to_string(g.failures) + "× " + g.reason + " from " +
                       format_seconds(g.first_at) + " (" + g.first_pod;
    if (!g.name.empty()) item += ", looking up " + g.name;
    item += "): " + g.cause;
    if (!g.fix.empty()) item += " (fix: " + g.fix + ")";
    items.push_back(std::move(item));
  }
  return join_listed(items, 3);
}

// "no DNS failures from 26m on in 12 pods in airflow", or
// "7 IP failures (SubnetExhausted) between 5m and 25m in 3 of 12 pods on node group ng-new".
std::string headline(const Tally& t, Kind kind, const Window& window, const spec::PodFilter& filter,
                     const std::vector<std::string>& reasons = {}) {
  std::string which;
  for (const std::string& r : reasons)
    which += (which.empty() ? " (" : ", ") + r;
  if (!which.empty()) which += ")";
  if (t.failures == 0) {
    return "no " + kind_word(kind) + " failures" + which + window.describe() + " in " +
           describe_pods(filter, t.pods);
  }
  return count_of(t.failures, kind_word(kind) + " failure", kind_word(kind) + " failures") + which +
         window.describe() + " in " + std::to_string(t.pods_failed) + " of " +
         describe_pods(filter, t.pods);
}

Verdict judge_none(const spec::PodFilter& filter, Kind kind, const Window& window,
                   const RunReport& report, const std::vector<std::string>& reasons = {}) {
  const Tally t = tally(report, filter, kind, window, reasons);
  Verdict v;
  v.passed = t.failures == 0;
  v.detail = headline(t, kind, window, filter, reasons);
  if (!v.passed) v.detail += ": " + causes(t);
  return v;
}

Verdict judge_at_least(const spec::PodFilter& filter, Kind kind, const Window& window,
                       int64_t at_least, const RunReport& report) {
  const Tally t = tally(report, filter, kind, window);
  Verdict v;
  v.passed = t.failures >= at_least;
  v.detail = headline(t, kind, window, filter);
  if (v.passed) {
    v.detail += " (at least " + std::to_string(at_least) + " expected): " + causes(t);
    return v;
  }
  v.detail += ", at least " + std::to_string(at_least) + " expected";
  if (t.failures > 0) v.detail += ": " + causes(t);
  if (t.outside > 0) {
    v.detail += "; " + std::to_string(t.outside) + " more outside the window, the first at " +
                format_seconds(t.first_outside_at);
  }
  return v;
}

}  // namespace

Verdict judge_no_ip_failures(const spec::NoIpFailures& check, const RunReport& report) {
  Window window = Window::of(check.between);
  if (check.after) window.from = *check.after;
  return judge_none(check.pods, Kind::kIp, window, report, check.reasons);
}

Verdict judge_ip_failures(const spec::IpFailures& check, const RunReport& report) {
  return judge_at_least(check.pods, Kind::kIp, Window::of(check.between), check.at_least, report);
}

Verdict judge_no_dns_failures(const spec::NoDnsFailures& check, const RunReport& report) {
  Window window = Window::of(check.between);
  if (check.after) window.from = *check.after;
  return judge_none(check.pods, Kind::kDns, window, report);
}

Verdict judge_dns_failures(const spec::DnsFailures& check, const RunReport& report) {
  return judge_at_least(check.pods, Kind::kDns, Window::of(check.between), check.at_least, report);
}

}  // namespace ekssim::report
