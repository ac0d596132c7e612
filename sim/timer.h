#pragma once
// Timers owned by model components. A Timer holds at most one scheduled event and cancels it when
// rescheduled or destroyed, so a component that goes away can never be called back (ns-3's
// Timer with CANCEL_ON_DESTROY is the model). Neither is copyable or movable: the callbacks a
// component schedules capture `this`.

#include <functional>

#include "sim/kernel.h"

namespace ekssim::sim {

class Timer {
 public:
  // `touches`: the state this timer's callbacks read first (Kernel::schedule_at).
  explicit Timer(Kernel& kernel, const void* touches = nullptr)
      : kernel_(kernel), touches_(touches) {}
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;
  ~Timer() { cancel(); }

  // Replaces any pending event.
  void schedule_in(Duration delay, Callback callback);
  void schedule_at(Time when, Callback callback);
  void cancel();
  bool pending() const { return kernel_.is_pending(event_); }
  // When the pending event is due; meaningful only while pending().
  Time due() const { return due_; }

 private:
  Kernel& kernel_;
  const void* touches_;
  EventId event_;
  Time due_;
};

// Calls `tick` every `period`, the first time after `first_delay`. Stops when destroyed.
class PeriodicTimer {
 public:
  PeriodicTimer(Kernel& kernel, Duration period, std::function<void()> tick);
  PeriodicTimer(const PeriodicTimer&) = delete;
  PeriodicTimer& operator=(const PeriodicTimer&) = delete;

  void start(Duration first_delay);
  void stop() { timer_.cancel(); }
  bool running() const { return timer_.pending(); }
  Duration period() const { return period_; }

 private:
  void fire();

  Timer timer_;
  Duration period_;
  std::function<void()> tick_;
};

}  // namespace ekssim::sim
