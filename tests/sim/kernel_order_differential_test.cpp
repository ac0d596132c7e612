// The kernel's firing order, proven against a reference rather than sampled: millions of mixed
// operations go to a Kernel and to a plain std::priority_queue keyed by (time, insertion
// sequence), and every event must fire at the reference's time and in its order. The operations:
// schedule in the future (small delays, so ties are common), schedule for now (the FIFO lane),
// cancel (pending, already run, already cancelled and stale ids whose slot was reused), run one
// event, run up to a bound; running events schedule and cancel too. Phases that grow the queue,
// cancel most of it (compaction) and drain it take turns. A second profile of delays stresses the
// ladder queue's rungs (sim/ladder_queue.h): exponential delays like the hold model's, floods of
// events at one future time (buckets no rung can split), bursts packed into a few nanoseconds and
// delays of up to an hour beside them.

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "sim/kernel.h"

using namespace ekssim::sim;

namespace {

#ifdef EKSSIM_SANITIZED
constexpr int64_t kOperations = 500'000;  // the sanitizers slow the kernel down tenfold
#else
constexpr int64_t kOperations = 2'500'000;
#endif
constexpr int64_t kPhaseLength = 40'000;

// The reference: the textbook pending set, cancellation by a flag per sequence number.
class ReferenceQueue {
 public:
  using Entry = std::pair<int64_t, uint64_t>;  // (time in ns, insertion sequence)

  uint64_t schedule(int64_t time) {
    const uint64_t sequence = pending_.size();
    pending_.push_back(true);
    heap_.push({time, sequence});
    ++live_;
    return sequence;
  }
  bool cancel(uint64_t sequence) {
    if (!pending_[sequence]) return false;
    pending_[sequence] = false;
    --live_;
    return true;
  }
  std::optional<Entry> take() {
    while (!heap_.empty() && !pending_[heap_.top().second]) heap_.pop();
    if (heap_.empty()) return std::nullopt;
    const Entry top = heap_.top();
    heap_.pop();
    pending_[top.second] = false;
    --live_;
    return top;
  }
  std::optional<int64_t> next_time() {
    while (!heap_.empty() && !pending_[heap_.top().second]) heap_.pop();
    if (heap_.empty()) return std::nullopt;
    return heap_.top().first;
  }
  size_t live() const { return live_; }
  size_t scheduled() const { return pending_.size(); }

 private:
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap_;
  std::vector<bool> pending_;
  size_t live_ = 0;
};

enum class Delays { kMixed, kLadder };

class Differential {
 public:
  Differential(uint64_t seed, Delays delays) : random_(seed), delays_(delays) {}

  void run(int64_t operations) {
    while (operations_ < operations) {
      const int64_t phase = operations_ / kPhaseLength % 3;
      const int dice = percent();
      if (phase == 0) {  // grow
        dice < 60 ? schedule() : dice < 70 ? cancel() : step();
      } else if (phase == 1) {  // cancel most of what is pending
        dice < 10 ? schedule() : dice < 75 ? cancel() : step();
      } else {  // drain
        dice < 15 ? schedule() : dice < 25 ? cancel() : dice < 90 ? step() : run_until();
      }
      if (kernel_.pending() != reference_.live()) {
        mismatch("kernel has " + std::to_string(kernel_.pending()) + " pending, reference " +
                 std::to_string(reference_.live()));
      }
    }
    kernel_.run();
    if (reference_.live() != 0) mismatch("events left in the reference after the kernel's run");
  }

  int64_t operations() const { return operations_; }
  uint64_t fired() const { return fired_; }
  uint64_t cancelled() const { return cancelled_; }
  uint64_t mismatches() const { return mismatches_; }
  const std::string& first_mismatch() const { return first_mismatch_; }

 private:
  int percent() { return static_cast<int>(random_() % 100); }

