#include "tools/cli/report_html.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "models/report/report_builder.h"
#include "sim/time.h"
#include "tools/cli/svg_chart.h"

namespace ekssim::cli {
namespace {

using report::ReportBuilder;
using report::RunReport;

constexpr const char* kStyle = R"(body{font-family:sans-serif;margin:24px;color:#222}
table{border-collapse:collapse;font-size:13px;margin-bottom:12px}
th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top}td.pass{color:#2e9e4f}
td.fail{color:#c23b3b;font-weight:bold}.charts{display:flex;flex-wrap:wrap;gap:16px}
figure{margin:0}figcaption{font-size:13px;font-weight:bold}svg text{font-size:11px;fill:#222})";

std::string figure(const std::string& caption, const std::string& svg) {
  return "<figure><figcaption>" + html_escape(caption) + "</figcaption>" + svg + "</figure>\n";
}

std::vector<ChartSeries> subnet_free(const RunReport& r) {
  std::vector<ChartSeries> out;
  for (const auto& s : r.series) {
    if (s.metric == ReportBuilder::kSubnetFreeMetric) out.push_back({s.label, s.points});
  }
  return out;
}

// Step series from (time, change) events, summed in time order (ties in the order given).
std::vector<std::pair<double, double>> accumulate(std::vector<std::pair<double, double>> deltas) {
  std::stable_sort(deltas.begin(), deltas.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::pair<double, double>> points;
  double value = 0;
  for (const auto& [t, d] : deltas) {
    value += d;
    if (!points.empty() && points.back().first == t) {
      points.back().second = value;
    } else {
      points.emplace_back(t, value);
    }
  }
  return points;
}

std::vector<ChartSeries> pod_phases(const RunReport& r) {
  std::vector<std::pair<double, double>> pending, running;
  for (const auto& p : r.pods) {
    pending.emplace_back(p.created_at, 1);
    if (p.running_at) {
      pending.emplace_back(*p.running_at, -1);
      running.emplace_back(*p.running_at, 1);
    }
    if (p.deleted_at) (p.running_at ? running : pending).emplace_back(*p.deleted_at, -1);
  }
  return {{"Pending", accumulate(pending)}, {"Running", accumulate(running)}};
}

std::vector<ChartSeries> group_addresses(const RunReport& r) {
  std::map<std::string, std::string> group_of;
  for (const auto& n : r.nodes)
    group_of[n.name] = n.node_group;
  // Per group: changes of assigned and of warm (total − assigned).
  std::map<std::string, std::pair<std::vector<std::pair<double, double>>,
                                  std::vector<std::pair<double, double>>>>
      changes;
  for (const auto& s : r.series) {
    const bool assigned = s.metric == ReportBuilder::kIpsAssignedMetric;
    if (!assigned && s.metric != ReportBuilder::kIpsTotalMetric) continue;
    auto& [assigned_d, warm_d] = changes[group_of[s.label]];
    double last = 0;
    for (const auto& [t, v] : s.points) {
      // assigned moves warm the other way; total moves warm alone.
      if (assigned) assigned_d.emplace_back(t, v - last);
      warm_d.emplace_back(t, assigned ? last - v : v - last);
      last = v;
    }
  }
  std::vector<ChartSeries> out;
  for (auto& [group, d] : changes) {
    out.push_back({group + " assigned", accumulate(d.first)});
    out.push_back({group + " warm", accumulate(d.second)});
  }
  return out;
}

void add_per_minute(const std::vector<report::Failure>& failures, std::map<int64_t, double>& at) {
  for (const auto& f : failures) {
    const double span = std::max(0.0, f.last_at - f.at);
    if (f.count <= 1 || span == 0) {
      at[static_cast<int64_t>(f.at / 60)] += static_cast<double>(f.count);
      continue;
    }
    // Folded repeats: spread evenly from the first to the last.
    for (int64_t m = static_cast<int64_t>(f.at / 60); m <= static_cast<int64_t>(f.last_at / 60);
         ++m) {
      const double overlap = std::min(f.last_at, (m + 1) * 60.0) - std::max(f.at, m * 60.0);
      at[m] += static_cast<double>(f.count) * std::max(0.0, overlap) / span;
    }
  }
}

std::vector<ChartSeries> failures_per_minute(const RunReport& r) {
  std::map<int64_t, double> ip, dns;
  for (const auto& p : r.pods) {
    add_per_minute(p.ip_failures, ip);
    add_per_minute(p.dns_failures, dns);
  }
  auto series = [&](const std::string& label, const std::map<int64_t, double>& per_minute) {
    ChartSeries s{label, {}};
    for (int64_t m = 0; m * 60 < r.virtual_seconds; ++m) {
      const auto it = per_minute.find(m);
      s.points.emplace_back(m * 60.0, it == per_minute.end() ? 0 : std::round(it->second));
    }
    return s;
  };
  return {series("IP failures", ip), series("DNS failures", dns)};
}

std::string tables(const RunReport& r) {
  std::string out =
      "<table class=\"expectations\"><tr><th></th><th>expectation</th>"
      "<th>detail</th></tr>\n";
  for (const auto& e : r.expectations) {
    out += fmt::format("<tr><td class=\"{}\">{}</td><td>{}</td><td>{}</td></tr>\n",
                       e.passed ? "pass" : "fail", e.passed ? "pass" : "FAIL", html_escape(e.name),
                       html_escape(e.detail));
  }
  out +=
      "</table>\n<table class=\"causes\"><tr><th>failures</th><th>pods</th><th>kind</th>"
      "<th>reason</th><th>cause</th><th>fix</th></tr>\n";
  for (const auto& c : r.top_causes) {
    out +=
        fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    c.failures, c.pods, html_escape(c.kind), html_escape(c.reason),
                    html_escape(c.cause), html_escape(c.fix));
  }
  return out + "</table>\n";
}

std::string run_section(const RunReport& r) {
  std::string out = fmt::format(
      "<h2>{}</h2>\n<p>seed {}, {} simulated, digest {}</p>\n", html_escape(r.scenario), r.seed,
      sim::format_duration(sim::Duration::from_seconds(r.virtual_seconds)), r.digest);
  out += tables(r) + "<div class=\"charts\">\n";
  const double end = r.virtual_seconds;
  out += figure("free addresses per subnet", step_chart_svg("subnet-free", subnet_free(r), end));
  out += figure("pods Pending and Running", step_chart_svg("pods", pod_phases(r), end));
  out += figure("addresses assigned and warm per node group",
                step_chart_svg("addresses", group_addresses(r), end));
  out += figure("IP and DNS failures per minute",
                step_chart_svg("failures", failures_per_minute(r), end));
  std::vector<std::pair<std::string, double>> ec2;
  for (const auto& a : r.ec2_api) {
    ec2.emplace_back(a.action + " calls", static_cast<double>(a.calls));
    ec2.emplace_back(a.action + " throttled", static_cast<double>(a.throttled));
  }
  out += figure("EC2 API calls and throttles", bar_chart_svg("ec2", ec2));
  return out + "</div>\n";
}

}  // namespace

std::string format_html(const std::vector<RunReport>& reports) {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ekssim: {}</title>"
      "<style>{}</style></head><body>\n",
      reports.size() == 1 ? html_escape(reports.front().scenario) : "runs", kStyle);
  for (const auto& r : reports)
    out += run_section(r);
  return out + "</body></html>\n";
}

}  // namespace ekssim::cli
