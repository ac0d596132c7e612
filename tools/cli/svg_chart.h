#pragma once
// Small hand-written SVG charts for the HTML reports: step lines over virtual time and labelled
// bars. Each chart is an <svg class="chart" data-chart="ID"> with one <polyline class="series"
// data-label="…"> per series or one <rect class="bar" data-label="…"> per bar, so tests and
// scripts can find them; colours come from a fixed palette in series order.

#include <string>
#include <utility>
#include <vector>

namespace ekssim::cli {

struct ChartSeries {
  std::string label;
  std::vector<std::pair<double, double>> points;  // (seconds, value); holds until the next
};

// A step chart from 0 to `end_seconds`; the y axis from 0 to the largest value.
std::string step_chart_svg(const std::string& id, const std::vector<ChartSeries>& series,
                           double end_seconds);

// Horizontal bars, one per (label, value).
std::string bar_chart_svg(const std::string& id,
                          const std::vector<std::pair<std::string, double>>& bars);

// HTML text with &, <, > and " escaped.
std::string html_escape(const std::string& text);

}  // namespace ekssim::cli
