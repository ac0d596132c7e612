#include "sim/kernel.h"

#include <utility>

#include "sim/clock.h"
#include "sim/invariant.h"

namespace ekssim::sim {

// Runs the next event while `more()` holds. An exception escaping an event is a bug wherever it
// comes from: it leaves with the time and event number (OMNeT++'s cRuntimeError does the same),
// and the component when it names one. The guard sits around the loop, not around each event:
// entering a try block costs nothing, but the call to a guarded step() per event cost its frame
// (bench/README.md, 2026-12-08), and the time and number are the loop's own, advanced already.
template <typename More>
void Kernel::run_while(More&& more) {
  try {
    while (more()) {
      const EventQueue::Ticket next = queue_.take_next();
      ++events_processed_;
      advance_clock(now_, next.time, events_processed_);
      if (profiler_ == nullptr) [[likely]] {
        queue_.run(next);
      } else {
        run_profiled(next);
      }
    }
  } catch (const InvariantViolation&) {
    throw;
  } catch (const ComponentFailure& e) {
    fail(e.component(), e.what());
  } catch (const std::exception& e) {
    fail("an unnamed component", std::string("uncaught exception: ") + e.what());
  }
}

void Kernel::run_until(Time end) {
  if (end < now_) fail("kernel", "run_until(" + format_time(end) + ") is before now");
  stop_requested_ = false;
  run_while([&] { return !stop_requested_ && !queue_.empty() && queue_.next_time() <= end; });
  if (!stop_requested_) advance_clock(now_, end, events_processed_);
}

void Kernel::run() {
  stop_requested_ = false;
  run_while([this] { return !stop_requested_ && !queue_.empty(); });
}

bool Kernel::step() {
  if (queue_.empty()) return false;
  run_while([first = true]() mutable { return std::exchange(first, false); });
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
