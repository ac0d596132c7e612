#pragma once
// A broken internal invariant is a bug, not a modelled failure: it stops the run with the virtual
// time, the event number and the component that noticed it (OMNeT++'s cRuntimeError carries the
// same context). The command maps it to exit code 70.

#include <cstdint>
#include <stdexcept>
#include <string>

#include "sim/time.h"

namespace ekssim::sim {

class InvariantViolation : public std::runtime_error {
 public:
  InvariantViolation(Time time, uint64_t event_number, std::string component, std::string what);

  Time time() const { return time_; }
  uint64_t event_number() const { return event_number_; }
  const std::string& component() const { return component_; }
  const std::string& detail() const { return detail_; }

 private:
  Time time_;
  uint64_t event_number_;
  std::string component_;
  std::string detail_;
};

}  // namespace ekssim::sim
