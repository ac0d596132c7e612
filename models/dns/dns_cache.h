#pragma once
// CoreDNS's cache plugin as the EKS Corefile configures it, `cache 30` (coredns/coredns
// plugin/cache: cache.go New, key, ResponseWriter.WriteMsg, set, computeTTL; handler.go
// ServeDNS; README.md). One DnsCache per CoreDNS replica.
//
// - Two caches, as upstream: the success cache (answers with data) and the denial cache (NXDOMAIN
//   and NODATA). Each holds 9984 entries (256 shards × 39).
// - An entry lives for its TTL clamped to [5 s, 30 s]: `cache 30` caps the success and the denial
//   TTL alike; 5 s is the default minimum of both (dnsutil.MinimalDefaultTTL).
// - Entries are keyed by question name and type; the DO and CD bits are not modelled.
// - A SERVFAIL that CoreDNS writes itself after a failed forward is never cached: the server
//   writes it outside the plugin chain (core/dnsserver/server.go ServeDNS → errorFunc), so the
//   cache's ResponseWriter never sees it. Only answers reach insert().
//
// Time: the models answer synchronously, so an answer that arrives at t + latency is inserted
// with `valid_from` = t + latency while queries before that instant still miss (CoreDNS has no
// request coalescing: every query that misses goes on to the next plugin).
//
// Simplifications:
// - Upstream evicts a random entry of a full shard; here the least recently inserted entry of the
//   whole cache goes first, which is deterministic and keeps the capacity.
// - When an insert overlaps the interval of the entry it replaces, the two intervals are joined
//   (the later answer replaces the earlier one at its arrival, so the key stays covered). An
//   insert into one cache removes the key from the other: the newest response wins.

#include <cstdint>
#include <optional>
#include <vector>

#include "models/dns/dns_name.h"
#include "models/dns/flat_index.h"
#include "sim/time.h"

namespace ekssim::dns {

struct CacheConfig {
  sim::Duration max_ttl = sim::Duration::seconds(30);  // `cache 30`: pttl and nttl
  sim::Duration min_ttl = sim::Duration::seconds(5);   // minpttl and minnttl (MinimalDefaultTTL)
  size_t capacity = 256 * 39;                          // per cache: defaultCap, 9984
};

class DnsCache {
 public:
  enum class Kind : uint8_t { kSuccess, kDenial };

  struct Entry {
    DnsAnswer answer;
    sim::Time valid_from;
    sim::Time expires;
  };

  explicit DnsCache(CacheConfig config = {});

  // How long `answer` stays cached: computeTTL(ttl, min, max).
  sim::Duration lifetime(const DnsAnswer& answer) const;
  // Which cache an answer goes to; SERVFAIL and REFUSED go to neither.
  static std::optional<Kind> kind_of(const DnsAnswer& answer);

  // The entry that answers (name, type) at `at` (valid_from ≤ at < expires), or null. The
  // denial cache is consulted first, as upstream's getIfNotStale does.
  const Entry* find(NameId name, QueryType type, sim::Time at) const;
  // Starts fetching what forget_expired() and a query for `name` (A and AAAA) read first: the
  // oldest entry of each cache and the index's buckets for the two keys. The caches of a large
  // run are cold when a replica's turn comes (a few hundred replicas, each a few MiB), and
  // fetching these together overlaps misses that the calls would otherwise take one by one.
  void prefetch(NameId name) const;
  // When an entry for (name, type) that is not valid yet at `at` becomes valid.
  std::optional<sim::Time> pending_from(NameId name, QueryType type, sim::Time at) const;
  // Caches `answer`, received at `valid_from`. Answers kind_of() rejects are ignored.
  void insert(NameId name, QueryType type, const DnsAnswer& answer, sim::Time valid_from);
  // Frees, in each cache, the oldest entries that expired by `horizon`, up to the first that has
  // not. The caller promises that no later call names a time before `horizon` (the simulation's
  // present: every query is asked at it or after). No such entry can answer or be joined again,
  // and forgetting only a prefix of the insertion order keeps every later answer the same: an
  // eviction the full cache would make takes the oldest entry, which is then one forgotten
  // already (tests/dns/dns_cache_forget_test.cpp checks it against a cache that keeps them). A
  // large run's caches then hold the last TTL's entries, not their capacity's: the 313 full
  // replicas of the 5,000-node hour were a third of its peak memory (455 of 1,278 MiB).
  void forget_expired(sim::Time horizon);

  size_t size(Kind kind) const { return part(kind).size; }
  uint64_t evictions(Kind kind) const { return part(kind).evictions; }
  const CacheConfig& config() const { return config_; }

 private:
  using Key = uint64_t;
  static constexpr uint32_t kNil = FlatIndex::kAbsent;
  // A key lives in one cache at most (an insert into one removes it from the other), so one
  // index holds both; each cache keeps its keys in insertion order, the oldest first, for
  // eviction.
  //
  // The caches of a large run are full, and every new key evicts the oldest: entries live in a
  // pool of slots allocated once, each cache's order is a doubly linked list threaded through
  // the slots by index, and a freed slot is taken by the next insert, which assigns the answer
  // into the addresses' storage the slot already has. Past warm-up an insert allocates only when
  // an answer has more addresses than any before it in that slot.
  struct Slot {
    Entry entry;
    Key key = 0;           // the index holds only a hash of it
    uint32_t prev = kNil;  // toward the oldest of its cache
    uint32_t next = kNil;  // toward the newest; in the free list, the next free slot
    Kind kind = Kind::kSuccess;
  };
  struct Part {
    uint32_t oldest = kNil;
    uint32_t newest = kNil;
    size_t size = 0;
    uint64_t evictions = 0;
  };

  static Key key_of(NameId name, QueryType type) {
    return uint64_t{name} << 1 | static_cast<uint64_t>(type);
  }
  // The slot of `key`, or kNil.
  uint32_t lookup(Key key) const {
    return index_.find(key, [this](uint32_t slot) { return slots_[slot].key; });
  }
  Part& part(Kind kind) { return kind == Kind::kSuccess ? success_ : denial_; }
  const Part& part(Kind kind) const { return kind == Kind::kSuccess ? success_ : denial_; }
  void evict_if_full(Part& part);
  void forget_expired(Part& part, sim::Time horizon);
  // Takes the oldest entry out of its cache and the index, and frees its slot.
  void drop_oldest(Part& part);
  void link_newest(Part& part, uint32_t slot);
  void unlink(Part& part, uint32_t slot);
  uint32_t acquire();
  void release(uint32_t slot);

  CacheConfig config_;
  // Its capacity is reserved at construction for both caches full, so it never reallocates; it
  // grows within that capacity on demand, so a cache that never fills touches only the slots
  // it uses.
  std::vector<Slot> slots_;
  uint32_t free_ = kNil;  // the free list, through Slot::next
  // Lookup only, never iterated.
  FlatIndex index_;
  Part success_;
  Part denial_;
};

}  // namespace ekssim::dns
