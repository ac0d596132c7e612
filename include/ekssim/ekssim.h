#pragma once
// ekssim's public interface for embedding: load a scenario, simulate it, read the report.
//
//   #include "ekssim/ekssim.h"
//
//   auto loaded = ekssim::scenario::load_scenario_file("scenarios/subnet-exhaustion.yaml");
//   if (!loaded.ok()) { std::cerr << ekssim::scenario::format_diagnostics(loaded.diagnostics); }
//   ekssim::report::RunReport report = ekssim::report::simulate(*loaded.scenario, {});
//   for (const auto& cause : report.top_causes) { … }
//
// Link the ekssim_cli target (or ekssim_scenario and ekssim_report). simulate() is
// single-threaded and deterministic; run several in parallel on separate threads if needed.
// It throws ekssim::sim::InvariantViolation when an internal invariant breaks (a bug).

#include "models/report/run_report.h"  // IWYU pragma: export
#include "models/report/simulate.h"    // IWYU pragma: export
#include "sim/invariant.h"             // IWYU pragma: export
#include "tools/scenario/loader.h"     // IWYU pragma: export
