#include "tools/cli/svg_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace ekssim::cli {
namespace {

constexpr int kWidth = 560, kHeight = 220, kLeft = 56, kRight = 16, kTop = 12, kBottom = 48;
constexpr std::array<const char*, 8> kPalette{"#4a78c2", "#d9822b", "#2e9e4f", "#c23b3b",
                                              "#8a5cc2", "#3bb3c2", "#b5a22a", "#666666"};

std::string number(double v) {
  if (v == std::floor(v)) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{:.2f}", v);
}

std::string minutes(double seconds) {
  return fmt::format("{}m", std::llround(seconds / 60));
}

}  // namespace

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '"')
      out += "&quot;";
    else
      out += c;
  }
  return out;
}

std::string step_chart_svg(const std::string& id, const std::vector<ChartSeries>& series,
                           double end) {
  double top = 1;
  for (const auto& s : series) {
    for (const auto& [t, v] : s.points)
      top = std::max(top, v);
  }
  end = std::max(end, 1.0);
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  auto x = [&](double t) { return kLeft + plot_w * std::clamp(t / end, 0.0, 1.0); };
  auto y = [&](double v) { return kTop + plot_h * (1 - v / top); };
  std::string out = fmt::format(
      "<svg class=\"chart\" data-chart=\"{}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" "
      "height=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" "
      "stroke=\"#ccc\"/>",
      id, kWidth, kHeight, kLeft, kTop, plot_w, plot_h);
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", kLeft - 4, kTop + 10,
                     number(top));
  out += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">0</text>", kLeft - 4,
                     kTop + plot_h);
  for (int i = 0; i <= 4; ++i) {
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>",
                       x(end * i / 4), kTop + plot_h + 14, minutes(end * i / 4));
  }
  for (size_t i = 0; i < series.size(); ++i) {
    const auto& s = series[i];
    const char* colour = kPalette[i % kPalette.size()];
    std::string points;
    double last = s.points.empty() ? 0 : s.points.front().second;
    for (const auto& [t, v] : s.points) {
      points += fmt::format("{:.1f},{:.1f} {:.1f},{:.1f} ", x(t), y(last), x(t), y(v));
      last = v;
    }
    points += fmt::format("{:.1f},{:.1f}", x(end), y(last));
    out += fmt::format(
        "<polyline class=\"series\" data-label=\"{}\" fill=\"none\" stroke=\"{}\" "
        "stroke-width=\"1.5\" points=\"{}\"/>",
        html_escape(s.label), colour, points);
    out += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"{}\">{}</text>",
                       kLeft + static_cast<int>(i % 3) * 170, kHeight - 16 + 12 * (i / 3 % 2),
                       colour, html_escape(s.label));
  }
  return out + "</svg>";
}

std::string bar_chart_svg(const std::string& id,
                          const std::vector<std::pair<std::string, double>>& bars) {
  constexpr int kLabel = 250, kBar = 280, kRow = 18;
  double top = 1;
  for (const auto& [label, v] : bars)
    top = std::max(top, v);
  std::string out = fmt::format(
      "<svg class=\"chart\" data-chart=\"{}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" "
      "height=\"{}\">",
      id, kLabel + kBar + 70, kRow * static_cast<int>(bars.size()) + 4);
  for (size_t i = 0; i < bars.size(); ++i) {
    const auto& [label, v] = bars[i];
    const int y = kRow * static_cast<int>(i) + 2;
    const double length = std::max(1.0, kBar * v / top);
    out += fmt::format("<text x=\"0\" y=\"{}\">{}</text>", y + 12, html_escape(label));
    out += fmt::format(
        "<rect class=\"bar\" data-label=\"{}\" x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" "
        "fill=\"{}\"/>",
        html_escape(label), kLabel, y, length, kRow - 4, kPalette[0]);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{}\">{}</text>", kLabel + length + 4, y + 12,
                       number(v));
  }
  return out + "</svg>";
}

}  // namespace ekssim::cli