  int64_t delay() {
    if (delays_ == Delays::kLadder) return ladder_delay();
    const int dice = percent();
    if (dice < 25) return 0;                                       // the now-lane
    if (dice < 75) return 1 + static_cast<int64_t>(random_() % 8);  // ties
    if (dice < 95) return 1 + static_cast<int64_t>(random_() % 1000);
    return 1 + static_cast<int64_t>(random_() % 1'000'000'000);
  }

  int64_t ladder_delay() {
    const int64_t now = kernel_.now().nanoseconds();
    const int dice = percent();
    if (dice < 5) return 0;
    if (dice < 20) {  // one future time shared by many events
      if (flood_at_ <= now) flood_at_ = now + 1 + static_cast<int64_t>(random_() % 2'000'000);
      return flood_at_ - now;
    }
    if (dice < 30) {  // a burst a few nanoseconds wide
      if (burst_at_ <= now) burst_at_ = now + 1 + static_cast<int64_t>(random_() % 5'000'000);
      return burst_at_ - now + static_cast<int64_t>(random_() % 4);
    }
    if (dice < 97) {  // the hold model's Exp(1 ms)
      const double u = (static_cast<double>(random_() >> 11) + 0.5) / 9007199254740992.0;
      return 1 + static_cast<int64_t>(-std::log(u) * 1e6);
    }
    return 1 + static_cast<int64_t>(random_() % 3'600'000'000'000);  // up to an hour
  }

  void schedule() {
    ++operations_;
    const int64_t when = kernel_.now().nanoseconds() + delay();
    const uint64_t sequence = reference_.schedule(when);
    ids_.push_back(kernel_.schedule_at(Time::at(Duration::nanoseconds(when)),
                                       [this, sequence] { fire(sequence); }));
  }

  // Half the time one of the latest 1,024 events (mostly pending), else any event ever scheduled.
  void cancel() {
    ++operations_;
    if (ids_.empty()) return;
    const uint64_t n = ids_.size();
    const uint64_t sequence = random_() % 2 == 0 && n > 1024 ? n - 1 - random_() % 1024
                                                              : random_() % n;
    const bool by_kernel = kernel_.cancel(ids_[sequence]);
    const bool by_reference = reference_.cancel(sequence);
    if (by_kernel != by_reference) {
      mismatch("cancel of event " + std::to_string(sequence) + " returned " +
               (by_kernel ? "true" : "false"));
    }
    if (by_reference) ++cancelled_;
  }

  void step() {
    ++operations_;
    const bool expected = reference_.live() > 0;
    if (kernel_.step() != expected) mismatch("step() disagrees on whether an event was due");
  }

  void run_until() {
    ++operations_;
    const int64_t end = kernel_.now().nanoseconds() + static_cast<int64_t>(random_() % 50);
    kernel_.run_until(Time::at(Duration::nanoseconds(end)));
    const std::optional<int64_t> next = reference_.next_time();
    if (kernel_.now().nanoseconds() != end || (next && *next <= end)) {
      mismatch("run_until(" + std::to_string(end) + ") left an event due or the clock elsewhere");
    }
  }

  void fire(uint64_t sequence) {
    ++fired_;
    const std::optional<ReferenceQueue::Entry> expected = reference_.take();
    if (!expected || expected->second != sequence ||
        expected->first != kernel_.now().nanoseconds()) {
      mismatch("event " + std::to_string(sequence) + " fired at " +
               std::to_string(kernel_.now().nanoseconds()) + "ns; the reference's next is " +
               (expected ? std::to_string(expected->second) + " at " +
                               std::to_string(expected->first) + "ns"
                         : std::string("nothing")));
    }
    // Running events schedule (also for now, behind what is already due) and cancel.
    const int dice = percent();
    if (dice < 30) schedule();
    if (dice < 8) schedule();
    if (dice >= 90) cancel();
  }

  void mismatch(const std::string& what) {
    if (mismatches_++ == 0) {
      first_mismatch_ = "at operation " + std::to_string(operations_) + ": " + what;
    }
  }

  Kernel kernel_;
  ReferenceQueue reference_;
  std::vector<EventId> ids_;  // by insertion sequence
  std::mt19937_64 random_;
  Delays delays_;
  int64_t flood_at_ = 0;
  int64_t burst_at_ = 0;
  int64_t operations_ = 0;
  uint64_t fired_ = 0;
  uint64_t cancelled_ = 0;
  uint64_t mismatches_ = 0;
  std::string first_mismatch_;
};

}  // namespace

TEST_CASE("millions of mixed operations fire in the order of a std::priority_queue reference",
          "[kernel][differential]") {
  Differential differential(20261206, Delays::kMixed);
  differential.run(kOperations);
  CHECK(differential.first_mismatch() == "");
  CHECK(differential.mismatches() == 0);
  CHECK(differential.operations() >= kOperations);
  // The mix really exercised both outcomes: most events ran, many were cancelled first.
  CHECK(differential.fired() > static_cast<uint64_t>(kOperations / 4));
  CHECK(differential.cancelled() > static_cast<uint64_t>(kOperations / 20));
}

TEST_CASE("the ladder's rungs keep the reference's order under floods, bursts and far events",
          "[kernel][differential]") {
  Differential differential(18, Delays::kLadder);
  differential.run(kOperations);
  CHECK(differential.first_mismatch() == "");
  CHECK(differential.mismatches() == 0);
  CHECK(differential.fired() > static_cast<uint64_t>(kOperations / 4));
  CHECK(differential.cancelled() > static_cast<uint64_t>(kOperations / 20));
}
