// The sweep's table as JSON, and back (sweep_table.h). Numbers round-trip exactly (nlohmann's
// shortest representation), so `ekssim merge` rebuilds the very table the whole sweep writes.

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "tools/cli/sweep_table.h"

namespace ekssim::cli {
namespace {

using Json = nlohmann::ordered_json;

Json number(double v, Unit unit) {
  if (unit == Unit::kCount) return std::llround(v);
  return v;
}

Json row_to_json(const SweepTable& t, size_t r, const std::vector<std::vector<size_t>>& best) {
  const SweepRow& row = t.rows[r];
  const SeedSpread& m = row.metrics;
  Json j;
  j["index"] = row.index;
  j["name"] = row.name;
  j["settings"] = Json::object();
  for (const auto& s : row.settings)
    j["settings"][s.path] = s.value;
  j["seeds"] = row.seeds;
  for (size_t c = 0; c < kMetricCount; ++c) {
    const auto& col = kMetricColumns[c];
    j[std::string(col.name)] = number(m.median.values[c], col.unit);
    if (col.name == "podsNeverRunning") j["topReason"] = m.median.top_reason;
    if (col.name == "subnetMinFree") j["tightestSubnet"] = m.median.tightest_subnet;
    if (col.name == "expectationsMet") j["expectationsTotal"] = m.median.expectations;
  }
  if (t.seeds > 1) {
    Json& spread = j["spread"];
    for (size_t c = 0; c < kMetricCount; ++c) {
      const Unit unit = kMetricColumns[c].unit;
      spread[std::string(kMetricColumns[c].name)] =
          Json::array({number(m.low.values[c], unit), number(m.high.values[c], unit)});
    }
  }
  if (!t.shard.empty()) return j;  // change and best need every row: merge adds them
  if (r > 0) {
    Json& change = j["change"];
    change = Json::object();
    for (size_t c = 0; c < kMetricCount; ++c) {
      const double delta = m.median.values[c] - t.rows.front().metrics.median.values[c];
      if (delta != 0)
        change[std::string(kMetricColumns[c].name)] = number(delta, kMetricColumns[c].unit);
    }
  }
  j["best"] = Json::array();
  for (size_t c = 0; c < kMetricCount; ++c) {
    for (size_t b : best[c]) {
      if (b == r) j["best"].push_back(kMetricColumns[c].name);
    }
  }
  return j;
}

void metrics_from_json(const Json& j, SeedSpread& m) {
  for (size_t c = 0; c < kMetricCount; ++c) {
    const std::string name(kMetricColumns[c].name);
    m.median.values[c] = j.at(name).get<double>();
    if (j.contains("spread")) {
      m.low.values[c] = j.at("spread").at(name).at(0).get<double>();
      m.high.values[c] = j.at("spread").at(name).at(1).get<double>();
    } else {
      m.low.values[c] = m.high.values[c] = m.median.values[c];
    }
  }
  m.median.top_reason = j.at("topReason").get<std::string>();
  m.median.tightest_subnet = j.at("tightestSubnet").get<std::string>();
  m.median.expectations = j.at("expectationsTotal").get<int64_t>();
}

}  // namespace

std::string format_sweep_json(const SweepTable& t) {
  Json doc;
  doc["scenario"] = t.scenario;
  doc["file"] = t.file;
  doc["seeds"] = t.seeds;
  doc["variantCount"] = t.variant_count;
  doc["plan"] = t.plan;
  if (!t.shard.empty()) doc["shard"] = t.shard;
  doc["variants"] = sweep_rows_json(t);
  return doc.dump(2) + "\n";
}

nlohmann::ordered_json sweep_rows_json(const SweepTable& t) {
  const auto best = best_rows(t);
  Json rows = Json::array();
  for (size_t r = 0; r < t.rows.size(); ++r)
    rows.push_back(row_to_json(t, r, best));
  return rows;
}

std::optional<std::string> parse_sweep_json(std::string_view text, SweepTable& t) {
  try {
    const Json doc = Json::parse(text);
    t.scenario = doc.at("scenario").get<std::string>();
    t.file = doc.at("file").get<std::string>();
    t.seeds = doc.at("seeds").get<size_t>();
    t.variant_count = doc.at("variantCount").get<size_t>();
    t.plan = doc.at("plan").get<std::string>();
    t.shard = doc.value("shard", "");
    t.rows.clear();
    for (const Json& j : doc.at("variants")) {
      SweepRow row;
      row.index = j.at("index").get<size_t>();
      row.name = j.at("name").get<std::string>();
      for (const auto& [path, value] : j.at("settings").items()) {
        row.settings.push_back({path, value.get<std::string>()});
      }
      row.seeds = j.at("seeds").get<std::vector<uint64_t>>();
      metrics_from_json(j, row.metrics);
      t.rows.push_back(std::move(row));
    }
  } catch (const nlohmann::json::exception& e) {
    return std::string("not a sweep's JSON: ") + e.what();
  }
  return std::nullopt;
}

}  // namespace ekssim::cli
