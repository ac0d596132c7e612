#pragma once
// Every trace event of one run, kept with its virtual time and fields, for `ekssim serve`: a
// generic sink (sim/trace.h) that copies what the emit() shows, since events hold string_views
// that die with the call. The page's timeline, pod stories and node histories are read from here.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/trace.h"

namespace ekssim::serve {

struct RecordedEvent {
  double t = 0;  // seconds of virtual time
  std::string kind;
  nlohmann::json fields;  // an object: the event's fields by their trace names
};

class EventLog final : public sim::TraceSink {
 public:
  void record(sim::Time time, const sim::EventView& event) override;
  const std::vector<RecordedEvent>& events() const { return events_; }

 private:
  std::vector<RecordedEvent> events_;
};

// A field of an event as text; empty when it has none.
std::string field_text(const RecordedEvent& event, const char* name);

}  // namespace ekssim::serve
