#include "tools/cli/report_github.h"

#include <fmt/format.h>

namespace ekssim::cli {

namespace {

// The runner's escaping: '%', CR and LF in the message; also ':' and ',' in properties.
std::string escape(std::string_view text, bool property) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
  return out;
}

std::string expectation_annotations(const ScenarioOutcome& outcome) {
  std::string out;
  for (const auto& e : outcome.report->expectations) {
    if (e.passed) continue;
    out += github_annotation("error", outcome.file, e.line, 0,
                             "ekssim: expectation failed: " + e.name, e.detail);
  }
  return out;
}

std::string summary(const ScenarioOutcome& outcome, Verdict verdict) {
  if (verdict == Verdict::kLoadError) {
    const size_t errors = scenario::error_count(outcome.diagnostics);
    return fmt::format("ekssim: {}: not run, {} load error{}\n", outcome.file, errors,
                       errors == 1 ? "" : "s");
  }
  if (verdict == Verdict::kInternalError) {
    return fmt::format("ekssim: {}: not finished, internal error\n", outcome.file);
  }
  const report::RunReport& r = *outcome.report;
  size_t met = 0;
  for (const auto& e : r.expectations)
    met += e.passed ? 1 : 0;
  return fmt::format("ekssim: {}: {} of {} expectations met (scenario {}, seed {}, digest {})\n",
                     outcome.file, met, r.expectations.size(), r.scenario, r.seed, r.digest);
}

}  // namespace

std::string diagnostic_annotations(const std::vector<scenario::Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) {
    const std::string message =
        d.expected.empty() ? d.message : fmt::format("{}; expected {}", d.message, d.expected);
    out += github_annotation(d.warning ? "warning" : "error", d.path, d.line, d.column,
                             d.warning ? "ekssim: warning" : "ekssim: the scenario did not load",
                             message);
  }
  return out;
}

std::string github_annotation(std::string_view level, std::string_view file, int line,
                              int column, std::string_view title, std::string_view message) {
  std::string properties = "file=" + escape(file, true);
  if (line > 0) properties += fmt::format(",line={}", line);
  if (line > 0 && column > 0) properties += fmt::format(",col={}", column);
  properties += ",title=" + escape(title, true);
  return fmt::format("::{} {}::{}\n", level, properties, escape(message, false));
}

std::string format_github(const std::vector<ScenarioOutcome>& outcomes, bool strict) {
  std::string annotations, summaries;
  for (const auto& outcome : outcomes) {
    const Verdict verdict = verdict_of(outcome, strict);
    annotations += diagnostic_annotations(outcome.diagnostics);
    switch (verdict) {
      case Verdict::kLoadError: break;
      case Verdict::kInternalError:
        annotations += github_annotation("error", outcome.file, 0, 0,
                                         "ekssim: internal error", outcome.internal_error);
        break;
      case Verdict::kNoExpectations:
        annotations += github_annotation("error", outcome.file, 0, 0,
                                         "ekssim: no expectations", kNoExpectationsMessage);
        break;
      case Verdict::kFailed: annotations += expectation_annotations(outcome); break;
      case Verdict::kPassed: break;
    }
    summaries += summary(outcome, verdict);
  }
  return annotations + summaries;
}

}  // namespace ekssim::cli
