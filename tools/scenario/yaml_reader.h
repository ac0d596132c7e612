#pragma once
// Typed, located access to a yaml-cpp tree. Every conversion either returns a value or reports a
// diagnostic at the node and returns nullopt, so a loader collects every mistake in one pass.
//
// yaml-cpp 0.7 keeps every pair of a map, duplicates included, and never complains about a key
// nobody read; MapReader does both checks (STYLE.md, "Errors").

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

// 1-based; {0, 0} for a node without a position.
spec::Location location_of(const YAML::Node& node);
// How a value reads in a message: 'text', "a map", "a list" or "empty".
std::string describe(const YAML::Node& node);
// True for a scalar written in quotes (or with an explicit tag): always a string in YAML.
bool is_quoted(const YAML::Node& node);
// True for an unquoted scalar that YAML (1.1, as Kubernetes' parser reads it) takes for a number,
// a boolean or null rather than a string: 5, 1.5, true, yes, on, ~.
bool plain_non_string(const YAML::Node& node);

class Reader {
 public:
  explicit Reader(DiagnosticSink& sink) : sink_(sink) {}

  void error(const YAML::Node& at, std::string message, std::string expected);
  void error(spec::Location at, std::string message, std::string expected);
  size_t error_count() const { return sink_.count(); }
  // yaml-cpp places an empty value (`key:` then a newline) at the start of the next line; errors
  // about it point at its key instead.
  void note_empty_value(const YAML::Node& value, spec::Location key_location);

  // `label` names the value in messages: a key ("replicas") or a list item ("subnets[2]").
  std::optional<std::string> text(const YAML::Node& node, std::string_view label,
                                  std::string_view expected = "text");
  // Text that Kubernetes would also read as a string: an env value or label value written
  // `"5"`, not `5`.
  std::optional<std::string> k8s_string(const YAML::Node& node, std::string_view label);
  std::optional<int64_t> integer(const YAML::Node& node, std::string_view label, int64_t min,
                                 int64_t max);
  std::optional<bool> boolean(const YAML::Node& node, std::string_view label);
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

enum class Need { kOptional, kRequired };

// One YAML map being read. Keys asked for are the known keys: finish() reports every other key
// as unknown, suggesting the nearest known one. Duplicate keys are reported on construction.
class MapReader {
 public:
  // `label` is where the map is ("subnets[1]"), `what` what it describes ("a subnet"). With
  // `allow_null`, an empty value (`noIpFailures:`) reads as an empty map.
  MapReader(Reader& reader, const YAML::Node& node, std::string label, std::string what,
            bool allow_null = false);

  bool ok() const { return ok_; }
  spec::Location location() const { return location_of(node_); }
  const std::string& what() const { return what_; }
  // Names the element in later messages once its name is known: "subnet 'private-1a'".
  void set_what(std::string what) { what_ = std::move(what); }
  Reader& reader() { return reader_; }

  // Marks `key` known and returns its value, if present.
  std::optional<YAML::Node> get(std::string_view key);
  // As get(); a missing key is reported with `expected` describing its value.
  std::optional<YAML::Node> require(std::string_view key, std::string_view expected);
  // Whether `key` is present, without marking it known.
  bool has(std::string_view key) const;
  struct Entry {
    std::string key;
    YAML::Node key_node;
    YAML::Node value;
  };
  // The pairs present, in order, all marked known (for maps whose keys are data).
  std::vector<Entry> entries();
  // Keys present among `keys`, in the order given.
  std::vector<std::string> present(const std::vector<std::string>& keys) const;

  std::optional<std::string> text(std::string_view key, Need need,
                                  std::string_view expected = "text");
  std::optional<int64_t> integer(std::string_view key, Need need, int64_t min, int64_t max);
  std::optional<bool> boolean(std::string_view key, Need need);
  std::optional<sim::Duration> duration(std::string_view key, Need need);
  std::optional<net::Cidr> cidr(std::string_view key, Need need);
  std::optional<net::Ipv4> ipv4(std::string_view key, Need need);
  std::optional<spec::Ref> ref(std::string_view key, Need need, std::string_view expected);
  std::optional<std::string> one_of(std::string_view key, Need need,
                                    const std::vector<std::string>& allowed);
  std::vector<spec::Ref> refs(std::string_view key, Need need, std::string_view expected_item);
  std::map<std::string, std::string> string_map(std::string_view key);

  // Reports the unknown keys and returns how many there were. Call once, after every get().
  size_t finish();

 private:
  using Pair = Entry;
  const Pair* find(std::string_view key) const;

  Reader& reader_;
  YAML::Node node_;
  std::string label_;
  std::string what_;
  bool ok_ = false;
  std::vector<Pair> pairs_;
  std::vector<std::string> known_;
};

}  // namespace ekssim::scenario
