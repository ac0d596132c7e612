#pragma once
// A broken internal invariant is a bug, not a modelled failure: it stops the run with the virtual
// time, the event number and the component that noticed it (OMNeT++'s cRuntimeError carries the
// same context). The command maps it to exit code 70.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

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

// A component's broken contract, thrown where no kernel is at hand (a data structure such as a
// route table or an address index). It derives from std::invalid_argument so that callers and
// tests may treat it as the contract violation it is; the kernel turns one that escapes an event
// into an InvariantViolation carrying the virtual time and event number (Kernel::step), and
// report::simulate does the same, at time 0, for one thrown while the world is built.
class ComponentFailure : public std::invalid_argument {
 public:
  ComponentFailure(std::string component, const std::string& what)
      : std::invalid_argument(what), component_(std::move(component)) {}

  const std::string& component() const { return component_; }

 private:
  std::string component_;
};

}  // namespace ekssim::sim
