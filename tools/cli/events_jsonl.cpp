#include "tools/cli/events_jsonl.h"

#include <fmt/format.h>

#include <algorithm>

#include "tools/cli/utf8.h"

namespace ekssim::cli {

void append_json_string(std::string& out, std::string_view raw) {
  // JSON is UTF-8: a name read from a Latin-1 file is repaired, not written as it is.
  std::string repaired;
  const bool ascii = std::all_of(raw.begin(), raw.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii) repaired = valid_utf8(raw);
  const std::string_view text = ascii ? raw : std::string_view(repaired);
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<int>(c));
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

namespace {

class LineWriter final : public sim::FieldWriter {
 public:
  explicit LineWriter(std::string& line) : line_(line) {}
  void integer(std::string_view name, int64_t value) override {
    key(name);
    line_ += std::to_string(value);
  }
  void number(std::string_view name, double value) override {
    key(name);
    line_ += fmt::format("{}", value);
  }
  void text(std::string_view name, std::string_view value) override {
    key(name);
    append_json_string(line_, value);
  }
  void flag(std::string_view name, bool value) override {
    key(name);
    line_ += value ? "true" : "false";
  }
  void duration(std::string_view name, sim::Duration value) override {
    key(name);
    line_ += fmt::format("{}", value.seconds_double());
  }

 private:
  void key(std::string_view name) {
    line_ += ',';
    append_json_string(line_, name);
    line_ += ':';
  }
  std::string& line_;
};

}  // namespace

EventsJsonl::EventsJsonl(const std::string& path, std::string scenario)
    : file_(path), scenario_(std::move(scenario)) {}

void EventsJsonl::record(sim::Time time, const sim::EventView& event) {
  if (!file_.ok()) return;
  // Seconds for programs, and the report's own form ("5m4.768s") for people reading along.
  line_ = fmt::format("{{\"t\":{},\"at\":\"{}\"", time.seconds_double(),
                      sim::format_duration_ms(time.since_start()));
  if (!scenario_.empty()) {
    line_ += ",\"scenario\":";
    append_json_string(line_, scenario_);
  }
  line_ += ",\"kind\":";
  append_json_string(line_, event.kind());
  LineWriter writer(line_);
  event.write(writer);
  line_ += "}\n";
  std::fwrite(line_.data(), 1, line_.size(), file_.stream());
}

bool EventsJsonl::commit() { return file_.commit(); }

}  // namespace ekssim::cli
