#include "tools/scenario/yaml_reader.h"

#include <catch2/catch.hpp>

#include "tools/scenario/map_reader.h"

namespace ekssim::scenario {
namespace {

YAML::Node scalar(const std::string& yaml) {
  return YAML::Load("v: " + yaml)["v"];
}

TEST_CASE("Unquoted scalars that YAML 1.1 reads as numbers, booleans or null are not strings") {
  for (const char* s : {"5", "-3", "1.5", ".5", "1e3", "0x1F", "0o17", ".inf", "true", "False",
                        "yes", "on", "OFF", "y", "~", "null"}) {
    INFO(s);
    CHECK(plain_non_string(scalar(s)));
  }
  for (const char* s : {"\"5\"", "'true'", "abc", "1.2.3", "10.0.0.0/16", "5m", "v1"}) {
    INFO(s);
    CHECK_FALSE(plain_non_string(scalar(s)));
  }
}

TEST_CASE("Quoted scalars are told apart from plain ones") {
  CHECK(is_quoted(scalar("\"x\"")));
  CHECK(is_quoted(scalar("'x'")));
  CHECK_FALSE(is_quoted(scalar("x")));
}

TEST_CASE("describe names what a value is, for messages") {
  CHECK(describe(scalar("abc")) == "'abc'");
  CHECK(describe(scalar("[1]")) == "a list");
  CHECK(describe(scalar("{a: 1}")) == "a map");
  CHECK(describe(YAML::Load("v:")["v"]) == "empty");
}

TEST_CASE("An empty value is reported at its key, not where yaml-cpp places it") {
  const std::string text = "a:\nb: 1\n";
  DiagnosticSink sink("s.yaml", text);
  Reader reader(sink);
  {
    MapReader map(reader, YAML::Load(text), "the file", "a test map");
    map.integer("a", Need::kRequired, 0, 10);
    map.integer("b", Need::kRequired, 0, 10);
    map.finish();
  }
  CHECK(format_diagnostics(sink.take_sorted()) ==
        "s.yaml:1:1: error: a is empty; expected an integer from 0 to 10\n"
        "  a:\n"
        "  ^\n");
}

TEST_CASE("A required key that is missing is reported once the map is read") {
  const std::string text = "{b: 1}";
  DiagnosticSink sink("s.yaml", text);
  Reader reader(sink);
  {
    MapReader map(reader, YAML::Load(text), "the file", "a test map");
    map.text("a", Need::kRequired, "a letter");
    map.integer("b", Need::kRequired, 0, 10);
    CHECK(sink.count() == 0);
    map.finish();
  }
  CHECK(format_diagnostics(sink.take_sorted()) ==
        "s.yaml:1:1: error: missing 'a' in a test map; expected a: a letter\n"
        "  {b: 1}\n"
        "  ^\n");
}

}  // namespace
}  // namespace ekssim::scenario
