#include "models/dns/dns_cache.h"

#include <algorithm>
#include <stdexcept>

namespace ekssim::dns {

namespace {
// The most keys the two caches hold at once. A cache holds at most `capacity` entries, or one
// when the capacity is 0 (evict_if_full empties it, then the new entry goes in).
size_t max_keys(const CacheConfig& config) {
  const size_t per_cache = std::max<size_t>(config.capacity, 1);
  // Slot indices are uint32 and FlatIndex takes at most 2^31 keys.
  if (per_cache > (size_t{1} << 30)) throw std::length_error("DnsCache: capacity over 2^30");
  return 2 * per_cache;
}
}  // namespace

DnsCache::DnsCache(CacheConfig config) : config_(config), index_(max_keys(config)) {
  // Both caches full, without a reallocation on the way.
  slots_.reserve(max_keys(config));
}

sim::Duration DnsCache::lifetime(const DnsAnswer& answer) const {
  return std::min(std::max(answer.ttl, config_.min_ttl), config_.max_ttl);
}

std::optional<DnsCache::Kind> DnsCache::kind_of(const DnsAnswer& answer) {
  switch (answer.kind()) {
    case ResponseKind::kAnswer:
      return Kind::kSuccess;
    case ResponseKind::kNoData:
    case ResponseKind::kNxDomain:
      return Kind::kDenial;
    case ResponseKind::kServFail:
    case ResponseKind::kRefused:
      return std::nullopt;
  }
  return std::nullopt;
}

const DnsCache::Entry* DnsCache::find(NameId name, QueryType type, sim::Time at) const {
  const uint32_t i = lookup(key_of(name, type));
  if (i == kNil) return nullptr;
  const Entry& e = slots_[i].entry;
  return e.valid_from <= at && at < e.expires ? &e : nullptr;
}

void DnsCache::prefetch(NameId name) const {
  index_.prefetch(key_of(name, QueryType::kA));
  index_.prefetch(key_of(name, QueryType::kAAAA));
  for (const Part* p : {&success_, &denial_}) {
    if (p->oldest != kNil) __builtin_prefetch(&slots_[p->oldest]);
  }
}

std::optional<sim::Time> DnsCache::pending_from(NameId name, QueryType type, sim::Time at) const {
  const uint32_t i = lookup(key_of(name, type));
  if (i == kNil || slots_[i].entry.valid_from <= at) return std::nullopt;
  return slots_[i].entry.valid_from;
}

void DnsCache::insert(NameId name, QueryType type, const DnsAnswer& answer, sim::Time valid_from) {
  const std::optional<Kind> kind = kind_of(answer);
  if (!kind) return;
  const Key key = key_of(name, type);
  Part& target = part(*kind);
  const sim::Time expires = valid_from + lifetime(answer);
  uint32_t i = lookup(key);
  if (i != kNil && slots_[i].kind != *kind) {
    // The newest response wins: the key leaves the other cache.
    unlink(part(slots_[i].kind), i);
    index_.erase(key, i);
    release(i);
    i = kNil;
  }
  if (i == kNil) {
    evict_if_full(target);
    i = acquire();
    Slot& slot = slots_[i];
    slot.entry.answer = answer;  // into the storage of the slot's previous answer
    slot.entry.valid_from = valid_from;
    slot.entry.expires = expires;
    slot.key = key;
    slot.kind = *kind;
    link_newest(target, i);
    index_.insert(key, i);
    return;
  }
  Entry& old = slots_[i].entry;
  if (valid_from < old.expires && old.valid_from < expires) {
    old.valid_from = std::min(valid_from, old.valid_from);
    old.expires = std::max(expires, old.expires);
  } else {
    old.valid_from = valid_from;
    old.expires = expires;
  }
  old.answer = answer;  // reuses the addresses' storage
  // Re-inserted: now the newest of its cache.
  if (target.newest != i) {
    unlink(target, i);
    link_newest(target, i);
  }
}

void DnsCache::evict_if_full(Part& p) {
  while (p.size >= config_.capacity && p.size > 0) {
    drop_oldest(p);
    ++p.evictions;
  }
}

void DnsCache::forget_expired(sim::Time horizon) {
  forget_expired(success_, horizon);
  forget_expired(denial_, horizon);
}

void DnsCache::forget_expired(Part& p, sim::Time horizon) {
  while (p.oldest != kNil && slots_[p.oldest].entry.expires <= horizon)
    drop_oldest(p);
}

void DnsCache::drop_oldest(Part& p) {
  const uint32_t oldest = p.oldest;
  // The next oldest is read next (by forget_expired, or the next insert's eviction): fetch it
  // while the index forgets this one.
  if (const uint32_t next = slots_[oldest].next; next != kNil) __builtin_prefetch(&slots_[next]);
  unlink(p, oldest);
  index_.erase(slots_[oldest].key, oldest);
  release(oldest);
}

void DnsCache::link_newest(Part& p, uint32_t i) {
  Slot& slot = slots_[i];
  slot.prev = p.newest;
  slot.next = kNil;
  if (p.newest == kNil) {
    p.oldest = i;
  } else {
    slots_[p.newest].next = i;
  }
  p.newest = i;
  ++p.size;
}

void DnsCache::unlink(Part& p, uint32_t i) {
  Slot& slot = slots_[i];
  if (slot.prev == kNil) {
    p.oldest = slot.next;
  } else {
    slots_[slot.prev].next = slot.next;
  }
  if (slot.next == kNil) {
    p.newest = slot.prev;
  } else {
    slots_[slot.next].prev = slot.prev;
  }
  --p.size;
}

// A freed slot keeps its answer, so that the next insert assigns into its addresses' storage.
uint32_t DnsCache::acquire() {
  if (free_ != kNil) {
    const uint32_t i = free_;
    free_ = slots_[i].next;
    return i;
  }
  // No slot is free, so fewer than max_keys() are in use: still within the reserved capacity.
  slots_.emplace_back();
  return static_cast<uint32_t>(slots_.size() - 1);
}

void DnsCache::release(uint32_t i) {
  slots_[i].next = free_;
  free_ = i;
}

}  // namespace ekssim::dns
