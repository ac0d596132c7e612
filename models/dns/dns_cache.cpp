#include "models/dns/dns_cache.h"

#include <algorithm>

namespace ekssim::dns {

DnsCache::DnsCache(CacheConfig config) : config_(config) {}

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
  const Key key = key_of(name, type);
  for (const Part* p : {&denial_, &success_}) {
    const auto it = p->entries.find(key);
    if (it == p->entries.end()) continue;
    const Entry& e = it->second.entry;
    if (e.valid_from <= at && at < e.expires) return &e;
  }
  return nullptr;
}

std::optional<sim::Time> DnsCache::pending_from(NameId name, QueryType type, sim::Time at) const {
  const Key key = key_of(name, type);
  std::optional<sim::Time> earliest;
  for (const Part* p : {&denial_, &success_}) {
    const auto it = p->entries.find(key);
    if (it == p->entries.end()) continue;
    const sim::Time from = it->second.entry.valid_from;
    if (from > at && (!earliest || from < *earliest)) earliest = from;
  }
  return earliest;
}

void DnsCache::insert(NameId name, QueryType type, const DnsAnswer& answer, sim::Time valid_from) {
  const std::optional<Kind> kind = kind_of(answer);
  if (!kind) return;
  const Key key = key_of(name, type);
  Part& target = part(*kind);
  Part& other = part(*kind == Kind::kSuccess ? Kind::kDenial : Kind::kSuccess);
  other.entries.erase(key);

  Entry fresh{answer, valid_from, valid_from + lifetime(answer)};
  auto it = target.entries.find(key);
  if (it != target.entries.end()) {
    const Entry& old = it->second.entry;
    if (fresh.valid_from < old.expires && old.valid_from < fresh.expires) {
      fresh.valid_from = std::min(fresh.valid_from, old.valid_from);
      fresh.expires = std::max(fresh.expires, old.expires);
    }
  } else {
    evict_if_full(target);
    it = target.entries.try_emplace(key).first;
  }
  it->second = Slot{std::move(fresh), next_serial_};
  target.order.emplace_back(key, next_serial_);
  ++next_serial_;
  if (target.order.size() > 2 * target.entries.size() + 64) compact(target);
}

void DnsCache::evict_if_full(Part& p) {
  while (p.entries.size() >= config_.capacity && !p.order.empty()) {
    const auto [key, serial] = p.order.front();
    p.order.pop_front();
    const auto it = p.entries.find(key);
    if (it == p.entries.end() || it->second.serial != serial) continue;
    p.entries.erase(it);
    ++p.evictions;
  }
}

void DnsCache::compact(Part& p) {
  std::deque<std::pair<Key, uint64_t>> live;
  for (const auto& [key, serial] : p.order) {
    const auto it = p.entries.find(key);
    if (it != p.entries.end() && it->second.serial == serial) live.emplace_back(key, serial);
  }
  p.order = std::move(live);
}

}  // namespace ekssim::dns
