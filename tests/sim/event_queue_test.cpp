#include "sim/event_queue.h"

#include <catch2/catch.hpp>
#include <algorithm>
#include <vector>

#include "sim/random.h"

using namespace ekssim::sim;

namespace {
Time at_ms(int64_t ms) { return Time::at(Duration::milliseconds(ms)); }
// Takes and runs the earliest event, returning its time.
Time run_next(EventQueue& queue) {
  const EventQueue::Ticket ticket = queue.take_next();
  queue.run(ticket);
  return ticket.time;
}
}  // namespace

TEST_CASE("events pop in time order whatever the push order", "[event_queue]") {
  EventQueue queue;
  std::vector<int> ran;
  for (int ms : {30, 10, 20, 50, 40}) queue.push(at_ms(ms), [&ran, ms] { ran.push_back(ms); });
  while (!queue.empty()) run_next(queue);
  CHECK(ran == std::vector<int>{10, 20, 30, 40, 50});
}

TEST_CASE("events at the same time pop in insertion order, ladder and now-lane alike",
          "[event_queue]") {
  EventQueue queue;
  std::vector<int> ran;
  for (int i = 0; i < 100; ++i) queue.push(at_ms(5), [&ran, i] { ran.push_back(i); });
  // Events pushed "now" at the same time come after the ones already queued for that time.
  queue.push_now(at_ms(5), [&ran] { ran.push_back(100); });
  queue.push(at_ms(5), [&ran] { ran.push_back(101); });
  while (!queue.empty()) run_next(queue);
  std::vector<int> expected(102);
  for (int i = 0; i < 102; ++i) expected[i] = i;
  CHECK(ran == expected);
}

TEST_CASE("a cancelled event never runs and its id stops being pending", "[event_queue]") {
  EventQueue queue;
  int ran = 0;
  const EventId a = queue.push(at_ms(1), [&ran] { ran += 1; });
  const EventId b = queue.push(at_ms(2), [&ran] { ran += 10; });
  CHECK(queue.is_pending(a));
  CHECK(queue.cancel(a));
  CHECK_FALSE(queue.is_pending(a));
  CHECK_FALSE(queue.cancel(a));  // twice is a no-op
  CHECK(queue.size() == 1);
  CHECK(queue.next_time() == at_ms(2));
  run_next(queue);
  CHECK(ran == 10);
  CHECK_FALSE(queue.cancel(b));  // after it ran
  CHECK(queue.empty());
}

TEST_CASE("a stale id does not cancel the event that reuses its slot", "[event_queue]") {
  EventQueue queue;
  const EventId old_id = queue.push(at_ms(1), [] {});
  run_next(queue);
  bool ran = false;
  const EventId new_id = queue.push(at_ms(2), [&ran] { ran = true; });
  REQUIRE(new_id.slot == old_id.slot);
  CHECK_FALSE(queue.cancel(old_id));
  CHECK(queue.is_pending(new_id));
  run_next(queue);
  CHECK(ran);
}

TEST_CASE("an event may cancel itself while running, and schedule more", "[event_queue]") {
  EventQueue queue;
  EventId self;
  int ran = 0;
  self = queue.push(at_ms(1), [&] {
    ++ran;
    CHECK_FALSE(queue.cancel(self));  // already taken: no longer pending
    for (int i = 0; i < 10'000; ++i) queue.push(at_ms(2), [&ran] { ++ran; });  // grows slots
  });
  while (!queue.empty()) run_next(queue);
  CHECK(ran == 10'001);
}

TEST_CASE("mass cancellation compacts the queue and keeps the order of survivors",
          "[event_queue]") {
  EventQueue queue;
  RandomStream random(1, "mass-cancel");
  std::vector<EventId> ids;
  std::vector<int64_t> kept_times;
  for (int i = 0; i < 20'000; ++i) {
    const int64_t ms = static_cast<int64_t>(random.below(1'000'000));
    ids.push_back(queue.push(at_ms(ms), [] {}));
    if (i % 10 == 0) kept_times.push_back(ms);
  }
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i % 10 != 0) REQUIRE(queue.cancel(ids[i]));
  }
  CHECK(queue.size() == kept_times.size());
  std::sort(kept_times.begin(), kept_times.end());
  std::vector<int64_t> popped;
  while (!queue.empty()) popped.push_back(run_next(queue).since_start().whole_milliseconds());
  CHECK(popped == kept_times);
}

TEST_CASE("a prefetch hint leaves the callbacks whole and the order unchanged", "[event_queue]") {
  // The hint shares the slot's line with the callback (in its tail padding): a layout that let
  // either overwrite the other would corrupt the captures or the hints' events. Enough events
  // that the slots outgrow the cache and the hand-down prefetches them too.
  struct Capture {
    uint64_t words[4];  // with `ran` and `ms`, the whole 48-byte inline buffer
  };
  EventQueue queue;
  std::vector<uint64_t> state(1000);
  RandomStream random(7, "hints");
  std::vector<std::pair<int64_t, uint64_t>> expected;
  std::vector<std::pair<int64_t, uint64_t>> ran;
  for (uint64_t i = 0; i < 20'000; ++i) {
    const auto ms = static_cast<int64_t>(random.below(5'000));
    const Capture c{{i, ~i, i * 3, i ^ 0x5555}};
    auto callback = [&ran, ms, c] {
      const bool whole = c.words[1] == ~c.words[0] && c.words[2] == c.words[0] * 3 &&
                         c.words[3] == (c.words[0] ^ 0x5555);
      ran.emplace_back(ms, whole ? c.words[0] : ~uint64_t{0});
    };
    static_assert(sizeof(callback) == Callback::kInlineSize);
    queue.push(at_ms(ms), std::move(callback), i % 3 == 0 ? nullptr : &state[i % state.size()]);
    expected.emplace_back(ms, i);
  }
  std::stable_sort(expected.begin(), expected.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  while (!queue.empty()) run_next(queue);
  CHECK(ran == expected);
}
