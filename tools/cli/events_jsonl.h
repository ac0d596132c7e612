#pragma once
// `--events FILE`: the trace as JSON Lines, one event per line, virtual time first:
//   {"t":12.5,"kind":"PodIpAssigned","pod":"default/web-0","ip":"10.0.3.7"}
// Written through OutputFile: "-" is standard output; a file is streamed to a temporary and
// renamed into place when the run completes, so a failed or interrupted run leaves no partial
// file.

#include <cstdio>
#include <string>

#include "sim/trace.h"
#include "tools/cli/output_file.h"

namespace ekssim::cli {

class EventsJsonl final : public sim::TraceSink {
 public:
  // `scenario` is written into every line when not empty (several scenarios, one file).
  EventsJsonl(const std::string& path, std::string scenario);
  EventsJsonl(const EventsJsonl&) = delete;
  EventsJsonl& operator=(const EventsJsonl&) = delete;

  bool ok() const { return file_.ok(); }
  const std::string& error() const { return file_.error(); }
  void record(sim::Time time, const sim::EventView& event) override;
  // Renames the file into place; returns false (and sets error()) on failure.
  bool commit();

 private:
  OutputFile file_;
  std::string scenario_;
  std::string line_;
};

// Appends `text` to `out` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);

}  // namespace ekssim::cli
