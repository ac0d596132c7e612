// `ekssim run SCENARIO…`: loads every scenario (all diagnostics first: any error means exit 2 and
// nothing written), runs them in parallel, and writes one combined report in the order given.

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>
#include <memory>

#include "models/report/simulate.h"
#include "sim/invariant.h"
#include "tools/cli/atomic_file.h"
#include "tools/cli/events_jsonl.h"
#include "tools/cli/exit_codes.h"
#include "tools/cli/parallel.h"
#include "tools/cli/report_json.h"
#include "tools/cli/report_junit.h"
#include "tools/cli/report_text.h"
#include "tools/cli/run_stats.h"
#include "tools/cli/subcommands.h"
#include "tools/import/resolve.h"
#include "tools/scenario/loader.h"

namespace ekssim::cli {

namespace {

struct RunOptions {
  std::vector<std::string> files;
  std::optional<uint64_t> seed;
  std::string until;
  std::string format = "text";
  std::string output;
  std::string events;
  unsigned jobs = default_jobs();
  bool stats = false;
};

struct RunOutcome {
  report::RunReport report;
  std::string internal_error;  // an invariant violation's message
  std::string io_error;
};

// `progress`: show the progress line on stderr.
RunOutcome run_one(const spec::Scenario& scenario, const std::string& file, const RunOptions& o,
                   std::optional<sim::Duration> until, bool several, bool progress) {
  RunOutcome outcome;
  std::unique_ptr<EventsJsonl> events;
  if (!o.events.empty()) {
    // --events takes one scenario (run() refuses more), so lines need no scenario field.
    events = std::make_unique<EventsJsonl>(o.events, several ? scenario.metadata.name : "");
  }
  report::SimulateOptions options;
  options.seed = o.seed;
  options.until = until;
  options.events = events.get();
  const auto started = std::chrono::steady_clock::now();
  ProgressLine line(std::cerr, until.value_or(scenario.duration), started);
  if (progress) {
    options.progress = [&line](sim::Time reached, uint64_t processed) {
      line.update(reached, processed, std::chrono::steady_clock::now());
    };
  }
  try {
    outcome.report = report::simulate(scenario, options);
  } catch (const sim::InvariantViolation& e) {
    outcome.internal_error = e.what();
  } catch (const std::exception& e) {
    // Any other exception is a bug too; on a pool thread it would terminate the process.
    outcome.internal_error = std::string("internal error: ") + e.what();
  }
  line.clear();
  outcome.report.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  outcome.report.file = file;
  if (events && outcome.internal_error.empty() && !events->commit()) {
    outcome.io_error = events->error();
  }
  return outcome;
}

int run(const RunOptions& o) {
  std::optional<sim::Duration> until;
  if (!o.until.empty()) {
    until = sim::parse_duration(o.until);
    if (!until) {
      std::cerr << "ekssim run: error: --until takes a duration such as 30s, 5m or 1h30m, not '"
                << o.until << "'\n";
      return kExitBadInput;
    }
  }
  if (!o.events.empty() && o.files.size() > 1) {
    std::cerr << "ekssim run: error: --events takes one scenario at a time\n";
    return kExitBadInput;
  }
  // Load everything first: a bad file stops the whole run before anything is simulated.
  std::vector<std::function<scenario::LoadResult()>> loads;
  for (const std::string& f : o.files) {
    loads.emplace_back([f] { return import::load_scenario_file(f); });
  }
  const auto loaded = run_in_parallel(loads, o.jobs);
  bool bad = false;
  for (const auto& l : loaded) {
    std::cerr << scenario::format_diagnostics(l.diagnostics);
    bad = bad || !l.ok();
  }
  if (bad) return kExitBadInput;

  // The progress line only where someone watches, and only for one scenario: parallel runs
  // would fight over the line.
  const bool progress = o.files.size() == 1 && isatty(STDERR_FILENO) == 1;
  std::vector<std::function<RunOutcome()>> runs;
  for (size_t i = 0; i < loaded.size(); ++i) {
    runs.emplace_back([&, i] {
      return run_one(*loaded[i].scenario, o.files[i], o, until, o.files.size() > 1, progress);
    });
  }
  const auto outcomes = run_in_parallel(runs, o.jobs);
  if (o.stats) {
    const uint64_t peak = peak_memory_bytes();
    for (const auto& outcome : outcomes) {
      if (!outcome.internal_error.empty()) continue;
      const report::RunReport& r = outcome.report;
      std::cerr << format_stats_line(r.file, r.wall_seconds, peak, r.events, r.virtual_seconds);
    }
  }
  std::vector<report::RunReport> reports;
  int exit_code = kExitOk;
  for (const auto& outcome : outcomes) {
    if (!outcome.internal_error.empty()) {
      std::cerr << "ekssim: " << outcome.report.file << ": " << outcome.internal_error << "\n";
      exit_code = kExitInternalError;
    }
    if (!outcome.io_error.empty()) {
      std::cerr << "ekssim run: error: " << outcome.io_error << "\n";
      return kExitBadInput;
    }
    reports.push_back(outcome.report);
  }
  if (exit_code == kExitInternalError) return exit_code;

  const std::string text = o.format == "json"    ? format_json(reports)
                           : o.format == "junit" ? format_junit(reports)
                                                 : format_text(reports);
  if (o.output.empty() || o.output == "-") {
    std::cout << text;
  } else if (auto error = write_file_atomically(o.output, text)) {
    std::cerr << "ekssim run: error: " << *error << "\n";
    return kExitBadInput;
  }
  for (const auto& r : reports) {
    if (!r.all_expectations_passed()) return kExitExpectationFailed;
  }
  return kExitOk;
}

}  // namespace

void add_run_subcommand(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* sub = app.add_subcommand("run", "Run scenarios and report what failed, when and why");
  sub->add_option("scenarios", o->files, "scenario files")->required();
  sub->add_option("--seed", o->seed, "override the scenario's seed");
  sub->add_option("--until", o->until, "simulate this much virtual time (default: duration)");
  sub->add_option("--format", o->format, "text, json or junit")
      ->check(CLI::IsMember({"text", "json", "junit"}))
      ->capture_default_str();
  sub->add_option("--output,-o", o->output, "write the report here (atomically) instead of stdout");
  sub->add_option("--events", o->events, "write the trace as JSON Lines to this file");
  sub->add_option("--jobs,-j", o->jobs, "scenarios simulated at once")->capture_default_str();
  sub->add_flag("--stats", o->stats,
                "after the run, print each scenario's wall time, peak memory and event rate to "
                "stderr");
  sub->callback([o, &exit_code] { exit_code = run(*o); });
}

}  // namespace ekssim::cli
