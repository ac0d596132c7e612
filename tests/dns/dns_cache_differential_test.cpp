// DnsCache against a plain model of its header's rules: a std::map of entries and one std::list
// per cache for the insertion order, driven by the same seeded random operations. DnsCache keeps
// its entries in a slot pool with intrusive lists and a flat hash index (models/dns/flat_index.h)
// for speed; the model is slow and obvious, so any disagreement is a bug of the fast one.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dns_cache_test_support.h"
#include "dns_test_support.h"
#include "models/dns/dns_cache.h"
#include "sim/random.h"
#include "tests/support/allocation_probe.h"

using namespace ekssim::dns;
using ekssim::dns::test::at_ms;
using ekssim::dns::test::ip;
using ekssim::dns::test::ms;
using ekssim::dns::test::seconds;
using ekssim::sim::RandomStream;
using ekssim::sim::Time;
using Kind = DnsCache::Kind;

namespace {

// The header's semantics, written out the long way.
class ReferenceCache {
 public:
  explicit ReferenceCache(CacheConfig config) : config_(config) {}

  const DnsCache::Entry* find(NameId name, QueryType type, Time at) const {
    const auto it = entries_.find(key(name, type));
    if (it == entries_.end()) return nullptr;
    const DnsCache::Entry& e = it->second.entry;
    return e.valid_from <= at && at < e.expires ? &e : nullptr;
  }

  std::optional<Time> pending_from(NameId name, QueryType type, Time at) const {
    const auto it = entries_.find(key(name, type));
    if (it == entries_.end() || it->second.entry.valid_from <= at) return std::nullopt;
    return it->second.entry.valid_from;
  }

  void insert(NameId name, QueryType type, const DnsAnswer& answer, Time valid_from) {
    std::optional<Kind> kind;  // SERVFAIL and REFUSED are never cached
    if (answer.rcode == Rcode::kNoError)
      kind = answer.addresses.empty() ? Kind::kDenial : Kind::kSuccess;
    if (answer.rcode == Rcode::kNxDomain) kind = Kind::kDenial;
    if (!kind) return;
    const uint64_t k = key(name, type);
    const Time expires = valid_from + std::clamp(answer.ttl, config_.min_ttl, config_.max_ttl);
    std::list<uint64_t>& order = order_[index(*kind)];
    auto it = entries_.find(k);
    if (it != entries_.end() && it->second.kind != *kind) {  // the newest response wins
      order_[index(it->second.kind)].remove(k);
      entries_.erase(it);
      it = entries_.end();
      ++switches;
    }
    if (it == entries_.end()) {
      // Full: the least recently inserted entry of this cache goes.
      while (!order.empty() && order.size() >= config_.capacity) {
        entries_.erase(order.front());
        order.pop_front();
        ++evictions_[index(*kind)];
      }
      order.push_back(k);
      entries_[k] = Stored{DnsCache::Entry{answer, valid_from, expires}, *kind};
      return;
    }
    DnsCache::Entry& e = it->second.entry;
    if (valid_from < e.expires && e.valid_from < expires) {  // overlapping: joined
      e.valid_from = std::min(e.valid_from, valid_from);
      e.expires = std::max(e.expires, expires);
      ++joins;
    } else {
      e.valid_from = valid_from;
      e.expires = expires;
    }
    e.answer = answer;
    order.remove(k);  // re-inserted: the newest of its cache
    order.push_back(k);
    ++refreshes;
  }

  size_t size(Kind kind) const { return order_[index(kind)].size(); }
  uint64_t evictions(Kind kind) const { return evictions_[index(kind)]; }

  // How often each rule applied, to show the operations reached them all.
  uint64_t switches = 0;
  uint64_t joins = 0;
  uint64_t refreshes = 0;

 private:
  struct Stored {
    DnsCache::Entry entry;
    Kind kind;
  };
  static uint64_t key(NameId name, QueryType type) {
    return uint64_t{name} * 2 + (type == QueryType::kAAAA ? 1 : 0);
  }
  static size_t index(Kind kind) { return kind == Kind::kSuccess ? 0 : 1; }

  CacheConfig config_;
  std::map<uint64_t, Stored> entries_;
  std::array<std::list<uint64_t>, 2> order_;
  std::array<uint64_t, 2> evictions_{};
};

}  // namespace

