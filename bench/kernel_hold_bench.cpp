// The classic hold model (Vaucher and Duval, 1975): with N events pending, repeatedly take the
// earliest and schedule a new one an exponentially distributed increment later. It measures the
// pending-event set alone. BM_StdHeapHold runs the same pattern on what a plain simulator would
// write: std::priority_queue of {time, sequence, std::function}. Both draw increments from the
// same precomputed table so that the random generator's cost does not blur the comparison.

#include <benchmark/benchmark.h>

#include <functional>
#include <queue>
#include <vector>

#include "sim/kernel.h"
#include "sim/random.h"

namespace {

using ekssim::sim::Duration;
using ekssim::sim::Kernel;
using ekssim::sim::RandomStream;
using ekssim::sim::Time;

class Increments {
 public:
  Increments() {
    RandomStream random(1, "bench/hold");
    for (auto& d : table_) d = random.exponential(Duration::microseconds(100)).nanoseconds() + 1;
  }
  int64_t next() { return table_[index_++ & (kSize - 1)]; }

 private:
  static constexpr size_t kSize = 1 << 16;
  std::vector<int64_t> table_ = std::vector<int64_t>(kSize);
  size_t index_ = 0;
};

struct Hold {
  Kernel* kernel;
  Increments* increments;
  int64_t* fired;
  void operator()() const {
    ++*fired;
    kernel->schedule_in(Duration::nanoseconds(increments->next()), *this);
  }
};

void BM_KernelHold(benchmark::State& state) {
  Kernel kernel;
  Increments increments;
  int64_t fired = 0;
  for (int64_t i = 0; i < state.range(0); ++i) {
    kernel.schedule_in(Duration::nanoseconds(increments.next()), Hold{&kernel, &increments, &fired});
  }
  for (auto _ : state) kernel.step();
  benchmark::DoNotOptimize(fired);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_KernelHold)->Arg(1000)->Arg(100000);

struct StdEvent {
  int64_t time;
  uint64_t sequence;
  std::function<void()> action;
  bool operator>(const StdEvent& o) const {
    return time > o.time || (time == o.time && sequence > o.sequence);
  }
};

void BM_StdHeapHold(benchmark::State& state) {
  std::priority_queue<StdEvent, std::vector<StdEvent>, std::greater<>> queue;
  Increments increments;
  int64_t now = 0;
  uint64_t sequence = 0;
  int64_t fired = 0;
  std::function<void()> hold = [&] {
    ++fired;
    queue.push(StdEvent{now + increments.next(), sequence++, hold});
  };
  for (int64_t i = 0; i < state.range(0); ++i) {
    queue.push(StdEvent{increments.next(), sequence++, hold});
  }
  for (auto _ : state) {
    StdEvent event = queue.top();  // top() is const: a plain queue copies the action out
    queue.pop();
    now = event.time;
    event.action();
  }
  benchmark::DoNotOptimize(fired);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StdHeapHold)->Arg(1000)->Arg(100000);

}  // namespace

BENCHMARK_MAIN();
