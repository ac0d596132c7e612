#pragma once
// What the DnsCache property tests share: random answers of every kind, and one random step that
// asks two caches (or a cache and a model of it) the same find, pending_from or insert and says
// how their answers differ.

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dns_test_support.h"
#include "models/dns/dns_cache.h"
#include "sim/random.h"

namespace ekssim::dns::test {

inline std::string describe(const DnsCache::Entry* e) {
  if (e == nullptr) return "miss";
  std::string text =
      fmt::format("{} rcode {} ttl {} ns, [{} ns, {} ns) addresses", to_string(e->answer.kind()),
                  static_cast<int>(e->answer.rcode), e->answer.ttl.nanoseconds(),
                  e->valid_from.nanoseconds(), e->expires.nanoseconds());
  for (const auto& a : e->answer.addresses)
    text += " " + a.to_string();
  return text;
}

inline bool same(const DnsCache::Entry* a, const DnsCache::Entry* b) {
  if (a == nullptr || b == nullptr) return a == b;
  return a->answer == b->answer && a->valid_from == b->valid_from && a->expires == b->expires;
}

// Answers of every kind; TTLs from 0 to 60 s so that both clamps apply, and address lists of
// different lengths so that a reused slot's storage is sometimes too small.
inline DnsAnswer random_answer(sim::RandomStream& rng) {
  const sim::Duration ttl = ms(rng.uniform_int(0, 60'000));
  switch (rng.below(8)) {
    case 0:
      return DnsAnswer::nxdomain(ttl);
    case 1:
      return DnsAnswer::no_data(ttl);
    case 2:
      return DnsAnswer::servfail();
    case 3:
      return DnsAnswer{Rcode::kRefused, {}, ttl};
    default: {
      std::vector<net::Ipv4> addresses(1 + rng.below(5));
      for (auto& a : addresses)
        a = net::Ipv4(static_cast<uint32_t>(rng.next_u64()));
      return DnsAnswer::records(std::move(addresses), ttl);
    }
  }
}

// One random operation on (name, type) at `at`, the same on both: a find, a pending_from or an
// insert of a random answer. Returns how `got` answered differently from `want` ("" when alike);
// `hits` counts the finds `want` answered.
template <class Got, class Want>
std::string random_step(sim::RandomStream& rng, Got& got, Want& want, NameId name,
                        QueryType type, sim::Time at, uint64_t& hits) {
  switch (rng.below(3)) {
    case 0: {
      const DnsCache::Entry* g = got.find(name, type, at);
      const DnsCache::Entry* w = want.find(name, type, at);
      hits += w != nullptr;
      if (same(g, w)) return "";
      return fmt::format("find: got {}, want {}", describe(g), describe(w));
    }
    case 1: {
      const std::optional<sim::Time> g = got.pending_from(name, type, at);
      const std::optional<sim::Time> w = want.pending_from(name, type, at);
      if (g == w) return "";
      return fmt::format("pending_from: got {}, want {}", g ? g->nanoseconds() : -1,
                         w ? w->nanoseconds() : -1);
    }
    default: {
      const DnsAnswer answer = random_answer(rng);
      got.insert(name, type, answer, at);
      want.insert(name, type, answer, at);
      return "";
    }
  }
}

}  // namespace ekssim::dns::test
