#include "tools/cli/report_junit.h"

#include <fmt/format.h>

namespace ekssim::cli {

std::string xml_escape(std::string_view text) {
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

}  // namespace

std::string format_junit(const std::vector<report::RunReport>& reports) {
  size_t tests = 0;
  int failures = 0;
  double wall = 0;
  for (const auto& r : reports) {
    tests += r.expectations.size();
    failures += failures_of(r);
    wall += r.wall_seconds;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"ekssim\" tests=\"{}\" failures=\"{}\" time=\"{:.3f}\">\n",
                     tests, failures, wall);
  for (const auto& r : reports) {
    const std::string suite = xml_escape(r.scenario);
    out += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" "
        "time=\"{:.3f}\" file=\"{}\">\n",
        suite, r.expectations.size(), failures_of(r), r.wall_seconds, xml_escape(r.file));
    out += "    <properties>\n";
    out += fmt::format("      <property name=\"seed\" value=\"{}\"/>\n", r.seed);
    out += fmt::format("      <property name=\"virtualSeconds\" value=\"{}\"/>\n",
                       r.virtual_seconds);
    out += fmt::format("      <property name=\"events\" value=\"{}\"/>\n", r.events);
    out += fmt::format("      <property name=\"digest\" value=\"{}\"/>\n", xml_escape(r.digest));
    out += "    </properties>\n";
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
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace ekssim::cli
