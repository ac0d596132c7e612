// `ekssim check SCENARIO…`: loads and validates every scenario without running any, and reports
// every located diagnostic of every file as text (stderr), JSON, JUnit or GitHub annotations.
// Exit 2 if any file has a problem, else 0. --strict: a scenario without expectations is one.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>

#include "tools/cli/exit_codes.h"
#include "tools/cli/output_file.h"
#include "tools/cli/parallel.h"
#include "tools/cli/report_github.h"
#include "tools/cli/report_json.h"
#include "tools/cli/report_junit.h"
#include "tools/cli/scenario_outcome.h"
#include "tools/cli/subcommands.h"
#include "tools/import/resolve.h"
#include "tools/scenario/loader.h"
#include "tools/scenario/planner_warnings.h"

namespace ekssim::cli {

namespace {

struct CheckOptions {
  std::vector<std::string> files;
  unsigned jobs = default_jobs();
  std::string format = "text";
  std::string output;
  bool strict = false;
};

struct Checked {
  std::string file;
  std::vector<scenario::Diagnostic> diagnostics;  // errors and warnings
  std::string planner_warnings;                   // capacity advice (planner_warnings.h)
  bool loaded = false;
  bool no_expectations = false;  // a problem only under --strict

  bool ok(bool strict) const { return loaded && !(strict && no_expectations); }
};

// The summary line; the diagnostics go to stderr as they are found.
std::string format_check_summary(const std::vector<Checked>& checked, bool strict) {
  size_t bad_files = 0, problems = 0;
  for (const auto& c : checked) {
    bad_files += c.ok(strict) ? 0 : 1;
    problems += scenario::error_count(c.diagnostics) + (strict && c.no_expectations ? 1 : 0);
  }
  const size_t n = checked.size();
  if (bad_files == 0) return fmt::format("{} scenario{} OK\n", n, n == 1 ? "" : "s");
  return fmt::format("{} error{} in {} of {} scenario{}\n", problems,
                           problems == 1 ? "" : "s", bad_files, n, n == 1 ? "" : "s");
}

std::string format_check_json(const std::vector<Checked>& checked, bool strict) {
  nlohmann::ordered_json checks = nlohmann::ordered_json::array();
  for (const auto& c : checked) {
    nlohmann::ordered_json diagnostics = nlohmann::ordered_json::array();
    for (const auto& d : c.diagnostics)
      diagnostics.push_back(diagnostic_to_json(d));
    nlohmann::ordered_json j = {{"file", c.file}, {"ok", c.ok(strict)}};
    j["diagnostics"] = std::move(diagnostics);
    if (strict && c.no_expectations) j["failure"] = kNoExpectationsMessage;
    checks.push_back(std::move(j));
  }
  nlohmann::ordered_json document;
  document["reportVersion"] = kReportVersion;
  document["ekssimVersion"] = ekssim_version();
  if (strict) document["strict"] = true;
  document["checks"] = std::move(checks);
  return dump_json(document);
}

std::string format_check_junit(const std::vector<Checked>& checked, bool strict) {
  size_t errors = 0;
  for (const auto& c : checked)
    errors += c.ok(strict) ? 0 : 1;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<testsuites name=\"ekssim check\" tests=\"{}\" failures=\"0\" errors=\"{}\" "
      "time=\"0\">\n",
      checked.size(), errors);
  for (const auto& c : checked) {
    const std::string file = xml_escape(c.file);
    out += fmt::format(
        "  <testsuite name=\"{}\" tests=\"1\" failures=\"0\" errors=\"{}\" skipped=\"0\" "
        "time=\"0\" file=\"{}\">\n    <testcase classname=\"{}\" name=\"load\" time=\"0\"",
        file, c.ok(strict) ? 0 : 1, file, file);
    if (c.ok(strict)) {
      out += "/>\n";
    } else {
      const std::string body = c.loaded ? std::string(kNoExpectationsMessage)
                                        : scenario::format_diagnostics(c.diagnostics);
      out += fmt::format(">\n      <error type=\"LoadError\" message=\"{}\">{}</error>\n",
                         xml_escape(body.substr(0, body.find('\n'))), xml_escape(body));
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  return out + "</testsuites>\n";
}

std::string format_check_github(const std::vector<Checked>& checked, bool strict) {
  std::string out;
  for (const auto& c : checked) {
    out += diagnostic_annotations(c.diagnostics);
    if (strict && c.no_expectations) {
      out += github_annotation("error", c.file, 0, 0, "ekssim: no expectations",
                               kNoExpectationsMessage);
    }
  }
  return out;
}

int check(const CheckOptions& o) {
  if (!o.output.empty()) {
    if (auto problem = output_path_problem(o.output)) {
      std::cerr << "ekssim check: error: " << *problem << "\n";
      return kExitBadInput;
    }
  }
  std::vector<std::function<Checked()>> work;
  for (const std::string& file : o.files) {
    work.emplace_back([file] {
      auto result = import::load_scenario_file(file);
      std::string advice =
          result.ok() ? scenario::planner_warnings_for_file(*result.scenario, file) : "";
      return Checked{file, result.diagnostics, std::move(advice), result.ok(),
                     result.ok() && result.scenario->expectations.empty()};
    });
  }
  const auto checked = run_in_parallel(work, o.jobs);
  std::string report;
  if (o.format == "json") {
    report = format_check_json(checked, o.strict);
  } else if (o.format == "junit") {
    report = format_check_junit(checked, o.strict);
  } else if (o.format == "github") {
    report = format_check_github(checked, o.strict);
  } else {
    // Text keeps its old streams: diagnostics (warnings too) and the error count on stderr,
    // "N scenarios OK" on stdout.
    for (const auto& c : checked) {
      std::cerr << scenario::format_diagnostics(c.diagnostics) << c.planner_warnings;
      if (o.strict && c.no_expectations) {
        std::cerr << fmt::format("{}: error: {}\n", c.file, kNoExpectationsMessage);
      }
    }
    const bool ok = std::all_of(checked.begin(), checked.end(),
                                [&](const Checked& c) { return c.ok(o.strict); });
    (ok ? std::cout : std::cerr) << format_check_summary(checked, o.strict);
    return ok ? kExitOk : kExitBadInput;
  }
  if (auto error = write_output(o.output.empty() ? "-" : o.output, report)) {
    std::cerr << "ekssim check: error: " << *error << "\n";
    return kExitBadInput;
  }
  bool ok = true;
  for (const auto& c : checked) {
    std::cerr << scenario::format_diagnostics(c.diagnostics);
    ok = ok && c.ok(o.strict);
  }
  return ok ? kExitOk : kExitBadInput;
}

}  // namespace

void add_check_subcommand(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<CheckOptions>();
  CLI::App* sub = app.add_subcommand("check", "Validate scenarios without running them");
  sub->add_option("scenarios", o->files, "scenario files")->required();
  add_jobs_option(*sub, o->jobs, "scenarios checked at once");
  sub->add_option("--format", o->format, "text, json, junit or github (workflow annotations)")
      ->check(CLI::IsMember({"text", "json", "junit", "github"}))
      ->capture_default_str();
  sub->add_option("--output,-o", o->output, "write the report here (- is stdout)");
  sub->add_flag("--strict", o->strict, "a scenario that declares no expectations is an error");
  sub->callback([o, &exit_code] { exit_code = check(*o); });
}

}  // namespace ekssim::cli
