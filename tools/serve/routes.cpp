#include "tools/serve/routes.h"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "tools/serve/assets.h"

namespace ekssim::serve {

namespace {

HttpResponse error(unsigned status, std::string message) {
  return {status, "application/json", nlohmann::json({{"error", std::move(message)}}).dump()};
}

bool safe_path(std::string_view path) {
  if (path.find("..") != std::string_view::npos) return false;
  for (const char c : path) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '/' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::optional<double> number(const std::optional<std::string>& text) {
  if (!text || text->empty() || text->size() > 32) return std::nullopt;
  double value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] != '%') {
      out += text[i];
    } else {
      if (i + 2 >= text.size()) return std::nullopt;
      int value = 0;
      const auto [end, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
      if (ec != std::errc() || end != text.data() + i + 3) return std::nullopt;
      out += static_cast<char>(value);
      i += 2;
    }
  }
  return out;
}

std::optional<std::string> query_value(std::string_view query, std::string_view key) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const size_t eq = pair.find('=');
    if (pair.substr(0, eq) == key) {
      return eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

Routes::Routes(std::vector<const Recording*> runs, ExplainFn explain)
    : runs_(std::move(runs)), explain_(std::move(explain)) {}

bool Routes::is_slow(std::string_view target) {
  return target.rfind("/api/explain", 0) == 0;
}

HttpResponse Routes::operator()(std::string_view method, std::string_view target) const {
  if (method != "GET") return error(405, "only GET is served");
  const size_t mark = target.find('?');
  const std::string_view path = target.substr(0, mark);
  const std::string query(mark == std::string_view::npos ? "" : target.substr(mark + 1));
  if (!safe_path(path)) return error(400, "bad path");
  if (path == "/" || path == "/index.html")
    return {200, "text/html; charset=utf-8", std::string(asset("index.html"))};
  if (path == "/app.js")
    return {200, "text/javascript; charset=utf-8", std::string(asset("app.js"))};
  if (path == "/style.css")
    return {200, "text/css; charset=utf-8", std::string(asset("style.css"))};
  if (path.rfind("/api/", 0) == 0) return api(path.substr(4), query);
  return error(404, "no such page");
}

HttpResponse Routes::api(std::string_view path, const std::string& query) const {
  if (path == "/scenarios") {
    nlohmann::json list = nlohmann::json::array();
    for (size_t i = 0; i < runs_.size(); ++i) {
      const auto timeline = nlohmann::json::parse(runs_[i]->timeline_json());
      list.push_back({{"index", i}, {"scenario", timeline["scenario"]}});
    }
    return {200, "application/json", list.dump()};
  }
  size_t index = 0;
  if (const auto s = query_value(query, "s")) {
    const auto n = number(s);
    if (!n || *n < 0 || *n >= static_cast<double>(runs_.size()) || *n != std::floor(*n)) {
      return error(400, "s: expected the index of a scenario served");
    }
    index = static_cast<size_t>(*n);
  }
  const Recording& run = *runs_[index];
  const auto t = query_value(query, "t");
  const std::optional<double> seconds = t ? number(t) : std::optional<double>(run.duration());
  if (!seconds) return error(400, "t: expected seconds of virtual time");
  if (path == "/timeline") return {200, "application/json", run.timeline_json()};
  if (path == "/state") return {200, "application/json", run.state_json(*seconds)};
  if (path.rfind("/pod/", 0) == 0) {
    const std::string_view rest = path.substr(5);
    const size_t slash = rest.find('/');
    if (slash == std::string_view::npos || rest.find('/', slash + 1) != std::string_view::npos) {
      return error(400, "expected /api/pod/NAMESPACE/NAME");
    }
    const auto story = run.pod_json(rest.substr(0, slash), rest.substr(slash + 1));
    if (!story) return error(404, "no such pod in this run");
    return {200, "application/json", *story};
  }
  if (path.rfind("/node/", 0) == 0) {
    const auto node = run.node_json(path.substr(6), *seconds);
    if (!node) return error(404, "no such node in this run");
    return {200, "application/json", *node};
  }
  if (path == "/explain") {
    ExplainQuery q;
    q.scenario = index;
    const auto from = query_value(query, "from");
    const auto to = query_value(query, "to");
    if (!from || !to || from->empty() || to->empty() || from->size() > 256 || to->size() > 256) {
      return error(400, "expected from= and to= as `ekssim explain` takes them");
    }
    q.from = *from;
    q.to = *to;
    q.protocol = query_value(query, "protocol").value_or("tcp");
    q.at = query_value(query, "at").value_or("");
    return explain_(q);
  }
  return error(404, "no such API");
}

}  // namespace ekssim::serve
