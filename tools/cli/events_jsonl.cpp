#include "tools/cli/events_jsonl.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

namespace ekssim::cli {

void append_json_string(std::string& out, std::string_view text) {
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

EventsJsonl::EventsJsonl(std::string path, std::string scenario)
    : path_(std::move(path)),
      temporary_(path_ + ".tmp." + std::to_string(::getpid())),
      scenario_(std::move(scenario)) {
  file_ = std::fopen(temporary_.c_str(), "wb");
  if (file_ == nullptr) error_ = "cannot write " + path_ + ": " + std::strerror(errno);
}

EventsJsonl::~EventsJsonl() {
  if (file_ != nullptr) {
    std::fclose(file_);
    std::remove(temporary_.c_str());
  }
}

void EventsJsonl::record(sim::Time time, const sim::EventView& event) {
  if (file_ == nullptr) return;
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
  std::fwrite(line_.data(), 1, line_.size(), file_);
}

bool EventsJsonl::commit() {
  if (file_ == nullptr) return false;
  const bool ok = std::fflush(file_) == 0 && std::ferror(file_) == 0;
  std::fclose(file_);
  file_ = nullptr;
  std::error_code rename_error;
  if (ok) std::filesystem::rename(temporary_, path_, rename_error);
  if (!ok || rename_error) {
    error_ = "cannot write " + path_ + ": " +
             (ok ? rename_error.message() : std::string(std::strerror(errno)));
    std::remove(temporary_.c_str());
    return false;
  }
  return true;
}

}  // namespace ekssim::cli
