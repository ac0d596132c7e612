// `ekssim run SCENARIO…`: loads every scenario, runs the ones that loaded in parallel, and writes
// one combined report in the order given. A file that does not load is reported as such (JUnit
// <error>, a JSON run with its diagnostics) while the others still run; the exit code then is 2.
// Usage errors (a bad option, an output that cannot be written) stop before anything runs.

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>
#include <utility>

#include "models/report/simulate.h"
#include "sim/invariant.h"
#include "tools/cli/events_jsonl.h"
#include "tools/cli/exit_codes.h"
#include "tools/cli/model_stats.h"
#include "tools/cli/output_file.h"
#include "tools/cli/parallel.h"
#include "tools/cli/report_github.h"
#include "tools/cli/report_html.h"
#include "tools/cli/report_json.h"
#include "tools/cli/report_junit.h"
#include "tools/cli/report_text.h"
#include "tools/cli/run_stats.h"
#include "tools/cli/scenario_outcome.h"
#include "tools/cli/subcommands.h"
#include "tools/import/resolve.h"
#include "tools/scenario/loader.h"

namespace ekssim::cli {

namespace {

namespace fs = std::filesystem;

struct RunOptions {
  std::vector<std::string> files;
  std::optional<int64_t> seed;
  std::string until;
  std::string format = "text";
  std::string output;
  std::string events;
  std::vector<std::string> trace_pods;
  unsigned jobs = default_jobs();
  bool stats = false;
  bool strict = false;
};

struct TimedOutcome {
  ScenarioOutcome outcome;
  double wall_seconds = 0;  // for --stats only: never part of a report
  std::vector<ModelStats::Row> model_rows;  // likewise
  std::string io_error;
};

// Where each scenario's trace goes: one file for one scenario; with several, `--events` names a
// directory and each scenario writes DIR/<file stem>.jsonl.
std::string events_path(const RunOptions& o, size_t index) {
  if (o.events.empty() || o.files.size() == 1) return o.events;
  return (fs::path(o.events) / fs::path(o.files[index]).stem()).string() + ".jsonl";
}

// Everything about the options that can be known before a scenario is read; the error or "".
std::string usage_problem(const RunOptions& o) {
  if (!o.output.empty()) {
    if (auto problem = output_path_problem(o.output)) return *problem;
  }
  if (o.events.empty()) {
    return o.trace_pods.empty() ? "" : "--trace-pod adds events to the trace: give --events FILE";
  }
  if (o.events == "-" && (o.output.empty() || o.output == "-")) {
    return "--events - and the report would both go to standard output; give --output FILE";
  }
  if (o.files.size() == 1) return output_path_problem(o.events).value_or("");
  if (o.events == "-") return "--events - takes one scenario; give a directory for several";
  std::error_code error;
  fs::create_directories(o.events, error);
  if (!fs::is_directory(o.events)) {
    return "--events " + o.events + ": with several scenarios it names a directory, one " +
           "FILE-STEM.jsonl per scenario";
  }
  std::set<std::string> stems;
  for (const std::string& file : o.files) {
    if (!stems.insert(fs::path(file).stem().string()).second) {
      return "--events: two scenarios would both write " + fs::path(file).stem().string() +
             ".jsonl; give them different file names";
    }
  }
  return "";
}

// `progress`: show the progress line on stderr.
TimedOutcome run_one(const spec::Scenario& scenario, const std::string& file,
                     const std::string& events_file, const RunOptions& o,
                     std::optional<sim::Duration> until, bool progress) {
  TimedOutcome timed;
  timed.outcome.file = file;
  std::unique_ptr<EventsJsonl> events;
  if (!events_file.empty()) events = std::make_unique<EventsJsonl>(events_file, "");
  report::SimulateOptions options;
  if (o.seed) options.seed = static_cast<uint64_t>(*o.seed);
  options.until = until;
  options.events = events.get();
  options.trace_pods = o.trace_pods;
  ModelStats model_stats;
  if (o.stats) options.profiler = &model_stats;
  const auto started = std::chrono::steady_clock::now();
  ProgressLine line(std::cerr, until.value_or(scenario.duration), started);
  if (progress) {
    options.progress = [&line](sim::Time reached, uint64_t processed) {
      line.update(reached, processed, std::chrono::steady_clock::now());
    };
  }
  try {
    timed.outcome.report = report::simulate(scenario, options);
    timed.outcome.report->file = file;
  } catch (const sim::InvariantViolation& e) {
    timed.outcome.internal_error = e.what();
  } catch (const std::exception& e) {
    // Any other exception is a bug too; on a pool thread it would terminate the process.
    timed.outcome.internal_error = std::string("internal error: ") + e.what();
  }
  line.clear();
  if (o.stats) timed.model_rows = model_stats.rows();
  timed.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (events && timed.outcome.internal_error.empty() && !events->commit()) {
    timed.io_error = events->error();
  }
  return timed;
}

std::string format_report(const std::vector<ScenarioOutcome>& outcomes, const RunOptions& o) {
  if (o.format == "json") return format_json(outcomes, o.strict);
  if (o.format == "junit") return format_junit(outcomes, o.strict);
  if (o.format == "github") return format_github(outcomes, o.strict);
  if (o.format == "html") {
    // The page plots runs; files that did not load are on stderr and in the exit code.
    std::vector<report::RunReport> reports;
    for (const auto& outcome : outcomes) {
      if (outcome.report) reports.push_back(*outcome.report);
    }
    return format_html(reports);
  }
  return format_text(outcomes, o.strict);
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
  if (const std::string problem = usage_problem(o); !problem.empty()) {
    std::cerr << "ekssim run: error: " << problem << "\n";
    return kExitBadInput;
  }
  std::vector<std::function<scenario::LoadResult()>> loads;
  for (const std::string& f : o.files) {
    loads.emplace_back([f] { return import::load_scenario_file(f); });
  }
  const auto loaded = run_in_parallel(loads, o.jobs);
  for (const auto& l : loaded)
    std::cerr << scenario::format_diagnostics(l.diagnostics);

  // The progress line only where someone watches, and only for one scenario: parallel runs
  // would fight over the line.
  const bool progress = o.files.size() == 1 && isatty(STDERR_FILENO) == 1;
  std::vector<std::function<TimedOutcome()>> runs;
  for (size_t i = 0; i < loaded.size(); ++i) {
    runs.emplace_back([&, i] {
      if (!loaded[i].ok()) {
        return TimedOutcome{{o.files[i], loaded[i].diagnostics, "", {}}, 0, {}, ""};
      }
      TimedOutcome timed =
          run_one(*loaded[i].scenario, o.files[i], events_path(o, i), o, until, progress);
      timed.outcome.diagnostics = loaded[i].diagnostics;  // its warnings
      return timed;
    });
  }
  auto timed = run_in_parallel(runs, o.jobs);
  if (o.stats) {
    const uint64_t peak = peak_memory_bytes();
    for (const auto& t : timed) {
      if (!t.outcome.report) continue;
      const report::RunReport& r = *t.outcome.report;
      std::cerr << format_stats_line(r.file, t.wall_seconds, peak, r.events, r.virtual_seconds);
      std::cerr << format_model_stats(r.file, t.model_rows);
    }
  }
  std::vector<ScenarioOutcome> outcomes;
  // Moved, not copied: the 5,000-node hour's report is about 45 MiB.
  for (TimedOutcome& t : timed) {
    if (!t.outcome.internal_error.empty()) {
      std::cerr << "ekssim: " << t.outcome.file << ": " << t.outcome.internal_error << "\n";
    }
    if (!t.io_error.empty()) {
      std::cerr << "ekssim run: error: " << t.io_error << "\n";
      return kExitBadInput;
    }
    outcomes.push_back(std::move(t.outcome));
  }
  if (auto error = write_output(o.output.empty() ? "-" : o.output, format_report(outcomes, o))) {
    std::cerr << "ekssim run: error: " << *error << "\n";
    return kExitBadInput;
  }
  return exit_code_of(outcomes, o.strict);
}

}  // namespace

void add_run_subcommand(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* sub = app.add_subcommand("run", "Run scenarios and report what failed, when and why");
  sub->add_option("scenarios", o->files, "scenario files")->required();
  sub->add_option("--seed", o->seed, "override the scenario's seed (0 to 2^63-1)")
      ->check(CLI::Range(int64_t{0}, std::numeric_limits<int64_t>::max()));
  sub->add_option("--until", o->until, "simulate this much virtual time (default: duration)");
  sub->add_option("--format", o->format,
                  "text, json, junit, github (workflow annotations) or html (a page with plots)")
      ->check(CLI::IsMember({"text", "json", "junit", "github", "html"}))
      ->capture_default_str();
  sub->add_option("--output,-o", o->output,
                  "write the report here (atomically; - is stdout) instead of stdout");
  sub->add_option("--events", o->events,
                  "write the trace as JSON Lines to this file (- is stdout); with several "
                  "scenarios, a directory of FILE-STEM.jsonl");
  sub->add_option("--trace-pod", o->trace_pods,
                  "with --events, also trace every resolved DNS lookup of this pod "
                  "(NAMESPACE/NAME or NAME in default; repeatable); failed lookups are traced "
                  "for every pod")
      ->allow_extra_args(false);  // one pod per --trace-pod; the scenarios stay positional
  add_jobs_option(*sub, o->jobs, "scenarios simulated at once");
  sub->add_flag("--strict", o->strict, "a scenario that declares no expectations fails");
  sub->add_flag("--stats", o->stats,
                "after the run, print each scenario's wall time, peak memory and event rate to "
                "stderr, then a table of events and wall time per model (the model whose code "
                "scheduled each event; kernel: the time between events)");
  sub->callback([o, &exit_code] { exit_code = run(*o); });
}

}  // namespace ekssim::cli
