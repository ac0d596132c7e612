#pragma once
// The rule every move of the virtual clock keeps: time never goes backwards.
//
// The event queue's (time, sequence) order already makes a backwards step impossible, and
// schedule_at refuses the past; this check is the run-time proof of both, always on (one
// comparison per event), so that a broken queue or a corrupted key stops the run with an
// InvariantViolation (exit 70) instead of quietly running an effect before its cause.

#include <cstdint>

#include "sim/time.h"

namespace ekssim::sim {

// Throws InvariantViolation at `now`, event #`event_number`, component "kernel".
[[noreturn]] void fail_time_went_backwards(Time now, Time to, uint64_t event_number);

// Moves `now` to `to`, which must not be before it. `event_number` names the event that moves it.
inline void advance_clock(Time& now, Time to, uint64_t event_number) {
  if (to < now) [[unlikely]] {
    fail_time_went_backwards(now, to, event_number);
  }
  now = to;
}

}  // namespace ekssim::sim
