#include "tools/scenario/diagnostics.h"

#include <catch2/catch.hpp>

namespace ekssim::scenario {
namespace {

TEST_CASE("A diagnostic formats as path:line:col, the source line and a caret under the column") {
  DiagnosticSink sink("s.yaml", "a: 1\nreplicas: three\n");
  sink.error({2, 11}, "replicas is 'three'", "an integer from 0 to 100000");
  const auto d = sink.take_sorted();
  REQUIRE(d.size() == 1);
  CHECK(d[0].format() ==
        "s.yaml:2:11: error: replicas is 'three'; expected an integer from 0 to 100000\n"
        "  replicas: three\n"
        "            ^");
}

TEST_CASE("A file that cannot be read formats on one line without a position") {
  DiagnosticSink sink("missing.yaml", "");
  sink.error({}, "cannot read: No such file or directory", "");
  CHECK(format_diagnostics(sink.take_sorted()) ==
        "missing.yaml: error: cannot read: No such file or directory\n");
}

TEST_CASE("The caret keeps tabs and counts a multi-byte character as one column of screen") {
  DiagnosticSink sink("s.yaml", "\tx: \xC3\xA9t\xC3\xA9 bad\n");
  // Column 11 counts bytes: the tab, "x: ", "été" (five bytes) and a space come before the "b".
  sink.error({1, 11}, "m", "e");
  CHECK(sink.take_sorted()[0].format() ==
        "s.yaml:1:11: error: m; expected e\n"
        "  \tx: \xC3\xA9t\xC3\xA9 bad\n"
        "  \t       ^");
}

TEST_CASE("Diagnostics are sorted by line, column and message, and duplicates are dropped") {
  DiagnosticSink sink("s.yaml", "a\nb\nc\n");
  sink.error({3, 1}, "third", "x");
  sink.error({1, 2}, "b-message", "x");
  sink.error({1, 2}, "a-message", "x");
  sink.error({3, 1}, "third", "x");
  sink.error({2, 5}, "second", "x");
  const auto d = sink.take_sorted();
  REQUIRE(d.size() == 4);
  CHECK(d[0].message == "a-message");
  CHECK(d[1].message == "b-message");
  CHECK(d[2].message == "second");
  CHECK(d[3].message == "third");
}

TEST_CASE("A Windows line ending is not part of the source line shown") {
  DiagnosticSink sink("s.yaml", "a: 1\r\nb: 2\r\n");
  sink.error({2, 4}, "m", "e");
  CHECK(sink.take_sorted()[0].source_line == "b: 2");
}

}  // namespace
}  // namespace ekssim::scenario
