#include "tools/scenario/yaml_reader.h"

#include <catch2/catch.hpp>
#include <limits>

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

TEST_CASE("describe shortens a long value without cutting a UTF-8 character in two") {
  // 56 ASCII letters, then 'é' (2 bytes) straddling the 57-byte cut.
  const std::string long_value = std::string(56, 'a') + "\xc3\xa9" + std::string(10, 'b');
  CHECK(describe(scalar(long_value)) == "'" + std::string(56, 'a') + "...'");
}

// Reads `yaml` as the value of key `v` with Reader::integer(v, 0, max int64); returns the value,
// or the diagnostics' text.
std::string integer_of(const std::string& yaml) {
  const std::string text = "v: " + yaml + "\n";
  DiagnosticSink sink("s.yaml", text);
  Reader reader(sink);
  const auto value = reader.integer(YAML::Load(text)["v"], "v", std::numeric_limits<int64_t>::min(),
                                    std::numeric_limits<int64_t>::max());
  if (value) return std::to_string(*value);
  return format_diagnostics(sink.take_sorted());
}

TEST_CASE("Integers at the limits of int64 are read, and beyond them are out of range") {
  CHECK(integer_of("9223372036854775807") == "9223372036854775807");
  CHECK(integer_of("-9223372036854775808") == "-9223372036854775808");
  CHECK(integer_of("+42") == "42");
  CHECK(integer_of("007") == "7");
  CHECK(integer_of("9223372036854775808") ==
        "s.yaml:1:4: error: v 9223372036854775808 is out of range; expected an integer of at "
        "least -9223372036854775808\n"
        "  v: 9223372036854775808\n"
        "     ^\n");
  CHECK(integer_of("-9223372036854775809").find("is out of range") != std::string::npos);
  CHECK(integer_of("99999999999999999999999999999").find("is out of range") != std::string::npos);
}

TEST_CASE("Explicit core-schema tags: !!int is an integer, !!str is text") {
  CHECK(integer_of("!!int 60") == "60");
  CHECK(integer_of("!!str 60") ==
        "s.yaml:1:4: error: v is '60' (tagged !!str); expected an integer of at least "
        "-9223372036854775808\n"
        "  v: !!str 60\n"
        "     ^\n");
  CHECK(integer_of("\"60\"").find("v is '60' (in quotes, so text)") != std::string::npos);
  CHECK(integer_of("!!float 60").find("(tagged !!float)") != std::string::npos);
  CHECK(integer_of("!!int sixty").find("v is 'sixty'") != std::string::npos);
  CHECK(plain_non_string(scalar("!!int 5")));
  CHECK(plain_non_string(scalar("!!bool true")));
  CHECK_FALSE(plain_non_string(scalar("!!str 5")));
  CHECK(is_quoted(scalar("!!str 5")));
  CHECK_FALSE(is_quoted(scalar("!!int 5")));
}

TEST_CASE("!!bool true is a boolean, and !!str true is text") {
  const std::string text = "a: !!bool true\nb: !!str true\n";
  DiagnosticSink sink("s.yaml", text);
  Reader reader(sink);
  const YAML::Node root = YAML::Load(text);
  CHECK(reader.boolean(root["a"], "a") == std::optional<bool>(true));
  CHECK_FALSE(reader.boolean(root["b"], "b"));
  CHECK(format_diagnostics(sink.take_sorted()) ==
        "s.yaml:2:4: error: b is 'true'; expected true or false\n"
        "  b: !!str true\n"
        "     ^\n");
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
