#include "sim/timer.h"

#include <utility>

namespace ekssim::sim {

void Timer::schedule_in(Duration delay, Callback callback) {
  schedule_at(kernel_.now() + delay, std::move(callback));
}

void Timer::schedule_at(Time when, Callback callback) {
  cancel();
  due_ = when;
  event_ = kernel_.schedule_at(when, std::move(callback), touches_);
}

void Timer::cancel() {
  if (event_.valid()) {
    kernel_.cancel(event_);
    event_ = EventId{};
  }
}

PeriodicTimer::PeriodicTimer(Kernel& kernel, Duration period, std::function<void()> tick)
    : timer_(kernel), period_(period), tick_(std::move(tick)) {
  if (period_ <= Duration::zero()) {
    kernel.fail("periodic timer", "period must be positive, got " + format_duration(period_));
  }
}

void PeriodicTimer::start(Duration first_delay) {
  timer_.schedule_in(first_delay, [this] { fire(); });
}

void PeriodicTimer::fire() {
  // Reschedule first, so that a tick may stop() the timer for good.
  timer_.schedule_in(period_, [this] { fire(); });
  tick_();
}

}  // namespace ekssim::sim
