#pragma once
// Reading one YAML map. yaml-cpp 0.7 keeps every pair of a map, duplicates included, and never
// complains about a key nobody read; MapReader does both checks (STYLE.md, "Errors").

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/scenario/yaml_reader.h"

namespace ekssim::scenario {

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
  // As get(); a missing key is reported with `expected` describing its value, by finish() (or
  // the destructor, if finish() is never called) unless an unknown key is its misspelling.
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
  std::optional<double> probability(std::string_view key, Need need);
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
  ~MapReader();
  MapReader(const MapReader&) = delete;
  MapReader& operator=(const MapReader&) = delete;

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
  std::vector<std::pair<std::string, std::string>> missing_;  // key, expected
  bool finished_ = false;
};

}  // namespace ekssim::scenario
