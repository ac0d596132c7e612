#include "tools/cli/report_junit.h"

#include <fmt/format.h>

#include "tools/cli/utf8.h"

namespace ekssim::cli {

std::string xml_escape(std::string_view raw) {
  // Names come from user files: bytes that are not UTF-8 would make the document invalid XML.
  const std::string text = valid_utf8(raw);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 forbids most control characters, even escaped.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

namespace {

int failures_of(const report::RunReport& r) {
  int failures = 0;
  for (const auto& e : r.expectations) failures += e.passed ? 0 : 1;
  return failures;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

struct SuiteCounts {
  size_t tests = 0;
  int failures = 0;
  int errors = 0;
  double seconds = 0;  // virtual
};

SuiteCounts counts_of(const ScenarioOutcome& outcome, bool strict) {
  switch (verdict_of(outcome, strict)) {
    case Verdict::kLoadError:
    case Verdict::kInternalError: return {1, 0, 1, 0};
    case Verdict::kNoExpectations: return {1, 1, 0, outcome.report->virtual_seconds};
    case Verdict::kPassed:
    case Verdict::kFailed: break;
  }
  const report::RunReport& r = *outcome.report;
  return {r.expectations.size(), failures_of(r), 0, r.virtual_seconds};
}

std::string properties(const report::RunReport& r) {
  std::string out = "    <properties>\n";
  out += fmt::format("      <property name=\"seed\" value=\"{}\"/>\n", r.seed);
  out += fmt::format("      <property name=\"virtualSeconds\" value=\"{}\"/>\n",
                     r.virtual_seconds);
  out += fmt::format("      <property name=\"events\" value=\"{}\"/>\n", r.events);
  out += fmt::format("      <property name=\"digest\" value=\"{}\"/>\n", xml_escape(r.digest));
  out += "    </properties>\n";
  return out;
}

std::string expectation_cases(const std::string& suite, const report::RunReport& r) {
  std::string out;
  for (const auto& e : r.expectations) {
    out += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"0\"", suite,
                       xml_escape(e.name));
    if (e.passed) {
      out += fmt::format(">\n      <system-out>{}</system-out>\n    </testcase>\n",
                         xml_escape(e.detail));
    } else {
      out += fmt::format(">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                         xml_escape(e.kind), xml_escape(first_line(e.detail)),
                         xml_escape(e.detail));
      out += "    </testcase>\n";
    }
  }
  return out;
}

// The one test case of a file that did not load, broke an invariant or declared nothing.
std::string problem_case(const std::string& suite, const ScenarioOutcome& outcome,
                         Verdict verdict) {
  if (verdict == Verdict::kNoExpectations) {
    return fmt::format(
        "    <testcase classname=\"{}\" name=\"expectations\" time=\"0\">\n"
        "      <failure type=\"NoExpectations\" message=\"{}\"/>\n    </testcase>\n",
        suite, xml_escape(kNoExpectationsMessage));
  }
  std::string type = "InternalError", body = outcome.internal_error;
  if (verdict == Verdict::kLoadError) {
    type = "LoadError";
    body = scenario::format_diagnostics(outcome.diagnostics);
  }
  return fmt::format(
      "    <testcase classname=\"{}\" name=\"{}\" time=\"0\">\n"
      "      <error type=\"{}\" message=\"{}\">{}</error>\n    </testcase>\n",
      suite, verdict == Verdict::kLoadError ? "load" : "run", type, xml_escape(first_line(body)),
      xml_escape(body));
}

std::string suite_of(const ScenarioOutcome& outcome, bool strict) {
  const Verdict verdict = verdict_of(outcome, strict);
  const SuiteCounts c = counts_of(outcome, strict);
  const bool ran = outcome.report && verdict != Verdict::kInternalError;
  // A file that did not load has no scenario name: the suite is named after the file.
  const std::string suite = xml_escape(ran ? outcome.report->scenario : outcome.file);
  std::string out = fmt::format(
      "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" "
      "time=\"{:.3f}\" file=\"{}\">\n",
      suite, c.tests, c.failures, c.errors, c.seconds, xml_escape(outcome.file));
  if (ran) out += properties(*outcome.report);
  if (verdict == Verdict::kPassed || verdict == Verdict::kFailed) {
    out += expectation_cases(suite, *outcome.report);
  } else {
    out += problem_case(suite, outcome, verdict);
  }
  return out + "  </testsuite>\n";
}

}  // namespace

std::string format_junit(const std::vector<ScenarioOutcome>& outcomes, bool strict) {
  SuiteCounts total;
  for (const auto& outcome : outcomes) {
    const SuiteCounts c = counts_of(outcome, strict);
    total.tests += c.tests;
    total.failures += c.failures;
    total.errors += c.errors;
    total.seconds += c.seconds;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<testsuites name=\"ekssim\" tests=\"{}\" failures=\"{}\" errors=\"{}\" "
      "time=\"{:.3f}\">\n",
      total.tests, total.failures, total.errors, total.seconds);
  for (const auto& outcome : outcomes)
    out += suite_of(outcome, strict);
  out += "</testsuites>\n";
  return out;
}

}  // namespace ekssim::cli
