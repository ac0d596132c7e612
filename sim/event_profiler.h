#pragma once
// EventProfiler: told by Kernel::step when each event starts and finishes, so that a tool can
// count events and time them per origin (`ekssim run --stats`). The kernel has no clock: timing
// is the profiler's business, outside sim/. Events run the same with or without one; without one
// the cost is a single test of a null pointer per event.

#include "sim/callback.h"

namespace ekssim::sim {

class EventProfiler {
 public:
  virtual ~EventProfiler() = default;
  // `event` is about to run; its target_type() names the code that scheduled it.
  virtual void event_started(const Callback& event) = 0;
  // The event started last has returned (or thrown).
  virtual void event_finished() = 0;
};

}  // namespace ekssim::sim
