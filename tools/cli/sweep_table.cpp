// The sweep's table as text and CSV (sweep_table.h).

#include "tools/cli/sweep_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace ekssim::cli {
namespace {

std::string signed_metric(double delta, Unit unit) {
  return (delta > 0 ? "+" : "-") + format_metric(std::fabs(delta), unit);
}

bool is_best(const std::vector<size_t>& best, size_t row) {
  return std::find(best.begin(), best.end(), row) != best.end();
}

std::string cell(const SweepTable& t, size_t row, size_t c, const std::vector<size_t>& best) {
  const MetricColumn& col = kMetricColumns[c];
  const SeedSpread& m = t.rows[row].metrics;
  const double v = m.median.values[c];
  std::string out = format_metric(v, col.unit);
  if (col.name == "expectationsMet") out += "/" + std::to_string(m.median.expectations);
  if (t.seeds > 1 && m.low.values[c] != m.high.values[c]) {
    out += fmt::format(" [{}–{}]", format_metric(m.low.values[c], col.unit),
                       format_metric(m.high.values[c], col.unit));
  }
  const double delta = v - t.rows.front().metrics.median.values[c];
  if (row > 0 && delta != 0) out += " (" + signed_metric(delta, col.unit) + ")";
  if (is_best(best, row)) out += " *";
  return out;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n;") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string settings_text(const SweepRow& row) {
  std::string out;
  for (const auto& s : row.settings)
    out += (out.empty() ? "" : "; ") + s.path + "=" + s.value;
  return out;
}

std::string csv_number(double v, Unit unit) {
  return unit == Unit::kSeconds ? fmt::format("{}", v) : fmt::format("{}", std::llround(v));
}

// Display width: code points, not bytes (the spread's dash and × are several bytes).
size_t code_points(const std::string& s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char ch) { return (ch & 0xC0) != 0x80; }));
}

// The header and one line per row, cell by cell.
std::vector<std::vector<std::string>> text_lines(const SweepTable& t) {
  const auto best = best_rows(t);
  std::vector<std::string> header{"variant"};
  for (const auto& col : kMetricColumns) {
    header.emplace_back(col.header);
    if (col.name == "podsNeverRunning") header.emplace_back("top reason");
    if (col.name == "subnetMinFree") header.emplace_back("subnet");
  }
  std::vector<std::vector<std::string>> lines{header};
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const VariantMetrics& m = t.rows[r].metrics.median;
    std::vector<std::string> line{t.rows[r].name};
    for (size_t c = 0; c < kMetricCount; ++c) {
      line.push_back(cell(t, r, c, best[c]));
      const auto name = kMetricColumns[c].name;
      if (name == "podsNeverRunning") line.push_back(m.top_reason.empty() ? "-" : m.top_reason);
      if (name == "subnetMinFree") line.push_back(m.tightest_subnet);
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace

std::string format_metric(double value, Unit unit) {
  if (unit == Unit::kCount) return fmt::format("{}", std::llround(value));
  if (value < 10) return fmt::format("{:.2f}s", value);
  if (value < 60) return fmt::format("{:.1f}s", value);
  const auto whole = std::llround(value);
  return fmt::format("{}m{:02}s", whole / 60, whole % 60);
}

std::vector<std::vector<size_t>> best_rows(const SweepTable& t) {
  std::vector<std::vector<size_t>> best(kMetricCount);
  for (size_t c = 0; c < kMetricCount; ++c) {
    const Better better = kMetricColumns[c].better;
    if (better == Better::kNeither || t.rows.empty()) continue;
    double target = t.rows.front().metrics.median.values[c];
    bool differ = false;
    for (const auto& row : t.rows) {
      const double v = row.metrics.median.values[c];
      differ = differ || v != target;
      target = better == Better::kLower ? std::min(target, v) : std::max(target, v);
    }
    if (!differ) continue;
    for (size_t r = 0; r < t.rows.size(); ++r) {
      if (t.rows[r].metrics.median.values[c] == target) best[c].push_back(r);
    }
  }
  return best;
}

std::string format_sweep_text(const SweepTable& t) {
  const auto lines = text_lines(t);
  std::vector<size_t> width(lines.front().size(), 0);
  for (const auto& line : lines) {
    for (size_t i = 0; i < line.size(); ++i)
      width[i] = std::max(width[i], code_points(line[i]));
  }
  std::string out = !t.heading.empty()
                        ? t.heading + "\n\n"
                        : fmt::format(
                              "sweep of {} ({}): {} variants × {} seed{}; (±n) change from the "
                              "baseline, * best in its column{}\n\n",
                              t.scenario, t.file, t.variant_count, t.seeds, t.seeds == 1 ? "" : "s",
                              t.seeds > 1 ? ", [low–high] over the seeds, the median shown" : "");
  const auto& header = lines.front();
  for (const auto& line : lines) {
    std::string text;
    for (size_t i = 0; i < line.size(); ++i) {
      const std::string pad(width[i] - code_points(line[i]), ' ');
      const bool left = i == 0 || header[i] == "top reason" || header[i] == "subnet";
      text += (i == 0 ? "" : "  ") + (left ? line[i] + pad : pad + line[i]);
    }
    while (!text.empty() && text.back() == ' ')
      text.pop_back();
    out += text + "\n";
  }
  out += "\nvariants:\n";
  for (const auto& row : t.rows) {
    out += fmt::format("  {:<{}}  {}\n", row.name, width[0],
                       row.settings.empty() ? "the scenario as written" : settings_text(row));
  }
  return out;
}

std::string format_sweep_csv(const SweepTable& t) {
  std::string out = "variant,settings";
  for (const auto& col : kMetricColumns) {
    out += fmt::format(",{}", col.name);
    if (col.name == "podsNeverRunning") out += ",topReason";
    if (col.name == "subnetMinFree") out += ",tightestSubnet";
    if (col.name == "expectationsMet") out += ",expectationsTotal";
  }
  if (t.seeds > 1) {
    for (const auto& col : kMetricColumns)
      out += fmt::format(",{}Min,{}Max", col.name, col.name);
  }
  out += "\n";
  for (const auto& row : t.rows) {
    const auto& m = row.metrics;
    out += csv_field(row.name) + "," + csv_field(settings_text(row));
    for (size_t c = 0; c < kMetricCount; ++c) {
      const auto& col = kMetricColumns[c];
      out += "," + csv_number(m.median.values[c], col.unit);
      if (col.name == "podsNeverRunning") out += "," + csv_field(m.median.top_reason);
      if (col.name == "subnetMinFree") out += "," + csv_field(m.median.tightest_subnet);
      if (col.name == "expectationsMet") out += "," + std::to_string(m.median.expectations);
    }
    if (t.seeds > 1) {
      for (size_t c = 0; c < kMetricCount; ++c) {
        const Unit unit = kMetricColumns[c].unit;
        out += "," + csv_number(m.low.values[c], unit) + "," + csv_number(m.high.values[c], unit);
      }
    }
    out += "\n";
  }
  return out;
}

}  // namespace ekssim::cli
