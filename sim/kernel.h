#pragma once
// The simulation kernel: a virtual clock and the events scheduled on it.
//
// Single-threaded and deterministic: events run in (time, insertion sequence) order, so the same
// schedule gives the same run. Models schedule only their own work, normally through sim::Timer,
// which cancels its event when destroyed. The run loop (run_until) is deliberately short.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "sim/callback.h"
#include "sim/event_profiler.h"
#include "sim/event_queue.h"
#include "sim/time.h"

namespace ekssim::sim {

class Kernel {
 public:
  Kernel() = default;
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  Time now() const { return now_; }

  // Schedules `callback` at `when`, which must not be in the past (an InvariantViolation if it
  // is). Events at the same time run in the order they were scheduled.
  // `touches`, optional, names the state the callback reads first, for the queue to prefetch
  // when the event is about to come up (EventQueue::push); it changes nothing else.
  template <typename F>
  EventId schedule_at(Time when, F&& callback, const void* touches = nullptr) {
    if (when < now_) fail_past(when);
    const EventId id = when == now_ ? queue_.push_now(now_, std::forward<F>(callback), touches)
                                    : queue_.push(when, std::forward<F>(callback), touches);
    if (queue_.size() > peak_pending_) peak_pending_ = queue_.size();
    return id;
  }
  template <typename F>
  EventId schedule_in(Duration delay, F&& callback) {
    return schedule_at(now_ + delay, std::forward<F>(callback));
  }
  // Returns whether an event was actually cancelled (false if it already ran or was cancelled).
  bool cancel(EventId id) { return queue_.cancel(id); }
  bool is_pending(EventId id) const { return queue_.is_pending(id); }

  // Runs every event due at or before `end`, then leaves the clock at `end` (unless stop() was
  // called, which leaves it at the last event's time). `end` before now() is an error.
  void run_until(Time end);
  void run_for(Duration span) { run_until(now_ + span); }
  // Runs until no event is pending or stop() is called.
  void run();
  // Runs the next event, if any; returns whether one ran. For debuggers and benchmarks.
  bool step();
  // Ends the current run_until/run after the running event.
  void stop() { stop_requested_ = true; }

  uint64_t events_processed() const { return events_processed_; }
  // Number of the event running now (1-based), or of the last one that ran.
  uint64_t current_event_number() const { return events_processed_; }
  size_t pending() const { return queue_.size(); }
  size_t peak_pending() const { return peak_pending_; }

  // Tells `profiler` (or nobody, with nullptr) about every event from now on; it must outlive
  // the runs it watches.
  void set_profiler(EventProfiler* profiler) { profiler_ = profiler; }

  // Throws InvariantViolation naming the current time, event number and `component`.
  [[noreturn]] void fail(std::string_view component, std::string_view what) const;
  // Views, so that a check that holds makes no string: checks sit on hot paths (every update
  // of a pod). A message that has to be built is built only after the condition failed:
  // `if (!condition) [[unlikely]] kernel.fail(component, text + ...)`.
  void check(bool condition, std::string_view component, std::string_view what) const {
    if (!condition) [[unlikely]] fail(component, what);
  }

 private:
  [[noreturn]] void fail_past(Time when) const;
  template <typename More>
  void run_while(More&& more);
  void run_profiled(EventQueue::Ticket ticket);

  EventQueue queue_;
  Time now_;
  uint64_t events_processed_ = 0;
  size_t peak_pending_ = 0;
  bool stop_requested_ = false;
  EventProfiler* profiler_ = nullptr;
};

}  // namespace ekssim::sim
