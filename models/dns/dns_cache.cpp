#include "models/dns/dns_cache.h"

#include <algorithm>

namespace ekssim::dns {

DnsCache::DnsCache(CacheConfig config) : config_(config) {
  // Both caches full, without a rehash on the way.
  slots_.reserve(2 * config_.capacity);
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
  const auto it = slots_.find(key_of(name, type));
  if (it == slots_.end()) return nullptr;
  const Entry& e = it->second.entry;
  return e.valid_from <= at && at < e.expires ? &e : nullptr;
}

std::optional<sim::Time> DnsCache::pending_from(NameId name, QueryType type, sim::Time at) const {
  const auto it = slots_.find(key_of(name, type));
  if (it == slots_.end() || it->second.entry.valid_from <= at) return std::nullopt;
  return it->second.entry.valid_from;
}

void DnsCache::insert(NameId name, QueryType type, const DnsAnswer& answer, sim::Time valid_from) {
  const std::optional<Kind> kind = kind_of(answer);
  if (!kind) return;
  const Key key = key_of(name, type);
  Part& target = part(*kind);
  const sim::Time expires = valid_from + lifetime(answer);
  auto it = slots_.find(key);
  if (it != slots_.end() && it->second.kind != *kind) {
    // The newest response wins: the key leaves the other cache.
    part(it->second.kind).order.erase(it->second.position);
    slots_.erase(it);
    it = slots_.end();
  }
  if (it == slots_.end()) {
    evict_if_full(target);
    target.order.push_back(key);
    Slot& slot = slots_[key];
    slot = Slot{Entry{answer, valid_from, expires}, *kind, std::prev(target.order.end())};
    return;
  }
  Entry& old = it->second.entry;
  if (valid_from < old.expires && old.valid_from < expires) {
    old.valid_from = std::min(valid_from, old.valid_from);
    old.expires = std::max(expires, old.expires);
  } else {
    old.valid_from = valid_from;
    old.expires = expires;
  }
  old.answer = answer;  // reuses the addresses' storage
  // Re-inserted: now the newest of its cache.
  target.order.splice(target.order.end(), target.order, it->second.position);
}

void DnsCache::evict_if_full(Part& p) {
  while (p.order.size() >= config_.capacity && !p.order.empty()) {
    slots_.erase(p.order.front());
    p.order.pop_front();
    ++p.evictions;
  }
}

}  // namespace ekssim::dns
