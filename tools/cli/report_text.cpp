#include "tools/cli/report_text.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>

#include "sim/time.h"
#include "tools/cli/report_headroom.h"

namespace ekssim::cli {

namespace {

constexpr size_t kNamedPerSection = 10;

std::string at(double seconds) {
  return sim::format_duration_ms(sim::Duration::from_seconds(seconds));
}

std::string run_header(const report::RunReport& r) {
  return fmt::format("{} — seed {}, {} simulated, {} events, digest {}\n", r.scenario, r.seed,
                     at(r.virtual_seconds), r.events, r.digest);
}

std::string expectations_section(const report::RunReport& r) {
  if (r.expectations.empty()) return "expectations: none declared\n";
  size_t failed = 0;
  for (const auto& e : r.expectations)
    failed += e.passed ? 0 : 1;
  std::string out =
      failed == 0 ? fmt::format("expectations: all {} met\n", r.expectations.size())
                  : fmt::format("expectations: {} of {} FAILED\n", failed, r.expectations.size());
  // Failures first, in declaration order, then the ones that passed.
  for (const bool passed : {false, true}) {
    for (const auto& e : r.expectations) {
      if (e.passed != passed) continue;
      out += fmt::format("  {}  {}\n        {}\n", passed ? "pass" : "FAIL", e.name, e.detail);
    }
  }
  return out;
}

std::string causes_section(const report::RunReport& r) {
  if (r.top_causes.empty()) return "";
  std::string out = "root causes, most failures first:\n";
  for (const auto& c : r.top_causes) {
    const char* holder = c.kind == "node" ? "node" : c.kind == "launch" ? "node group" : "pod";
    out += fmt::format("  {:>6} {} failure{} in {} {}{}  [{}] {}\n", c.failures, c.kind,
                       c.failures == 1 ? "" : "s", c.pods, holder, c.pods == 1 ? "" : "s", c.reason,
                       c.cause);
    out += fmt::format("         first at {} ({})\n", at(c.first_at), c.first_pod);
    if (!c.fix.empty()) out += fmt::format("         fix: {}\n", c.fix);
  }
  return out;
}

std::string nodes_section(const report::RunReport& r) {
  if (r.nodes.empty()) return "";
  // Per node group: how many nodes are Ready, and why the others are not.
  struct Group {
    int total = 0, ready = 0;
    std::vector<const report::NodeReport*> not_ready;
  };
  std::map<std::string, Group> groups;
  for (const auto& n : r.nodes) {
    if (n.terminated_at) continue;
    Group& g = groups[n.node_group];
    ++g.total;
    if (n.ready) {
      ++g.ready;
    } else {
      g.not_ready.push_back(&n);
    }
  }
  std::string out = "node groups:\n";
  for (const auto& [name, g] : groups) {
    out += fmt::format("  {:<20} {}/{} Ready\n", name, g.ready, g.total);
    for (size_t i = 0; i < g.not_ready.size() && i < 3; ++i) {
      const auto* n = g.not_ready[i];
      out += fmt::format("    {} NotReady", n->name);
      if (n->not_ready) {
        out += fmt::format(": {}\n      cause: {}\n", n->not_ready->message, n->not_ready->cause);
        if (!n->not_ready->fix.empty()) out += fmt::format("      fix: {}\n", n->not_ready->fix);
      } else {
        out += "\n";
      }
    }
    if (g.not_ready.size() > 3) out += fmt::format("    … and {} more\n", g.not_ready.size() - 3);
  }
  return out;
}

std::string subnets_section(const report::RunReport& r) {
  if (r.subnets.empty()) return "";
  std::string out = "subnets:\n";
  for (const auto& s : r.subnets) {
    out += fmt::format("  {:<20} {:<18} {:>6} usable {:>6} free at the end, lowest {} at {}\n",
                       s.name, s.cidr, s.usable, s.free, s.min_free, at(s.min_free_at));
  }
  return out;
}

std::string pods_section(const report::RunReport& r) {
  if (r.pods.empty()) return "";
  std::map<std::string, int> phases;
  for (const auto& p : r.pods)
    ++phases[p.phase];
  std::string out = "pods:";
  for (const auto& [phase, count] : phases)
    out += fmt::format(" {} {}", count, phase);
  out += "\n";
  if (r.pod_start_latency.count > 0) {
    out += fmt::format("  start latency (created → Running): p50 {}, p90 {}, p99 {}, max {}\n",
                       at(r.pod_start_latency.p50), at(r.pod_start_latency.p90),
                       at(r.pod_start_latency.p99), at(r.pod_start_latency.max));
  }
  size_t named = 0;
  for (const auto& p : r.pods) {
    if (p.phase == "Running" || p.phase == "Succeeded") continue;
    if (++named > kNamedPerSection) break;
    out += fmt::format("  {}/{} {}{}{}\n", p.namespace_, p.name, p.phase,
                       p.node ? " on " + *p.node : std::string(),
                       p.pending_reason ? ": " + *p.pending_reason : std::string());
  }
  return out;
}

// "dns: 1200 lookups (12 failed), 2.0 queries per lookup; CoreDNS: 2 replicas, 4.1 queries/s"
std::string dns_section(const report::RunReport& r) {
  const report::DnsSummary& d = r.dns;
  if (d.lookups == 0) return "";
  std::string out = fmt::format(
      "dns: {} lookups ({} failed), {:.1f} queries per lookup; CoreDNS: {} replicas, {:.1f} "
      "queries/s, {} forwarded, {} error lines; VPC resolver: {} packets dropped\n",
      d.lookups, d.failed_lookups, d.queries_per_lookup, d.coredns_replicas,
      d.coredns_queries_per_second, d.coredns_forwarded, d.coredns_error_logs,
      d.vpc_resolver_dropped);
  out += fmt::format("  resolved in: p50 {}, p90 {}, p99 {}, max {}; {} took 1 s or more\n",
                     at(d.lookup_latency.p50), at(d.lookup_latency.p90), at(d.lookup_latency.p99),
                     at(d.lookup_latency.max), d.slow_lookups);
  if (d.connects > 0)
    out += fmt::format("  connections: {} ({} failed)\n", d.connects, d.failed_connects);
  for (const auto& f : d.failures)
    out += fmt::format("  {:>8}  {} on {}\n", f.count, f.reason, f.node_group);
  if (!d.last_coredns_error.empty()) out += "  CoreDNS logged: " + d.last_coredns_error + "\n";
  // The busiest ENIs towards the VPC resolver; the JSON lists them all.
  constexpr size_t kEnisShown = 5;
  for (size_t i = 0; i < d.vpc_resolver_enis.size() && i < kEnisShown; ++i) {
    const auto& e = d.vpc_resolver_enis[i];
    out += fmt::format(
        "  {} {}: {} packets to the VPC resolver, {} dropped, busiest second {} at {}{}\n", e.eni,
        e.coredns.empty() ? "" : fmt::format("({} on {})", fmt::join(e.coredns, ", "), e.node),
        e.packets, e.dropped, e.peak_per_second, at(e.peak_at),
        e.peak_per_second > d.vpc_resolver_limit
            ? fmt::format(" (over the {}/s limit)", d.vpc_resolver_limit)
            : "");
  }
  if (d.vpc_resolver_enis.size() > kEnisShown)
    out += fmt::format("  … and {} more ENIs\n", d.vpc_resolver_enis.size() - kEnisShown);
  return out;
}

}  // namespace

std::string format_text(const report::RunReport& r) {
  std::string out = run_header(r);
  for (const std::string& section : {expectations_section(r), causes_section(r), nodes_section(r),
                                     ip_headroom_section(r), subnets_section(r), dns_section(r),
                                     pods_section(r)}) {
    if (!section.empty()) out += "\n" + section;
  }
  return out;
}

std::string format_text(const std::vector<ScenarioOutcome>& outcomes, bool strict) {
  std::string out;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    if (i > 0) out += "\n" + std::string(100, '-') + "\n\n";
    const ScenarioOutcome& outcome = outcomes[i];
    switch (verdict_of(outcome, strict)) {
      case Verdict::kLoadError:
        out += fmt::format("{} — not run: the file did not load\n\n{}", outcome.file,
                           scenario::format_diagnostics(outcome.diagnostics));
        break;
      case Verdict::kInternalError:
        out += fmt::format("{} — not finished: {}\n", outcome.file, outcome.internal_error);
        break;
      case Verdict::kNoExpectations:
        out += format_text(*outcome.report);
        out += fmt::format("\nFAILED under --strict: {}\n", kNoExpectationsMessage);
        break;
      case Verdict::kPassed:
      case Verdict::kFailed: out += format_text(*outcome.report); break;
    }
  }
  return out;
}

}  // namespace ekssim::cli
