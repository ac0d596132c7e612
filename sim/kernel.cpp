#include "sim/kernel.h"

#include <utility>

#include "sim/clock.h"
#include "sim/invariant.h"

namespace ekssim::sim {

void Kernel::run_until(Time end) {
  if (end < now_) fail("kernel", "run_until(" + format_time(end) + ") is before now");
  stop_requested_ = false;
  while (!stop_requested_ && !queue_.empty() && queue_.next_time() <= end) step();
  if (!stop_requested_) advance_clock(now_, end, events_processed_);
}

void Kernel::run() {
  stop_requested_ = false;
  while (!stop_requested_ && step()) {
  }
}

bool Kernel::step() {
  if (queue_.empty()) return false;
  const EventQueue::Ticket next = queue_.take_next();
  ++events_processed_;
  advance_clock(now_, next.time, events_processed_);
  // An exception escaping an event is a bug wherever it comes from: it leaves with the time and
  // event number (OMNeT++'s cRuntimeError does the same), and the component when it names one.
  try {
    if (profiler_ == nullptr) {
      queue_.run(next);
    } else {
      run_profiled(next);
    }
  } catch (const InvariantViolation&) {
    throw;
  } catch (const ComponentFailure& e) {
    fail(e.component(), e.what());
  } catch (const std::exception& e) {
    fail("an unnamed component", std::string("uncaught exception: ") + e.what());
  }
  return true;
}

void Kernel::run_profiled(EventQueue::Ticket ticket) {
  struct Finish {
    EventProfiler* profiler;
    ~Finish() { profiler->event_finished(); }
  } finish{profiler_};
  profiler_->event_started(queue_.callback_of(ticket));
  queue_.run(ticket);
}

void Kernel::fail_past(Time when) const {
  fail("kernel", "an event was scheduled at t=" + format_time(when) + ", in the past");
}

void Kernel::fail(std::string_view component, std::string_view what) const {
  throw InvariantViolation(now_, events_processed_, std::string(component), std::string(what));
}

}  // namespace ekssim::sim
