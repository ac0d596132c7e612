#include "tools/cli/sweep_html.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace ekssim::cli {
namespace {

constexpr int kLabelWidth = 220;
constexpr int kBarWidth = 240;
constexpr int kRowHeight = 18;

constexpr const char* kStyle = R"(body{font-family:sans-serif;margin:24px;color:#222}
table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #ccc;padding:3px 6px}
td.num{text-align:right}td.best{font-weight:bold;background:#e3f4e3}
.delta{color:#777;font-size:11px}.charts{display:flex;flex-wrap:wrap;gap:16px;margin-top:16px}
figure{margin:0}figcaption{font-size:13px;font-weight:bold;margin-bottom:4px}
svg text{font-size:11px;fill:#222}rect.bar{fill:#4a78c2}rect.bar.best{fill:#2e9e4f}
rect.bar.baseline{stroke:#222;stroke-width:1})";

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

bool contains(const std::vector<size_t>& v, size_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::string table_html(const SweepTable& t, const std::vector<std::vector<size_t>>& best) {
  std::string out = "<table class=\"sweep\"><tr><th>variant</th>";
  for (const auto& col : kMetricColumns)
    out += "<th>" + std::string(col.header) + "</th>";
  out += "<th>top reason</th></tr>\n";
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const auto& m = t.rows[r].metrics.median;
    out += "<tr><td>" + escape(t.rows[r].name) + "</td>";
    for (size_t c = 0; c < kMetricCount; ++c) {
      const double delta = m.values[c] - t.rows.front().metrics.median.values[c];
      out += fmt::format("<td class=\"num{}\">{}", contains(best[c], r) ? " best" : "",
                         format_metric(m.values[c], kMetricColumns[c].unit));
      if (kMetricColumns[c].name == "expectationsMet") out += fmt::format("/{}", m.expectations);
      if (r > 0 && delta != 0) {
        out += fmt::format(" <span class=\"delta\">{}{}</span>", delta > 0 ? "+" : "-",
                           format_metric(std::fabs(delta), kMetricColumns[c].unit));
      }
      out += "</td>";
    }
    out += "<td>" + escape(m.top_reason.empty() ? "-" : m.top_reason) + "</td></tr>\n";
  }
  return out + "</table>\n";
}

std::string chart_svg(const SweepTable& t, size_t c, const std::vector<size_t>& best) {
  double top = 0;
  for (const auto& row : t.rows)
    top = std::max(top, row.metrics.median.values[c]);
  const int height = kRowHeight * static_cast<int>(t.rows.size()) + 4;
  std::string out = fmt::format(
      "<figure data-metric=\"{}\"><figcaption>{}</figcaption><svg xmlns=\"http://www.w3.org/2000/"
      "svg\" width=\"{}\" height=\"{}\">",
      kMetricColumns[c].name, kMetricColumns[c].header, kLabelWidth + kBarWidth + 70, height);
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const double v = t.rows[r].metrics.median.values[c];
    const double length = top > 0 ? kBarWidth * v / top : 0;
    const int y = kRowHeight * static_cast<int>(r) + 2;
    out += fmt::format("<text x=\"0\" y=\"{}\">{}</text>", y + 12, escape(t.rows[r].name));
    out += fmt::format("<rect class=\"bar{}{}\" x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\"/>",
                       contains(best, r) ? " best" : "", r == 0 ? " baseline" : "", kLabelWidth, y,
                       std::max(length, 1.0), kRowHeight - 4);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{}\">{}</text>", kLabelWidth + length + 4, y + 12,
                       format_metric(v, kMetricColumns[c].unit));
  }
  return out + "</svg></figure>\n";
}

}  // namespace

std::string sweep_html_section(const SweepTable& t) {
  const auto best = best_rows(t);
  std::string out = table_html(t, best) + "<div class=\"charts\">\n";
  for (size_t c = 0; c < kMetricCount; ++c)
    out += chart_svg(t, c, best[c]);
  return out + "</div>\n";
}

std::string html_page(const std::string& title, const std::string& intro, const std::string& body) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>"
      "<style>{}</style></head><body>\n<h1>{}</h1>\n<p>{}</p>\n{}</body></html>\n",
      escape(title), kStyle, escape(title), escape(intro), body);
}

std::string format_sweep_html(const SweepTable& t) {
  return html_page("sweep of " + t.scenario,
                   fmt::format("{} ({} variants × {} seed{}); the first row is the baseline, grey "
                               "figures are changes from it, green cells and bars the best of "
                               "their column.",
                               t.file, t.variant_count, t.seeds, t.seeds == 1 ? "" : "s"),
                   sweep_html_section(t));
}

}  // namespace ekssim::cli
