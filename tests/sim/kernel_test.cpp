#include "sim/kernel.h"

#include <catch2/catch.hpp>
#include <string>
#include <typeinfo>
#include <vector>

#include "sim/invariant.h"
#include "sim/timer.h"

using namespace ekssim::sim;

TEST_CASE("run_until runs events up to and including the bound and leaves the clock there",
          "[kernel]") {
  Kernel kernel;
  std::vector<int64_t> seen;
  for (int s : {1, 2, 3}) {
    kernel.schedule_at(Time::at(Duration::seconds(s)),
                       [&] { seen.push_back(kernel.now().since_start().whole_seconds()); });
  }
  kernel.run_until(Time::at(Duration::seconds(2)));
  CHECK(seen == std::vector<int64_t>{1, 2});
  CHECK(kernel.now() == Time::at(Duration::seconds(2)));
  CHECK(kernel.pending() == 1);
  kernel.run_for(Duration::milliseconds(500));
  CHECK(kernel.now() == Time::at(Duration::milliseconds(2500)));
  CHECK(seen.size() == 2);
  kernel.run();
  CHECK(seen == std::vector<int64_t>{1, 2, 3});
  CHECK(kernel.events_processed() == 3);
}

TEST_CASE("events scheduled for now by a running event run after the ones already due",
          "[kernel]") {
  Kernel kernel;
  std::string order;
  kernel.schedule_in(Duration::seconds(1), [&] {
    order += "a";
    kernel.schedule_in(Duration::zero(), [&] { order += "c"; });
  });
  kernel.schedule_in(Duration::seconds(1), [&] { order += "b"; });
  kernel.run();
  CHECK(order == "abc");
}

TEST_CASE("stop ends the run after the running event", "[kernel]") {
  Kernel kernel;
  int ran = 0;
  kernel.schedule_in(Duration::seconds(1), [&] {
    ++ran;
    kernel.stop();
  });
  kernel.schedule_in(Duration::seconds(2), [&] { ++ran; });
  kernel.run_until(Time::at(Duration::seconds(10)));
  CHECK(ran == 1);
  CHECK(kernel.now() == Time::at(Duration::seconds(1)));
}

TEST_CASE("scheduling in the past is an invariant violation naming time, event and component",
          "[kernel]") {
  Kernel kernel;
  kernel.run_until(Time::at(Duration::seconds(5)));
  try {
    kernel.schedule_at(Time::at(Duration::seconds(4)), [] {});
    FAIL("no exception");
  } catch (const InvariantViolation& e) {
    CHECK(e.time() == Time::at(Duration::seconds(5)));
    CHECK(e.component() == "kernel");
    CHECK(std::string(e.what()) ==
          "internal invariant broken at t=5s, event #0, in kernel: an event was scheduled at "
          "t=4s, in the past");
  }
}

TEST_CASE("a component's failure escaping an event leaves with the time, event and component",
          "[kernel]") {
  Kernel kernel;
  kernel.schedule_in(Duration::seconds(1), [] {});
  kernel.schedule_in(Duration::seconds(3), [] {
    throw ComponentFailure("vpc/route-table rt", "route table rt already has a route for 10.0.0.0/16");
  });
  try {
    kernel.run_until(Time::at(Duration::seconds(10)));
    FAIL("no exception");
  } catch (const InvariantViolation& e) {
    CHECK(e.time() == Time::at(Duration::seconds(3)));
    CHECK(e.event_number() == 2);
    CHECK(std::string(e.what()) ==
          "internal invariant broken at t=3s, event #2, in vpc/route-table rt: route table rt "
          "already has a route for 10.0.0.0/16");
  }
}

TEST_CASE("any other exception escaping an event is an invariant violation too", "[kernel]") {
  Kernel kernel;
  kernel.schedule_in(Duration::milliseconds(1500), [] { throw std::out_of_range("vector::at"); });
  try {
    kernel.run_until(Time::at(Duration::seconds(10)));
    FAIL("no exception");
  } catch (const InvariantViolation& e) {
    CHECK(std::string(e.what()) ==
          "internal invariant broken at t=1.5s, event #1, in an unnamed component: uncaught "
          "exception: vector::at");
  }
}

TEST_CASE("queue depth counters follow scheduling, cancellation and execution", "[kernel]") {
  Kernel kernel;
  const EventId a = kernel.schedule_in(Duration::seconds(1), [] {});
  kernel.schedule_in(Duration::seconds(2), [] {});
  kernel.schedule_in(Duration::seconds(3), [] {});
  CHECK(kernel.pending() == 3);
  CHECK(kernel.cancel(a));
  CHECK(kernel.pending() == 2);
  kernel.run();
  CHECK(kernel.pending() == 0);
  CHECK(kernel.peak_pending() == 3);
  CHECK(kernel.events_processed() == 2);
}

