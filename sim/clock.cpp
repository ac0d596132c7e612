#include "sim/clock.h"

#include "sim/invariant.h"

namespace ekssim::sim {

void fail_time_went_backwards(Time now, Time to, uint64_t event_number) {
  throw InvariantViolation(now, event_number, "kernel",
                           "time went backwards: the next event is due at t=" + format_time(to));
}

}  // namespace ekssim::sim