TEST_CASE("DnsCache agrees with a plain model of its rules over random operations", "[dns_cache]") {
  RandomStream rng(20261207, "dns-cache-differential");
  uint64_t operations = 0, evictions = 0, switches = 0, joins = 0, refreshes = 0, hits = 0;
  // Capacities 0 to 2 are edge cases (0 keeps one entry: the new one); 3 to 50 as the brief.
  for (size_t capacity = 0; capacity <= 50; ++capacity) {
    CacheConfig config;
    config.capacity = capacity;
    DnsCache cache(config);
    ReferenceCache reference(config);
    // More keys than both caches hold, so entries get evicted, come back and change caches.
    const NameId names = static_cast<NameId>(2 * capacity + 3);
    // Time moves so that a key is inserted again about every 30 s on average: often within the
    // lifetime of its entry (overlapping intervals join), often after.
    const int64_t max_step_ms = 20'000 / (2 * names);
    int64_t now_ms = 100'000;
    for (int step = 0; step < 6'000; ++step, ++operations) {
      now_ms += rng.uniform_int(0, max_step_ms);
      const NameId name = static_cast<NameId>(rng.below(names));
      const QueryType type = rng.bernoulli(0.5) ? QueryType::kA : QueryType::kAAAA;
      // Around now, earlier and later: answers arrive after the queries that wait for them.
      const Time at = at_ms(now_ms + rng.uniform_int(-10'000, 40'000));
      std::string mismatch =
          ekssim::dns::test::random_step(rng, cache, reference, name, type, at, hits);
      for (const Kind kind : {Kind::kSuccess, Kind::kDenial}) {
        if (cache.size(kind) != reference.size(kind) ||
            cache.evictions(kind) != reference.evictions(kind)) {
          mismatch +=
              fmt::format(" {} cache: size {} (want {}), evictions {} (want {})",
                          kind == Kind::kSuccess ? "success" : "denial", cache.size(kind),
                          reference.size(kind), cache.evictions(kind), reference.evictions(kind));
        }
      }
      if (!mismatch.empty()) {
        FAIL(fmt::format("capacity {}, step {}, name {}, type {}, at {} ns: {}", capacity, step,
                         name, to_string(type), at.nanoseconds(), mismatch));
      }
    }
    for (const Kind kind : {Kind::kSuccess, Kind::kDenial}) {
      CHECK(cache.size(kind) <= std::max<size_t>(capacity, 1));
      evictions += cache.evictions(kind);
    }
    switches += reference.switches;
    joins += reference.joins;
    refreshes += reference.refreshes;
  }
  CHECK(operations == 51 * 6'000);
  // Every rule was exercised, many times over.
  CHECK(evictions > 10'000);
  CHECK(switches > 1'000);
  CHECK(joins > 1'000);
  CHECK(refreshes > 1'000);
  CHECK(hits > 10'000);
}

TEST_CASE("A full cache that churns allocates nothing", "[dns_cache]") {
  CacheConfig config;
  config.capacity = 64;
  DnsCache cache(config);
  const DnsAnswer answer = DnsAnswer::records({ip("10.0.0.1"), ip("10.0.0.2")}, seconds(30));
  const DnsAnswer denial = DnsAnswer::nxdomain(seconds(30));
  for (NameId n = 0; n < 64; ++n)
    cache.insert(100'000 + n, QueryType::kA, denial, at_ms(0));
  for (NameId n = 0; n < 64; ++n)
    cache.insert(n, QueryType::kA, answer, at_ms(0));
  // Each new key evicts the oldest success entry and takes its slot and storage.
  ekssim::test::arm_allocation_probe();
  for (NameId n = 64; n < 10'000; ++n) {
    cache.insert(n, QueryType::kA, answer, at_ms(n));
    cache.insert(n - 1, QueryType::kA, answer, at_ms(n));  // a refresh
    if (cache.find(n - 2, QueryType::kA, at_ms(n)) == nullptr) break;
    if (cache.find(100'000, QueryType::kA, at_ms(n)) == nullptr) break;
  }
  CHECK(ekssim::test::disarm_allocation_probe() == 0);
  CHECK(cache.size(Kind::kSuccess) == 64);
  CHECK(cache.size(Kind::kDenial) == 64);
  CHECK(cache.evictions(Kind::kSuccess) == 10'000 - 64);
  REQUIRE(cache.find(9'999, QueryType::kA, at_ms(9'999)) != nullptr);
  CHECK(cache.find(9'999, QueryType::kA, at_ms(9'999))->answer == answer);
}
