// The classic hold model (Vaucher and Duval, 1975): with N events pending, repeatedly take the
// earliest and schedule a new one an exponentially distributed increment later (mean 1 ms). It
// measures the pending-event set alone. BM_StdHeapHold runs the same pattern on what a plain
// simulator would write: std::priority_queue of {time, sequence, std::function}; ns3_hold_bench.cpp
// (built when ns-3 is installed) runs it on ns-3's simulator. All draw the same increments
// (hold_increments.h) and run batches of kHoldBatch events per iteration.

#include <benchmark/benchmark.h>

#include <functional>
#include <queue>
#include <vector>

#include "bench/hold_increments.h"
#include "sim/kernel.h"

namespace {

using ekssim::bench::HoldIncrements;
using ekssim::bench::kHoldBatch;
using ekssim::sim::Duration;
using ekssim::sim::Kernel;

struct HoldState {
  Kernel kernel;
  HoldIncrements increments;
  int64_t budget = 0;  // events left in this batch
};

struct Hold {
  HoldState* state;
  void operator()() const {
    state->kernel.schedule_in(Duration::nanoseconds(state->increments.next()), *this);
    if (--state->budget == 0) state->kernel.stop();
  }
};

void BM_KernelHold(benchmark::State& state) {
  HoldState hold;
  for (int64_t i = 0; i < state.range(0); ++i) {
    hold.kernel.schedule_in(Duration::nanoseconds(hold.increments.next()), Hold{&hold});
  }
  for (auto _ : state) {
    hold.budget = kHoldBatch;
    hold.kernel.run();
  }
  benchmark::DoNotOptimize(hold.kernel.events_processed());
  state.SetItemsProcessed(state.iterations() * kHoldBatch);
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
  HoldIncrements increments;
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
    for (int64_t i = 0; i < kHoldBatch; ++i) {
      StdEvent event = queue.top();  // top() is const: a plain queue copies the action out
      queue.pop();
      now = event.time;
      event.action();
    }
  }
  benchmark::DoNotOptimize(fired);
  state.SetItemsProcessed(state.iterations() * kHoldBatch);
}
BENCHMARK(BM_StdHeapHold)->Arg(1000)->Arg(100000);

}  // namespace

BENCHMARK_MAIN();
