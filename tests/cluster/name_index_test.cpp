// NameIndex (models/report/name_index.h) against std::unordered_map keyed by "namespace/name",
// the map ReportBuilder used before: the same seeded random creations (names reused, as a
// deleted pod's name is by its replacement) and lookups of present and absent names must give
// the same index. The keys live outside the index, in a vector, as ReportBuilder's pods do.

#include "models/report/name_index.h"

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/random.h"

using ekssim::report::NameIndex;
using ekssim::sim::RandomStream;

namespace {

struct Key {
  std::string ns, name;
};

// Name number `id` of a fixed pool: lengths 1 to 40, so that every tail length of the hash's
// eight-byte words is met, and names that share long prefixes.
std::string pool_name(uint64_t id) {
  return std::string(id * 7 % 33, 'p') + "-" + std::to_string(id);
}

// The creations and lookups ReportBuilder makes, applied to both; `hash_of` lets a test force
// collisions.
template <class HashOf>
void run_differential(uint64_t seed, uint64_t names, int operations, const HashOf& hash_of) {
  const std::vector<std::string> namespaces = {"default", "kube-system", "team-a"};
  RandomStream random(seed, "name index differential");
  std::vector<Key> keys;  // value -> its key, as pods_ holds them
  NameIndex index;
  std::unordered_map<std::string, uint32_t> reference;
  const auto is_key = [&](const std::string& ns, const std::string& name) {
    return [&](uint32_t v) { return keys[v].ns == ns && keys[v].name == name; };
  };
  for (int op = 0; op < operations; ++op) {
    const std::string& ns = namespaces[random.below(namespaces.size())];
    const std::string name = pool_name(random.below(names));
    if (random.bernoulli(0.3)) {
      const auto value = static_cast<uint32_t>(keys.size());
      keys.push_back({ns, name});
      index.assign(hash_of(ns, name), value, is_key(ns, name));
      reference.insert_or_assign(ns + "/" + name, value);
    } else {
      const auto it = reference.find(ns + "/" + name);
      const uint32_t expected = it == reference.end() ? NameIndex::kAbsent : it->second;
      INFO("seed " << seed << ", operation " << op << ": " << ns << "/" << name);
      REQUIRE(index.find(hash_of(ns, name), is_key(ns, name)) == expected);
    }
  }
  REQUIRE(index.size() == reference.size());
  // Every key at the end, not only those drawn.
  for (const auto& [key, value] : reference) {
    const Key& k = keys[value];
    REQUIRE(index.find(hash_of(k.ns, k.name), is_key(k.ns, k.name)) == value);
  }
}

}  // namespace

TEST_CASE("NameIndex finds what an unordered_map of \"namespace/name\" finds, names reused",
          "[report][name_index]") {
  const auto hash = [](const std::string& ns, const std::string& name) {
    return NameIndex::hash(ns, name);
  };
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    // Few names: most creations reuse one. Many names: the table grows through every size.
    run_differential(seed, 50, 5'000, hash);
    run_differential(seed, 30'000, 60'000, hash);
  }
}

TEST_CASE("NameIndex tells keys with the same hash apart by the caller's comparison",
          "[report][name_index]") {
  // Every key gets one hash, so one tag and one home bucket: a single probe run, through every
  // growth of the table, where only is_key can tell the keys apart.
  run_differential(7, 300, 3'000,
                   [](const std::string&, const std::string&) { return uint64_t{42} << 40; });
}

TEST_CASE("a name's hash reads every byte and keeps a pair's pieces apart",
          "[report][name_index]") {
  CHECK(NameIndex::hash("ab", "c") != NameIndex::hash("a", "bc"));
  CHECK(NameIndex::hash("", "abc") != NameIndex::hash("abc", ""));
  CHECK(NameIndex::hash(std::string_view(), "abc") == NameIndex::hash("", "abc"));  // null data()
  CHECK(NameIndex::hash("default", "web-1") == NameIndex::hash("default", "web-1"));
  CHECK(NameIndex::hash("web-1") != NameIndex::hash("web-2"));
  // 100,000 pool names and as many one byte longer: no two share a 64-bit hash. Their 32-bit
  // tags (the top bits) may: 100,000 random ones would meet about once (n^2 / 2^33).
  std::set<uint64_t> hashes;
  std::set<uint32_t> tags;
  for (uint64_t id = 0; id < 100'000; ++id) {
    const std::string name = pool_name(id);
    hashes.insert(NameIndex::hash("default", name));
    hashes.insert(NameIndex::hash("default", name + "x"));
    tags.insert(static_cast<uint32_t>(NameIndex::hash("default", name) >> 32));
  }
  CHECK(hashes.size() == 200'000);
  CHECK(tags.size() >= 100'000 - 10);
}
