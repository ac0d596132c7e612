#pragma once
// `--events FILE`: the trace as JSON Lines, one event per line, virtual time first:
//   {"t":12.5,"kind":"PodIpAssigned","pod":"default/web-0","ip":"10.0.3.7"}
// Streamed to a temporary file and renamed into place when the run completes, so a failed run
// leaves no partial file.

#include <cstdio>
#include <string>

#include "sim/trace.h"

namespace ekssim::cli {

class EventsJsonl final : public sim::TraceSink {
 public:
  // `scenario` is written into every line when not empty (several scenarios, one file).
  EventsJsonl(std::string path, std::string scenario);
  ~EventsJsonl() override;
  EventsJsonl(const EventsJsonl&) = delete;
  EventsJsonl& operator=(const EventsJsonl&) = delete;

  bool ok() const { return file_ != nullptr; }
  const std::string& error() const { return error_; }
  void record(sim::Time time, const sim::EventView& event) override;
  // Renames the file into place; returns false (and sets error()) on failure.
  bool commit();

 private:
  std::string path_;
  std::string temporary_;
  std::string scenario_;
  std::string line_;
  std::FILE* file_ = nullptr;
  std::string error_;
};

// Appends `text` to `out` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);

}  // namespace ekssim::cli
