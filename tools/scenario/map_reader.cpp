#include "tools/scenario/map_reader.h"

#include <fmt/format.h>

#include <algorithm>

#include "tools/scenario/edit_distance.h"

namespace ekssim::scenario {

MapReader::MapReader(Reader& reader, const YAML::Node& node, std::string label, std::string what,
                     bool allow_null)
    : reader_(reader), node_(node), label_(std::move(label)), what_(std::move(what)) {
  if (allow_null && node.IsNull()) {
    ok_ = true;
    return;
  }
  if (!node.IsMap()) {
    reader_.error(node, fmt::format("{} is {}", label_, describe(node)),
                  "a map describing " + what_);
    return;
  }
  ok_ = true;
  for (auto it = node.begin(); it != node.end(); ++it) {
    // Copies: the iterator's pair is a temporary proxy.
    const YAML::Node key = it->first;
    const YAML::Node value = it->second;
    if (!key.IsScalar()) {
      reader_.error(key, fmt::format("a key in {} is {}", what_, describe(key)), "a text key");
      continue;
    }
    if (const Pair* first = find(key.Scalar())) {
      reader_.error(key,
                    fmt::format("duplicate key '{}' in {} (first at line {})", key.Scalar(), what_,
                                location_of(first->key_node).line),
                    "each key once");
      continue;
    }
    pairs_.push_back({key.Scalar(), key, value});
  }
}

const MapReader::Pair* MapReader::find(std::string_view key) const {
  for (const Pair& p : pairs_) {
    if (p.key == key) return &p;
  }
  return nullptr;
}

std::optional<YAML::Node> MapReader::get(std::string_view key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
  const Pair* p = find(key);
  if (!p) return std::nullopt;
  if (p->value.IsNull()) reader_.note_empty_value(p->value, location_of(p->key_node));
  return p->value;
}

std::optional<YAML::Node> MapReader::require(std::string_view key, std::string_view expected) {
  auto value = get(key);
  if (!value && ok_) missing_.emplace_back(key, expected);
  return value;
}

bool MapReader::has(std::string_view key) const {
  return find(key) != nullptr;
}

std::vector<MapReader::Entry> MapReader::entries() {
  for (const Pair& p : pairs_)
    get(p.key);
  return pairs_;
}

std::vector<std::string> MapReader::present(const std::vector<std::string>& keys) const {
  std::vector<std::string> out;
  for (const std::string& k : keys) {
    if (has(k)) out.push_back(k);
  }
  return out;
}

namespace {

template <typename Read>
auto field(MapReader& map, std::string_view key, Need need, std::string_view expected, Read read)
    -> decltype(read(YAML::Node())) {
  auto node = need == Need::kRequired ? map.require(key, expected) : map.get(key);
  if (!node) return std::nullopt;
  return read(*node);
}

}  // namespace

std::optional<std::string> MapReader::text(std::string_view key, Need need,
                                           std::string_view expected) {
  return field(*this, key, need, expected,
               [&](const YAML::Node& n) { return reader_.text(n, key, expected); });
}

std::optional<int64_t> MapReader::integer(std::string_view key, Need need, int64_t min,
                                          int64_t max) {
  return field(*this, key, need, integer_expected(min, max),
               [&](const YAML::Node& n) { return reader_.integer(n, key, min, max); });
}

std::optional<double> MapReader::probability(std::string_view key, Need need) {
  return field(*this, key, need, "a probability from 0 to 1",
               [&](const YAML::Node& n) { return reader_.probability(n, key); });
}

std::optional<bool> MapReader::boolean(std::string_view key, Need need) {
  return field(*this, key, need, "true or false",
               [&](const YAML::Node& n) { return reader_.boolean(n, key); });
}

std::optional<sim::Duration> MapReader::duration(std::string_view key, Need need) {
  return field(*this, key, need, kDurationExpected,
               [&](const YAML::Node& n) { return reader_.duration(n, key); });
}

std::optional<net::Cidr> MapReader::cidr(std::string_view key, Need need) {
  return field(*this, key, need, kCidrExpected,
               [&](const YAML::Node& n) { return reader_.cidr(n, key); });
}

std::optional<net::Ipv4> MapReader::ipv4(std::string_view key, Need need) {
  return field(*this, key, need, kIpv4Expected,
               [&](const YAML::Node& n) { return reader_.ipv4(n, key); });
}

std::optional<spec::Ref> MapReader::ref(std::string_view key, Need need,
                                        std::string_view expected) {
  return field(*this, key, need, expected,
               [&](const YAML::Node& n) { return reader_.ref(n, key, expected); });
}

std::optional<std::string> MapReader::one_of(std::string_view key, Need need,
                                             const std::vector<std::string>& allowed) {
  return field(*this, key, need, "one of: " + join_names(allowed),
               [&](const YAML::Node& n) { return reader_.one_of(n, key, allowed); });
}

std::vector<spec::Ref> MapReader::refs(std::string_view key, Need need,
                                       std::string_view expected_item) {
  auto node = need == Need::kRequired ? require(key, fmt::format("a list of {}s", expected_item))
                                      : get(key);
  if (!node) return {};
  return reader_.refs(*node, key, expected_item);
}

std::map<std::string, std::string> MapReader::string_map(std::string_view key) {
  auto node = get(key);
  if (!node) return {};
  return reader_.string_map(*node, key);
}

size_t MapReader::finish() {
  finished_ = true;
  std::vector<std::string> misspelt;  // the known keys the unknown ones are near
  size_t unknown = 0;
  for (const Pair& p : pairs_) {
    if (std::find(known_.begin(), known_.end(), p.key) != known_.end()) continue;
    ++unknown;
    const auto near = nearest(p.key, known_);
    if (near) misspelt.push_back(*near);
    reader_.error(p.key_node,
                  fmt::format("unknown key '{}' in {}{}", p.key, what_,
                              near ? " (did you mean '" + *near + "'?)" : ""),
                  "one of: " + join_names(known_));
  }
  // "instanceTyp: …" already says what is wrong; "missing 'instanceType'" would say it twice.
  for (const auto& [key, expected] : missing_) {
    if (std::find(misspelt.begin(), misspelt.end(), key) != misspelt.end()) continue;
    reader_.error(node_, fmt::format("missing '{}' in {}", key, what_),
                  fmt::format("{}: {}", key, expected));
  }
  return unknown;
}

MapReader::~MapReader() {
  if (finished_) return;
  for (const auto& [key, expected] : missing_) {
    reader_.error(node_, fmt::format("missing '{}' in {}", key, what_),
                  fmt::format("{}: {}", key, expected));
  }
}

}  // namespace ekssim::scenario
