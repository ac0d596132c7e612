#include "models/report/expectations.h"

#include <optional>
#include <string_view>
#include <type_traits>
#include <variant>

#include "models/report/expectations_failures.h"
#include "models/report/expectations_text.h"
#include "models/report/summaries.h"
#include "models/spec/kind_names.h"

namespace ekssim::report {
namespace {

std::string were(int64_t n) {
  return n == 1 ? " was" : " were";
}

// What a deadline check found over pods or nodes: who failed, how many were judged, the slowest
// of those in time.
struct Deadlines {
  int64_t matched = 0;
  int64_t judged = 0;
  std::vector<std::string> missed;
  sim::Duration slowest;
  std::string slowest_name;

  // Judges one pod or node: `took` is its time to Running or Ready (none if it never got
  // there), `lived` how long it existed by the end of the run. Returns whether it missed.
  bool judge(std::optional<sim::Duration> took, sim::Duration lived, sim::Duration within,
             const std::string& name) {
    ++matched;
    if (took && *took <= within) {
      ++judged;
      if (slowest_name.empty() || *took > slowest) {
        slowest = *took;
        slowest_name = name;
      }
      return false;
    }
    if (!took && lived < within) return false;  // too young to judge
    ++judged;
    return true;
  }

  // "; 2 more, created less than 10m before the end of the run or their deletion, are not
  // judged"
  std::string not_judged(sim::Duration within, std::string_view started,
                         std::string_view ended) const {
    if (matched == judged) return "";
    return "; " + std::to_string(matched - judged) + " more, " + std::string(started) +
           " less than " + sim::format_duration_ms(within) +
           " before the end of the run or their " + std::string(ended) + ", " +
           (matched - judged == 1 ? "is" : "are") + " not judged";
  }
};

std::string why_pod_not_running(const PodReport& pod, sim::Duration took) {
  std::string s = pod_name(pod);
  if (pod.running_at) {
    s += " Running only " + sim::format_duration_ms(took) + " after its creation";
    if (!pod.ip_failures.empty()) {
      const Failure& f = pod.ip_failures.back();
      s += " (last IP failure at " + format_seconds(f.at) + ": " + f.reason + ": " + f.cause + ")";
    }
    return s;
  }
  if (pod.deleted_at) s += " deleted at " + format_seconds(*pod.deleted_at) + " while";
  s += " " + pod.phase;
  if (pod.node) s += " on " + *pod.node;
  if (pod.pending_reason) {
    s += ": " + *pod.pending_reason;
    if (!pod.ip_failures.empty() && pod.ip_failures.back().message == *pod.pending_reason) {
      s += " (cause: " + pod.ip_failures.back().cause + ")";
    }
  } else {
    s += pod.node ? ": no sandbox yet" : ": not scheduled yet";
  }
  return s;
}

Verdict judge_pods_running(const spec::PodsRunning& check, const RunReport& report) {
  const sim::Duration end = to_duration(report.virtual_seconds);
  Deadlines d;
  for (const PodReport& pod : report.pods) {
    if (!pod_matches(check.pods, pod)) continue;
    const sim::Duration created = to_duration(pod.created_at);
    const sim::Duration gone = pod.deleted_at ? to_duration(*pod.deleted_at) : end;
    std::optional<sim::Duration> took;
    if (pod.running_at) took = to_duration(*pod.running_at) - created;
    if (d.judge(took, gone - created, check.within, pod_name(pod))) {
      d.missed.push_back(why_pod_not_running(pod, took.value_or(sim::Duration::zero())));
    }
  }
  const std::string within = sim::format_duration_ms(check.within);
  const std::string suffix = d.not_judged(check.within, "created", "deletion");
  if (d.matched == 0) {
    return {false, "found " + describe_pods(check.pods, 0) + "; podsRunning needs at least one"};
  }
  if (!d.missed.empty()) {
    return {false, std::to_string(d.missed.size()) + " of " + describe_pods(check.pods, d.judged) +
                       " were not Running within " + within + ": " + join_listed(d.missed) +
                       suffix};
  }
  if (d.judged == 0) {
    return {true, "none could be judged: " + describe_pods(check.pods, d.matched) +
                      (d.matched == 1 ? " was" : " were each") + " created less than " + within +
                      " before the end of the run or " + (d.matched == 1 ? "its" : "their") +
                      " deletion"};
  }
  return {true, describe_pods(check.pods, d.judged) + were(d.judged) + " Running within " + within +
                    "; the slowest took " + sim::format_duration_ms(d.slowest) + " (" +
                    d.slowest_name + ")" + suffix};
}

std::string why_node_not_ready(const NodeReport& node, sim::Duration took) {
  std::string s = node.name;
  if (node.ready_at)
    return s + " Ready only " + sim::format_duration_ms(took) + " after its launch";
  s += " NotReady";
  if (node.not_ready) {
    s += ": " + node.not_ready->reason + ": " + node.not_ready->cause;
    if (!node.not_ready->fix.empty()) s += " (fix: " + node.not_ready->fix + ")";
  }
  if (node.terminated_at) s += " (terminated at " + format_seconds(*node.terminated_at) + ")";
  return s;
}

Verdict judge_nodes_ready(const spec::NodesReady& check, const RunReport& report) {
  const sim::Duration end = to_duration(report.virtual_seconds);
  const std::string& group = check.node_group.name;
  Deadlines d;
  for (const NodeReport& node : report.nodes) {
    if (node.node_group != group) continue;
    const sim::Duration launched = to_duration(node.launched_at);
    const sim::Duration gone = node.terminated_at ? to_duration(*node.terminated_at) : end;
    std::optional<sim::Duration> took;
    if (node.ready_at) took = to_duration(*node.ready_at) - launched;
    if (d.judge(took, gone - launched, check.within, node.name)) {
      d.missed.push_back(why_node_not_ready(node, took.value_or(sim::Duration::zero())));
    }
  }
  const std::string within = sim::format_duration_ms(check.within);
  const std::string suffix = d.not_judged(check.within, "launched", "termination");
  const std::string of_group = " of " + group;
  if (d.matched == 0) return {false, "no node" + of_group + " was launched"};
  if (!d.missed.empty()) {
    return {false, std::to_string(d.missed.size()) + " of " + count_of(d.judged, "node", "nodes") +
                       of_group + " were not Ready within " + within +
                       " of launch: " + join_listed(d.missed) + suffix};
  }
  if (d.judged == 0) {
    return {true, "none could be judged: " + count_of(d.matched, "node", "nodes") + of_group +
                      (d.matched == 1 ? " was" : " were each") + " launched less than " + within +
                      " before the end of the run or " + (d.matched == 1 ? "its" : "their") +
                      " termination"};
  }
  return {true, count_of(d.judged, "node", "nodes") + of_group + were(d.judged) + " Ready within " +
                    within + " of launch; the slowest took " + sim::format_duration_ms(d.slowest) +
                    " (" + d.slowest_name + ")" + suffix};
}

Verdict judge_subnet_free_ips(const spec::SubnetFreeIps& check, const RunReport& report) {
  for (const SubnetReport& s : report.subnets) {
    if (s.name != check.subnet.name) continue;
    const bool passed = s.free >= check.at_least;
    const std::string expected = std::to_string(check.at_least);
    return {passed, s.name + " has " + count_of(s.free, "free address", "free addresses") +
                        " at the end" +
                        (passed ? " (at least " + expected + " expected)"
                                : ", fewer than the " + expected + " expected") +
                        "; the lowest was " + std::to_string(s.min_free) + " at " +
                        format_seconds(s.min_free_at)};
  }
  return {false, "subnet " + check.subnet.name + " is not in the report"};
}

Verdict judge_pod_start_latency(const spec::PodStartLatency& check, const RunReport& report) {
  std::vector<double> samples;
  int64_t never = 0;
  for (const PodReport& pod : report.pods) {
    if (!check.ns.empty() && pod.namespace_ != check.ns) continue;
    if (!pod.running_at) {
      ++never;
      continue;
    }
    samples.push_back(
        (to_duration(*pod.running_at) - to_duration(pod.created_at)).seconds_double());
  }
  const std::string in = check.ns.empty() ? "" : " in " + check.ns;
  if (samples.empty()) return {false, "no pods" + in + " reached Running"};
  const Percentiles p = percentiles_of(samples);
  Verdict v{true,
            "start latency of " + count_of(p.count, "pod", "pods") + in + " that reached Running:"};
  const std::pair<const char*, std::pair<double, std::optional<sim::Duration>>> bounds[] = {
      {"p50", {p.p50, check.p50}}, {"p90", {p.p90, check.p90}}, {"p99", {p.p99, check.p99}}};
  bool first = true;
  for (const auto& [label, value_bound] : bounds) {
    const auto& [value, bound] = value_bound;
    if (!bound) continue;
    const bool ok = to_duration(value) <= *bound;
    v.passed = v.passed && ok;
    v.detail += std::string(first ? " " : ", ") + label + " " + format_seconds(value) +
                (ok ? " ≤ " : " > ") + sim::format_duration_ms(*bound);
    first = false;
  }
  if (never > 0) {
    v.detail += "; " + std::to_string(never) + (never == 1 ? " pod" : " pods") +
                " never reached Running and " + (never == 1 ? "is" : "are") + " not counted";
  }
  return v;
}

Verdict judge_live(const spec::Expectation& e, const std::string& kind, const LiveEvaluator& live) {
  if (live) return live(e);
  return {false, "not evaluated: " + kind + " needs the live cluster and no evaluator was given"};
}

}  // namespace

bool pod_matches(const spec::PodFilter& filter, const PodReport& pod) {
  if (!filter.ns.empty() && pod.namespace_ != filter.ns) return false;
  for (const auto& [key, value] : filter.selector) {
    const auto it = pod.labels.find(key);
    if (it == pod.labels.end() || it->second != value) return false;
  }
  if (filter.node_group && pod.node_group != filter.node_group->name) return false;
  return true;
}

std::string describe_pods(const spec::PodFilter& filter, int64_t count) {
  std::string s = count_of(count, "pod", "pods");
  if (!filter.ns.empty()) s += " in " + filter.ns;
  if (!filter.selector.empty()) {
    s += " with ";
    bool first = true;
    for (const auto& [key, value] : filter.selector) {
      if (!first) s += ",";
      s += key + "=" + value;
      first = false;
    }
  }
  if (filter.node_group) s += " on node group " + filter.node_group->name;
  return s;
}

ExpectationResult evaluate_expectation(const spec::Expectation& expectation,
                                       const RunReport& report, const LiveEvaluator& live) {
  ExpectationResult r;
  r.name = expectation.name;
  r.kind = std::string(spec::kind_name(expectation.check));
  r.line = expectation.location.line;
  const Verdict v = std::visit(
      [&](const auto& check) -> Verdict {
        using T = std::decay_t<decltype(check)>;
        if constexpr (std::is_same_v<T, spec::PodsRunning>) {
          return judge_pods_running(check, report);
        } else if constexpr (std::is_same_v<T, spec::NoIpFailures>) {
          return judge_no_ip_failures(check, report);
        } else if constexpr (std::is_same_v<T, spec::IpFailures>) {
          return judge_ip_failures(check, report);
        } else if constexpr (std::is_same_v<T, spec::SubnetFreeIps>) {
          return judge_subnet_free_ips(check, report);
        } else if constexpr (std::is_same_v<T, spec::PodStartLatency>) {
          return judge_pod_start_latency(check, report);
        } else if constexpr (std::is_same_v<T, spec::NodesReady>) {
          return judge_nodes_ready(check, report);
        } else if constexpr (std::is_same_v<T, spec::NoDnsFailures>) {
          return judge_no_dns_failures(check, report);
        } else if constexpr (std::is_same_v<T, spec::DnsFailures>) {
          return judge_dns_failures(check, report);
        } else {
          // Reachable, Unreachable, Resolves, Connects.
          return judge_live(expectation, r.kind, live);
        }
      },
      expectation.check);
  r.passed = v.passed;
  r.detail = v.detail;
  return r;
}

std::vector<ExpectationResult> evaluate_expectations(
    const std::vector<spec::Expectation>& expectations, const RunReport& report,
    const LiveEvaluator& live) {
  std::vector<ExpectationResult> results;
  results.reserve(expectations.size());
  for (const spec::Expectation& e : expectations)
    results.push_back(evaluate_expectation(e, report, live));
  return results;
}

}  // namespace ekssim::report