TEST_CASE("a timer cancels its event when rescheduled and when destroyed", "[timer]") {
  Kernel kernel;
  int fired = 0;
  {
    Timer timer(kernel);
    timer.schedule_in(Duration::seconds(1), [&] { fired += 1; });
    timer.schedule_in(Duration::seconds(2), [&] { fired += 10; });  // replaces the first
    CHECK(timer.pending());
    CHECK(timer.due() == Time::at(Duration::seconds(2)));
    kernel.run_until(Time::at(Duration::seconds(3)));
    CHECK(fired == 10);
    CHECK_FALSE(timer.pending());
    timer.schedule_in(Duration::seconds(1), [&] { fired += 100; });
  }  // destroyed while pending
  kernel.run();
  CHECK(fired == 10);
  CHECK(kernel.pending() == 0);
}

TEST_CASE("a periodic timer ticks at its period until stopped", "[timer]") {
  Kernel kernel;
  std::vector<int64_t> ticks;
  PeriodicTimer periodic(kernel, Duration::seconds(5), [&] {
    ticks.push_back(kernel.now().since_start().whole_seconds());
  });
  periodic.start(Duration::milliseconds(2500));
  kernel.run_until(Time::at(Duration::seconds(20)));
  CHECK(ticks == std::vector<int64_t>{2, 7, 12, 17});  // 2.5 s, 7.5 s, … truncated
  periodic.stop();
  kernel.run_until(Time::at(Duration::seconds(60)));
  CHECK(ticks.size() == 4);
}

TEST_CASE("a periodic tick may stop its own timer", "[timer]") {
  Kernel kernel;
  int ticks = 0;
  std::unique_ptr<PeriodicTimer> periodic;
  periodic = std::make_unique<PeriodicTimer>(kernel, Duration::seconds(1), [&] {
    if (++ticks == 3) periodic->stop();
  });
  periodic->start(Duration::zero());
  kernel.run();
  CHECK(ticks == 3);
}

TEST_CASE("callbacks larger than the inline buffer still run", "[kernel]") {
  Kernel kernel;
  std::array<int64_t, 32> big{};
  big[31] = 42;
  int64_t seen = 0;
  kernel.schedule_in(Duration::seconds(1), [big, &seen] { seen = big[31]; });
  kernel.run();
  CHECK(seen == 42);
}

namespace {

// Records what a profiler is told: "start <type>" and "finish".
class RecordingProfiler final : public EventProfiler {
 public:
  void event_started(const Callback& event) override {
    log.push_back(event.target_type() == typeid(void) ? "start empty" : "start");
    types.push_back(&event.target_type());
  }
  void event_finished() override { log.push_back("finish"); }
  std::vector<std::string> log;
  std::vector<const std::type_info*> types;
};

struct FirstKind {
  int* runs;
  void operator()() const { ++*runs; }
};
struct SecondKind {
  int* runs;
  void operator()() const { *runs += 10; }
};

}  // namespace

TEST_CASE("a profiler hears each event start and finish with the type that was scheduled",
          "[kernel][profiler]") {
  Kernel kernel;
  RecordingProfiler profiler;
  int runs = 0;
  kernel.schedule_in(Duration::seconds(1), FirstKind{&runs});
  kernel.schedule_in(Duration::seconds(2), SecondKind{&runs});
  kernel.run_until(Time::at(Duration::milliseconds(1500)));  // unprofiled
  kernel.set_profiler(&profiler);
  kernel.schedule_in(Duration::seconds(1), [&kernel] { kernel.fail("test", "boom"); });
  kernel.run_until(Time::at(Duration::milliseconds(2000)));
  CHECK(runs == 11);
  CHECK(profiler.log == std::vector<std::string>{"start", "finish"});
  REQUIRE(profiler.types.size() == 1);
  CHECK(*profiler.types[0] == typeid(SecondKind));
  // An event that throws is still finished.
  CHECK_THROWS_AS(kernel.run(), InvariantViolation);
  CHECK(profiler.log == std::vector<std::string>{"start", "finish", "start", "finish"});
  kernel.set_profiler(nullptr);
  kernel.schedule_in(Duration::seconds(1), FirstKind{&runs});
  kernel.run();
  CHECK(profiler.log.size() == 4);
  CHECK(runs == 12);
}
