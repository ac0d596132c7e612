#include "sim/invariant.h"

namespace ekssim::sim {

InvariantViolation::InvariantViolation(Time time, uint64_t event_number, std::string component,
                                       std::string what)
    : std::runtime_error("internal invariant broken at t=" + format_time(time) + ", event #" +
                         std::to_string(event_number) + ", in " + component + ": " + what),
      time_(time),
      event_number_(event_number),
      component_(std::move(component)),
      detail_(std::move(what)) {}

}  // namespace ekssim::sim
