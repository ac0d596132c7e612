#pragma once
// Shared pieces for the report tests: a real kernel and trace with the report builder (and, when
// asked, the invariant checkers) subscribed, and events emitted from scheduled kernel events at
// exact virtual times, as the models would.

#include <memory>
#include <utility>

#include "models/report/invariants.h"
#include "models/report/report_builder.h"
#include "models/report/run_report.h"
#include "sim/kernel.h"
#include "sim/time.h"
#include "sim/trace.h"

namespace ekssim::report::testing {

inline sim::Duration s(int64_t n) {
  return sim::Duration::seconds(n);
}
inline sim::Duration ms(int64_t n) {
  return sim::Duration::milliseconds(n);
}
inline sim::Duration min(int64_t n) {
  return sim::Duration::minutes(n);
}

struct ReportRun {
  sim::Kernel kernel;
  sim::Trace trace{kernel};
  ReportBuilder builder{trace};
  std::unique_ptr<InvariantCheckers> invariants;

  void check_invariants() { invariants = std::make_unique<InvariantCheckers>(kernel, trace); }

  // Emits `event` from a kernel event at `t`. Events hold string_views: pass literals.
  template <typename E>
  void at(sim::Duration t, E event) {
    kernel.schedule_at(sim::Time::at(t), [this, event] { trace.emit(event); });
  }

  // Runs to `end` and returns the report as the command would see it.
  RunReport finish(sim::Duration end) {
    kernel.run_until(sim::Time::at(end));
    RunReport r;
    builder.finish(r);
    r.virtual_seconds = end.seconds_double();
    return r;
  }
};

}  // namespace ekssim::report::testing
