#pragma once
// One run of one scenario, start to finish: build the world, subscribe the report builder and the
// invariant checkers, run to the end, check the state invariants, evaluate the expectations.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/report/run_report.h"
#include "models/spec/scenario.h"
#include "sim/event_profiler.h"
#include "sim/time.h"
#include "sim/trace.h"

namespace ekssim::report {

struct SimulateOptions {
  std::optional<uint64_t> seed;        // overrides the scenario's
  std::optional<sim::Duration> until;  // overrides the scenario's duration
  sim::TraceSink* events = nullptr;    // --events: every trace event, as it happens
  // --trace-pod: pods ("NAMESPACE/NAME" or "NAME" in default) whose every DNS lookup is traced,
  // resolved ones included (DnsLookupSucceeded); failures are traced for every pod anyway.
  std::vector<std::string> trace_pods;
  // Called after every `progress_every` of virtual time with the time reached and the events
  // processed so far (the command's progress line); the run is the same with or without it.
  std::function<void(sim::Time reached, uint64_t events)> progress;
  sim::Duration progress_every = sim::Duration::seconds(10);
  // --stats: told about every event of the run (the run is the same with or without it).
  sim::EventProfiler* profiler = nullptr;
};

// Throws sim::InvariantViolation when an internal invariant breaks.
RunReport simulate(const spec::Scenario& scenario, const SimulateOptions& options);

}  // namespace ekssim::report
