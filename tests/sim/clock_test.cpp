#include "sim/clock.h"

#include <catch2/catch.hpp>
#include <string>

#include "sim/invariant.h"
#include "sim/kernel.h"

using namespace ekssim::sim;

TEST_CASE("the clock moves forward or stays — a step backwards is an invariant violation",
          "[kernel][clock]") {
  Time now = Time::at(Duration::seconds(5));
  advance_clock(now, Time::at(Duration::seconds(5)), 3);
  CHECK(now == Time::at(Duration::seconds(5)));
  advance_clock(now, Time::at(Duration::seconds(7)), 4);
  CHECK(now == Time::at(Duration::seconds(7)));
  try {
    advance_clock(now, Time::at(Duration::milliseconds(6500)), 9);
    FAIL("no exception");
  } catch (const InvariantViolation& e) {
    CHECK(e.time() == Time::at(Duration::seconds(7)));
    CHECK(e.event_number() == 9);
    CHECK(e.component() == "kernel");
    CHECK(std::string(e.what()) ==
          "internal invariant broken at t=7s, event #9, in kernel: time went backwards: the next "
          "event is due at t=6.5s");
  }
  CHECK(now == Time::at(Duration::seconds(7)));  // left where it was
}

TEST_CASE("run_until to the current time after stop() keeps the clock at the last event",
          "[kernel][clock]") {
  Kernel kernel;
  kernel.schedule_in(Duration::seconds(3), [&] { kernel.stop(); });
  kernel.schedule_in(Duration::seconds(4), [] {});
  kernel.run_until(Time::at(Duration::seconds(10)));
  CHECK(kernel.now() == Time::at(Duration::seconds(3)));
  kernel.run_until(Time::at(Duration::seconds(3)));
  CHECK(kernel.now() == Time::at(Duration::seconds(3)));
  CHECK(kernel.pending() == 1);
  kernel.run_until(Time::at(Duration::seconds(4)));
  CHECK(kernel.now() == Time::at(Duration::seconds(4)));
  CHECK(kernel.events_processed() == 2);
}
