#pragma once
// `ekssim run --stats`, per model: which models' events a run spends its time in, so that the
// next bottleneck shows without perf (issue 18, item 5). Each event is attributed to the model
// whose code scheduled it: the callback's type is a lambda, whose name names the function that
// wrote it (ekssim::cni::Ipamd::… is ipamd's). "kernel" is the time between events: taking
// the next event, and the driver's stops for probes and the progress line. A trace subscriber
// (the report builder) runs inside the event that emitted, so its time is that model's.
//
// Printed on stderr after the run's stats line, never in a report: wall times differ between
// runs, reports must not. Timing costs two steady_clock reads per event while on; off (no
// profiler given to the kernel), nothing but a null test per event.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "sim/event_profiler.h"

namespace ekssim::cli {

// The model a demangled callback type belongs to, e.g. "ekssim::cni::Ipamd::reconcile()::
// {lambda()#1}" → "ipamd"; an unknown namespace gives its own name, no namespace "other".
std::string model_of_type_name(std::string_view demangled);

class ModelStats final : public sim::EventProfiler {
 public:
  using Clock = std::chrono::steady_clock;

  void event_started(const sim::Callback& event) override;
  void event_finished() override;

  struct Row {
    std::string model;
    uint64_t events = 0;
    double seconds = 0;  // wall time inside the model's events (the kernel's: between events)
  };
  // One row per model, the most time first, then the kernel's row (every event passes through
  // it: its events are the total).
  std::vector<Row> rows() const;
  uint64_t events() const { return events_; }

 private:
  struct Origin {
    uint64_t events = 0;
    Clock::duration spent{};
  };
  // Keyed by address for lookups only: rows() orders by model name and time, never by address.
  std::map<const std::type_info*, Origin> by_type_;
  const std::type_info* last_type_ = nullptr;
  Origin* last_origin_ = nullptr;
  Origin* running_ = nullptr;
  Clock::time_point started_;
  Clock::time_point finished_;
  Clock::duration between_{};
  uint64_t events_ = 0;
};

// The table printed after "stats FILE: …": a header and one line per row, with each row's share
// of the events and of the time and its events per wall second of its own time.
std::string format_model_stats(const std::string& file, const std::vector<ModelStats::Row>& rows);

}  // namespace ekssim::cli
