// DnsCache::forget_expired against a cache that forgets nothing: driven by the same seeded
// operations, every one asked at the present or after it (as the simulation asks), the two must
// answer every find and pending_from alike, while the forgetting one holds fewer entries. The
// keeping cache is itself checked against a plain model (dns_cache_differential_test.cpp).
//
// The TTLs range over 0–60 s, so an old entry with a long TTL often outlives newer ones with short
// TTLs: a full cache then evicts a live oldest entry while expired ones sit behind it, the case
// in which forgetting expired entries anywhere but at the front would keep one alive too long.

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "dns_cache_test_support.h"
#include "dns_test_support.h"
#include "models/dns/dns_cache.h"
#include "sim/random.h"

using namespace ekssim::dns;
using ekssim::dns::test::at_ms;
using ekssim::sim::RandomStream;
using ekssim::sim::Time;
using Kind = DnsCache::Kind;

TEST_CASE("Forgetting the expired front of a cache changes no answer", "[dns_cache]") {
  RandomStream rng(20261207, "dns-cache-forget");
  uint64_t hits = 0, evictions = 0, smaller = 0;
  // Small capacities fill and evict all the time; 2,000 never fills, as most replicas of a run.
  std::vector<size_t> capacities;
  for (size_t c = 0; c <= 40; ++c)
    capacities.push_back(c);
  capacities.push_back(2'000);
  for (const size_t capacity : capacities) {
    CacheConfig config;
    config.capacity = capacity;
    DnsCache forgetting(config);
    DnsCache keeping(config);
    const auto names = static_cast<NameId>(capacity >= 2'000 ? 400 : 2 * capacity + 3);
    const int64_t max_step_ms = std::max<int64_t>(1, 20'000 / (2 * names));
    int64_t present_ms = 100'000;
    for (int step = 0; step < 6'000; ++step) {
      present_ms += rng.uniform_int(0, max_step_ms);
      // The simulation's present moves forward; queries and answers come at it or later.
      if (rng.bernoulli(0.3)) forgetting.forget_expired(at_ms(present_ms));
      const NameId name = static_cast<NameId>(rng.below(names));
      const QueryType type = rng.bernoulli(0.5) ? QueryType::kA : QueryType::kAAAA;
      const Time at = at_ms(present_ms + rng.uniform_int(0, 40'000));
      const std::string mismatch =
          ekssim::dns::test::random_step(rng, forgetting, keeping, name, type, at, hits);
      if (!mismatch.empty()) {
        FAIL(fmt::format("capacity {}, step {}, name {}, type {}, at {} ns: {}", capacity, step,
                         name, to_string(type), at.nanoseconds(), mismatch));
      }
      for (const Kind kind : {Kind::kSuccess, Kind::kDenial}) {
        REQUIRE(forgetting.size(kind) <= keeping.size(kind));
        smaller += forgetting.size(kind) < keeping.size(kind);
      }
    }
    for (const Kind kind : {Kind::kSuccess, Kind::kDenial})
      evictions += keeping.evictions(kind);
  }
  // The cases that matter happened many times over.
  CHECK(hits > 10'000);
  CHECK(evictions > 10'000);
  CHECK(smaller > 20'000);
}

TEST_CASE("A cache that forgets as time passes holds only its live entries", "[dns_cache]") {
  CacheConfig config;  // `cache 30`, 9984 entries per cache
  DnsCache cache(config);
  const DnsAnswer answer =
      DnsAnswer::records({ekssim::dns::test::ip("10.0.0.1")}, ekssim::dns::test::seconds(30));
  // One new name every 10 ms for 10 minutes: 60,000 keys, 3,000 of them live at any time.
  for (int64_t t = 0; t < 600'000; t += 10) {
    cache.forget_expired(at_ms(t));
    cache.insert(static_cast<NameId>(t / 10), QueryType::kA, answer, at_ms(t));
  }
  CHECK(cache.size(Kind::kSuccess) == 3'000);
  CHECK(cache.evictions(Kind::kSuccess) == 0);
  CHECK(cache.find(59'999, QueryType::kA, at_ms(599'990)) != nullptr);
  CHECK(cache.find(59'999 - 3'000, QueryType::kA, at_ms(599'990)) == nullptr);
}
