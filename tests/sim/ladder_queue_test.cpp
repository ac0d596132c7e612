// LadderQueue (sim/ladder_queue.h) on its own: keys leave in ascending order whatever the order
// and spread they arrive in, including keys earlier than ones already taken.

#include "sim/ladder_queue.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <functional>
#include <queue>
#include <random>
#include <set>
#include <vector>

using namespace ekssim::sim;

namespace {

EventKey key_at(int64_t time, uint64_t sequence) {
  return EventKey{static_cast<unsigned __int128>(time) << 64 | sequence};
}

uint64_t sequence_of(const EventKey& key) {
  return static_cast<uint64_t>(key.packed);
}

std::vector<EventKey> drain(LadderQueue& queue) {
  std::vector<EventKey> out;
  while (!queue.empty()) {
    out.push_back(queue.front());
    queue.pop_front();
  }
  return out;
}

bool ascending(const std::vector<EventKey>& keys) {
  for (size_t i = 1; i < keys.size(); ++i) {
    if (!(keys[i - 1] < keys[i])) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("keys pushed in random order leave sorted", "[kernel][ladder]") {
  LadderQueue queue;
  std::mt19937_64 random(1);
  for (uint64_t i = 0; i < 100'000; ++i) {
    queue.push(key_at(static_cast<int64_t>(random() % 1'000'000'000), i));
  }
  CHECK(queue.size() == 100'000);
  const std::vector<EventKey> out = drain(queue);
  CHECK(out.size() == 100'000);
  CHECK(ascending(out));
}

TEST_CASE("ten thousand keys at one time leave in the order they were pushed", "[kernel][ladder]") {
  LadderQueue queue;
  queue.push(key_at(1, 0));
  for (uint64_t i = 1; i <= 10'000; ++i)
    queue.push(key_at(500, i));
  queue.push(key_at(1'000'000'000'000, 10'001));  // a far key makes the rung's buckets wide
  const std::vector<EventKey> out = drain(queue);
  REQUIRE(out.size() == 10'002);
  for (uint64_t i = 0; i < out.size(); ++i)
    CHECK(sequence_of(out[i]) == i);
}

// Small buckets are ranked by time and place alone (32-bit codes for narrow buckets, 64-bit for
// wide ones, std::sort for the widest), which is right only because keys of equal time arrive in
// push order: every path must give the full order, ties included.
TEST_CASE("keys of equal time leave in push order whatever the buckets' width", "[kernel][ladder]") {
  const int64_t spans[] = {1'000, 1'000'000'000, 3'600'000'000'000, 315'360'000'000'000'000,
                           INT64_MAX - 1};
  for (const int64_t span : spans) {
    for (const size_t count : {size_t{40}, size_t{300}, size_t{20'000}}) {
      LadderQueue queue;
      size_t mismatches = 0;
      std::mt19937_64 random(static_cast<uint64_t>(span) ^ count);
      std::vector<int64_t> times;  // few distinct times, so that most keys share one
      for (int i = 0; i < 25; ++i)
        times.push_back(static_cast<int64_t>(random() % static_cast<uint64_t>(span)));
      std::vector<EventKey> pushed;
      for (uint64_t i = 0; i < count; ++i) {
        pushed.push_back(key_at(times[random() % times.size()], i));
        queue.push(pushed.back());
        if (i % 7 == 6) {  // take some as they come, so that rungs are built while keys arrive
          const EventKey taken = queue.front();
          queue.pop_front();
          const auto smallest = std::min_element(pushed.begin(), pushed.end());
          mismatches += smallest->packed != taken.packed;
          pushed.erase(smallest);
        }
      }
      std::sort(pushed.begin(), pushed.end());
      const std::vector<EventKey> out = drain(queue);
      INFO("span " << span << " ns, " << count << " keys");
      REQUIRE(out.size() == pushed.size());
      for (size_t i = 0; i < out.size(); ++i)
        mismatches += out[i].packed != pushed[i].packed;
      CHECK(mismatches == 0);
    }
  }
}

TEST_CASE("a key earlier than every pending one is taken next", "[kernel][ladder]") {
  LadderQueue queue;
  for (uint64_t i = 0; i < 1000; ++i)
    queue.push(key_at(static_cast<int64_t>(1000 + i * 7), i));
  CHECK(queue.front().time() == 1000);  // the rungs are built
  queue.pop_front();
  queue.push(key_at(1001, 5000));  // before the rest of bottom
  queue.push(key_at(3, 5001));     // before everything, even the key taken
  CHECK(queue.front().time() == 3);
  queue.pop_front();
  CHECK(queue.front().time() == 1001);
  queue.pop_front();
  CHECK(queue.front().time() == 1007);
}

TEST_CASE("keys near the end of time keep their order", "[kernel][ladder]") {
  LadderQueue queue;
  queue.push(key_at(INT64_MAX, 0));
  queue.push(key_at(0, 1));
  queue.push(key_at(INT64_MAX - 1, 2));
  CHECK(sequence_of(queue.front()) == 1);
  queue.pop_front();
  queue.push(key_at(INT64_MAX, 3));
  const std::vector<EventKey> out = drain(queue);
  REQUIRE(out.size() == 3);
  CHECK(sequence_of(out[0]) == 2);
  CHECK(sequence_of(out[1]) == 0);
  CHECK(sequence_of(out[2]) == 3);
}

TEST_CASE("remove_if drops exactly the keys asked for and keeps the order of the rest",
          "[kernel][ladder]") {
  LadderQueue queue;
  std::mt19937_64 random(2);
  for (uint64_t i = 0; i < 20'000; ++i) {
    queue.push(key_at(static_cast<int64_t>(random() % 10'000'000), i));
  }
  for (int i = 0; i < 100; ++i)
    queue.pop_front();  // rungs and bottom in use
  queue.remove_if([](const EventKey& key) { return sequence_of(key) % 3 == 0; });
  const std::vector<EventKey> out = drain(queue);
  CHECK(ascending(out));
  for (const EventKey& key : out)
    CHECK(sequence_of(key) % 3 != 0);
  CHECK(out.size() > 13'000);
}

TEST_CASE("a million mixed pushes and pops match a std::priority_queue", "[kernel][ladder]") {
  LadderQueue queue;
  std::priority_queue<unsigned __int128, std::vector<unsigned __int128>, std::greater<>> reference;
  std::mt19937_64 random(3);
  int64_t now = 0;
  uint64_t mismatches = 0;
  for (uint64_t i = 0; i < 1'000'000; ++i) {
    const uint64_t dice = random() % 100;
    if (dice < 55 || reference.empty()) {
      // Mostly after the last key taken; some before it (the ladder does not rely on order).
      int64_t time = now + static_cast<int64_t>(random() % (dice < 5 ? 10 : 10'000'000));
      if (dice % 17 == 0) time = static_cast<int64_t>(random() % (static_cast<uint64_t>(now) + 1));
      const EventKey key = key_at(time, i);
      queue.push(key);
      reference.push(key.packed);
    } else {
      if (queue.front().packed != reference.top()) ++mismatches;
      now = queue.front().time();
      queue.pop_front();
      reference.pop();
    }
    if (queue.size() != reference.size()) ++mismatches;
  }
  CHECK(mismatches == 0);
}

TEST_CASE("the prefetch hook announces every key before it is taken, and only queued keys",
          "[kernel][ladder]") {
  // With no pushes during the drain, each key comes down in a bucket that is announced when it
  // reaches bottom (as taken next), if not already as the bucket after the one before it.
  struct Announced {
    std::set<uint64_t> sequences;
    std::set<uint64_t> next;  // announced as bottom's: taken before any key not yet in bottom
    uint64_t pushed = 0;
    uint64_t strangers = 0;  // announced keys that were never pushed
  } announced;
  LadderQueue queue;
  queue.set_prefetch(
      [](const void* context, const EventKey* keys, size_t count, bool next) {
        auto* a = static_cast<Announced*>(const_cast<void*>(context));
        for (size_t i = 0; i < count; ++i) {
          if (sequence_of(keys[i]) >= a->pushed) ++a->strangers;
          a->sequences.insert(sequence_of(keys[i]));
          if (next) a->next.insert(sequence_of(keys[i]));
        }
      },
      &announced);
  std::mt19937_64 random(4);
  for (uint64_t i = 0; i < 100'000; ++i) {
    queue.push(key_at(static_cast<int64_t>(random() % 100'000'000), i));
  }
  announced.pushed = 100'000;
  uint64_t unannounced = 0;
  uint64_t not_as_next = 0;
  while (!queue.empty()) {
    const uint64_t taken = sequence_of(queue.front());
    if (!announced.sequences.contains(taken)) ++unannounced;
    if (!announced.next.contains(taken)) ++not_as_next;
    queue.pop_front();
  }
  CHECK(unannounced == 0);
  CHECK(not_as_next == 0);
  CHECK(announced.strangers == 0);
}
