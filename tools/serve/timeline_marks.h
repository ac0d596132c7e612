#pragma once
// The marks on the page's timeline, in time order: node launches, readiness and bring-up
// failures, instance terminations, ENI attaches and frees (ipamd's pool changes), the scenario's
// own events (rule changes, scaling, faults: the timeline the user wrote, with its YAML line),
// and the first failure of every root cause in the run's report.

#include <nlohmann/json.hpp>
#include <vector>

#include "models/report/run_report.h"
#include "models/spec/scenario.h"
#include "tools/serve/event_log.h"

namespace ekssim::serve {

// [{"t", "category": node|eni|change|fault|failure, "label"}]
nlohmann::json timeline_marks(const spec::Scenario& scenario,
                              const std::vector<RecordedEvent>& events,
                              const report::RunReport& report);

}  // namespace ekssim::serve
