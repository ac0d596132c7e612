#pragma once
// Typed, located access to a yaml-cpp tree. Every conversion either returns a value or reports a
// diagnostic at the node and returns nullopt, so a loader collects every mistake in one pass.
//
// Maps are read with MapReader (map_reader.h).

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/net/ipv4.h"
#include "models/spec/location.h"
#include "sim/time.h"
#include "tools/scenario/diagnostics.h"

namespace ekssim::scenario {

// What each kind of value looks like, for "expected …".
inline constexpr std::string_view kDurationExpected = "a duration such as 500ms, 30s, 5m or 1h30m";
inline constexpr std::string_view kCidrExpected = "a CIDR block such as 10.0.0.0/16";
inline constexpr std::string_view kIpv4Expected = "an IPv4 address such as 10.0.0.10";
// "an integer from 0 to 10", or "an integer of at least 1" when `max` is the largest int64.
std::string integer_expected(int64_t min, int64_t max);

// 1-based; {0, 0} for a node without a position.
spec::Location location_of(const YAML::Node& node);
// How a value reads in a message: 'text', "a map", "a list" or "empty".
std::string describe(const YAML::Node& node);
// The YAML core schema's tags, as yaml-cpp spells `!!int`: "tag:yaml.org,2002:int".
inline constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";
// True when `node` carries the core schema tag `!!core_type` ("int", "str", "bool" …).
bool has_tag(const YAML::Node& node, std::string_view core_type);
// True for a scalar that is text whatever it reads like: written in quotes, or tagged `!!str` (or
// with a tag of its own). `!!int 60`, `!!bool true`, `!!float 1.5` and `!!null` are not: an
// integer key takes `!!int 60` as 60, as a YAML core-schema parser does.
bool is_quoted(const YAML::Node& node);
// True for an unquoted scalar that YAML (1.1, as Kubernetes' parser reads it) takes for a number,
// a boolean or null rather than a string: 5, 1.5, true, yes, on, ~.
bool plain_non_string(const YAML::Node& node);

class Reader {
 public:
  explicit Reader(DiagnosticSink& sink) : sink_(sink) {}

  void error(const YAML::Node& at, std::string message, std::string expected);
  void error(spec::Location at, std::string message, std::string expected);
  // A located warning: the scenario still loads.
  void warning(const YAML::Node& at, std::string message, std::string expected);
  void warning(spec::Location at, std::string message, std::string expected);
  size_t error_count() const { return sink_.count(); }
  // yaml-cpp places an empty value (`key:` then a newline) at the start of the next line; errors
  // about it point at its key instead.
  void note_empty_value(const YAML::Node& value, spec::Location key_location);

  // `label` names the value in messages: a key ("replicas") or a list item ("subnets[2]").
  // Text is never empty.
  std::optional<std::string> text(const YAML::Node& node, std::string_view label,
                                  std::string_view expected = "text");
  // Text that Kubernetes would also read as a string: an env value or label value written
  // `"5"`, not `5`. May be empty when quoted.
  std::optional<std::string> k8s_string(const YAML::Node& node, std::string_view label);
  std::optional<int64_t> integer(const YAML::Node& node, std::string_view label, int64_t min,
                                 int64_t max);
  std::optional<bool> boolean(const YAML::Node& node, std::string_view label);
  // A number from 0 to 1 ("0.02").
  std::optional<double> probability(const YAML::Node& node, std::string_view label);
  std::optional<sim::Duration> duration(const YAML::Node& node, std::string_view label);
  std::optional<net::Cidr> cidr(const YAML::Node& node, std::string_view label);
  std::optional<net::Ipv4> ipv4(const YAML::Node& node, std::string_view label);
  std::optional<int64_t> cpu(const YAML::Node& node, std::string_view label);
  std::optional<int64_t> memory(const YAML::Node& node, std::string_view label);
  // A name of something else; `expected` says what ("a subnet name").
  std::optional<spec::Ref> ref(const YAML::Node& node, std::string_view label,
                               std::string_view expected);
  // One of `allowed`, exactly as spelled there; otherwise "unknown <label> '<value>'" with the
  // nearest allowed value suggested.
  std::optional<std::string> one_of(const YAML::Node& node, std::string_view label,
                                    const std::vector<std::string>& allowed);
  // The items of a list. A map or a scalar where a list belongs is an error.
  std::optional<std::vector<YAML::Node>> list(const YAML::Node& node, std::string_view label,
                                              std::string_view expected);
  // A list of names (`subnets: [a, b]`).
  std::vector<spec::Ref> refs(const YAML::Node& node, std::string_view label,
                              std::string_view expected_item);
  // A map of strings to strings (labels, selectors, env), duplicates reported.
  std::map<std::string, std::string> string_map(
      const YAML::Node& node, std::string_view label,
      std::map<std::string, spec::Location>* locations = nullptr);

 private:
  DiagnosticSink& sink_;
  std::vector<std::pair<YAML::Node, spec::Location>> empty_values_;
};

}  // namespace ekssim::scenario
