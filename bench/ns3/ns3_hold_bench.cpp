// The hold model of kernel_hold_bench.cpp on ns-3 (Debian's libns3-dev, 3.37): N events pending,
// each fired event schedules one at now + the same exponential increment (mean 1 ms), through
// ns-3's public Simulator API as an ns-3 model would (Simulator::Schedule of a function, Run,
// Stop). ns-3's default scheduler is MapScheduler; the argument picks PriorityQueueScheduler,
// its fastest at these sizes, or CalendarScheduler (src/core/model/*-scheduler.h). Built only
// when CMake finds ns-3 (CMakeLists.txt, EKSSIM_NS3).

#include <benchmark/benchmark.h>
#include <ns3/nstime.h>
#include <ns3/object-factory.h>
#include <ns3/simulator.h>

#include <cstdint>
#include <string>

#include "bench/hold_increments.h"

namespace {

using ekssim::bench::HoldIncrements;
using ekssim::bench::kHoldBatch;

HoldIncrements* g_increments = nullptr;  // ns-3 schedules plain functions: state lives here
int64_t g_budget = 0;

void hold() {
  ns3::Simulator::Schedule(ns3::NanoSeconds(g_increments->next()), &hold);
  if (--g_budget == 0) ns3::Simulator::Stop();
}

void run_ns3_hold(benchmark::State& state, const std::string& scheduler) {
  HoldIncrements increments;
  g_increments = &increments;
  ns3::ObjectFactory factory;
  factory.SetTypeId(scheduler);
  ns3::Simulator::SetScheduler(factory);
  for (int64_t i = 0; i < state.range(0); ++i) {
    ns3::Simulator::Schedule(ns3::NanoSeconds(increments.next()), &hold);
  }
  for (auto _ : state) {
    g_budget = kHoldBatch;
    ns3::Simulator::Run();
  }
  state.SetItemsProcessed(state.iterations() * kHoldBatch);
  ns3::Simulator::Destroy();
  g_increments = nullptr;
}

void BM_Ns3PriorityQueueHold(benchmark::State& state) {
  run_ns3_hold(state, "ns3::PriorityQueueScheduler");
}
BENCHMARK(BM_Ns3PriorityQueueHold)->Arg(1000)->Arg(100000);

void BM_Ns3CalendarHold(benchmark::State& state) {
  run_ns3_hold(state, "ns3::CalendarScheduler");
}
BENCHMARK(BM_Ns3CalendarHold)->Arg(1000)->Arg(100000);

}  // namespace
