#include "models/dns/dns_cache.h"

#include <catch2/catch.hpp>

#include "dns_test_support.h"

using namespace ekssim::dns;
using ekssim::dns::test::at_ms;
using ekssim::dns::test::ip;
using ekssim::dns::test::ms;
using ekssim::dns::test::seconds;

TEST_CASE("cache 30 keeps an entry for its TTL clamped to at least 5 s and at most 30 s",
          "[dns_cache]") {
  const DnsCache cache;
  CHECK(cache.lifetime(DnsAnswer::records({ip("10.0.0.1")}, seconds(300))) == seconds(30));
  CHECK(cache.lifetime(DnsAnswer::records({ip("10.0.0.1")}, seconds(12))) == seconds(12));
  CHECK(cache.lifetime(DnsAnswer::records({ip("10.0.0.1")}, seconds(1))) == seconds(5));
  CHECK(cache.lifetime(DnsAnswer::records({ip("10.0.0.1")}, seconds(0))) == seconds(5));
  CHECK(cache.lifetime(DnsAnswer::nxdomain(seconds(900))) == seconds(30));
  CHECK(cache.lifetime(DnsAnswer::no_data(seconds(2))) == seconds(5));
}

TEST_CASE("an entry answers from the instant its response arrives until it expires",
          "[dns_cache]") {
  DnsCache cache;
  const DnsAnswer answer = DnsAnswer::records({ip("203.0.113.10")}, seconds(60));
  cache.insert(1, QueryType::kA, answer, at_ms(1));
  CHECK(cache.find(1, QueryType::kA, at_ms(0)) == nullptr);
  CHECK(cache.pending_from(1, QueryType::kA, at_ms(0)) == at_ms(1));
  REQUIRE(cache.find(1, QueryType::kA, at_ms(1)) != nullptr);
  CHECK(cache.find(1, QueryType::kA, at_ms(1))->answer == answer);
  CHECK(cache.find(1, QueryType::kA, at_ms(30'000)) != nullptr);
  CHECK(cache.find(1, QueryType::kA, at_ms(30'001)) == nullptr);
  CHECK(cache.find(1, QueryType::kAAAA, at_ms(10)) == nullptr);  // keyed by type too
  CHECK(cache.find(2, QueryType::kA, at_ms(10)) == nullptr);
}

TEST_CASE("a response that arrives while the key is cached extends its coverage", "[dns_cache]") {
  DnsCache cache;
  const DnsAnswer answer = DnsAnswer::records({ip("203.0.113.10")}, seconds(60));
  cache.insert(1, QueryType::kA, answer, at_ms(2'001));
  cache.insert(1, QueryType::kA, answer, at_ms(1));
  const DnsCache::Entry* e = cache.find(1, QueryType::kA, at_ms(1));
  REQUIRE(e != nullptr);
  CHECK(e->valid_from == at_ms(1));
  CHECK(e->expires == at_ms(32'001));
  CHECK(cache.size(DnsCache::Kind::kSuccess) == 1);
}

TEST_CASE("SERVFAIL is never cached, and the newest response replaces the other kind",
          "[dns_cache]") {
  DnsCache cache;
  cache.insert(1, QueryType::kA, DnsAnswer::servfail(), at_ms(0));
  CHECK(cache.find(1, QueryType::kA, at_ms(0)) == nullptr);
  CHECK(cache.size(DnsCache::Kind::kSuccess) + cache.size(DnsCache::Kind::kDenial) == 0);

  cache.insert(1, QueryType::kA, DnsAnswer::nxdomain(seconds(60)), at_ms(0));
  CHECK(cache.size(DnsCache::Kind::kDenial) == 1);
  cache.insert(1, QueryType::kA, DnsAnswer::records({ip("10.0.0.1")}, seconds(60)), at_ms(10));
  CHECK(cache.size(DnsCache::Kind::kDenial) == 0);
  CHECK(cache.find(1, QueryType::kA, at_ms(10))->answer.kind() == ResponseKind::kAnswer);
}

TEST_CASE("a full cache evicts its oldest entry — success and denial count apart", "[dns_cache]") {
  CHECK(DnsCache().config().capacity == 9984);
  CacheConfig config;
  config.capacity = 3;
  DnsCache cache(config);
  const DnsAnswer yes = DnsAnswer::records({ip("10.0.0.1")}, seconds(30));
  for (NameId n = 0; n < 3; ++n)
    cache.insert(n, QueryType::kA, yes, at_ms(n));
  for (NameId n = 10; n < 13; ++n)
    cache.insert(n, QueryType::kA, DnsAnswer::nxdomain(seconds(30)), at_ms(n));
  CHECK(cache.size(DnsCache::Kind::kSuccess) == 3);
  CHECK(cache.size(DnsCache::Kind::kDenial) == 3);

  cache.insert(0, QueryType::kA, yes, at_ms(20));  // refreshing name 0 makes 1 the oldest
  cache.insert(3, QueryType::kA, yes, at_ms(21));
  CHECK(cache.size(DnsCache::Kind::kSuccess) == 3);
  CHECK(cache.evictions(DnsCache::Kind::kSuccess) == 1);
  CHECK(cache.evictions(DnsCache::Kind::kDenial) == 0);
  CHECK(cache.find(1, QueryType::kA, at_ms(22)) == nullptr);
  CHECK(cache.find(0, QueryType::kA, at_ms(22)) != nullptr);
  CHECK(cache.find(2, QueryType::kA, at_ms(22)) != nullptr);
  CHECK(cache.find(3, QueryType::kA, at_ms(22)) != nullptr);
}
