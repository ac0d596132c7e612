#include "models/cni/datastore.h"

#include <algorithm>
#include <stdexcept>

#include "sim/invariant.h"

namespace ekssim::cni {

namespace {

// minENILifeTime in data_store.go: an ENI younger than this is never freed.
constexpr sim::Duration kMinEniLifetime = sim::Duration::seconds(60);
// GetPrefixDelegationDefaults: a /28 holds 16 addresses.
constexpr int64_t kPrefixSize = 16;

// isRequiredForWarmIPTarget and isRequiredForMinimumIPTarget round a target up to whole /28s.
int64_t round_up_to_prefixes(int target) {
  return (int64_t{target} + kPrefixSize - 1) / kPrefixSize * kPrefixSize;
}

}  // namespace

void Datastore::set_config(const WarmPoolConfig& config) {
  const bool cooldown_changed = config.ip_cooldown != config_.ip_cooldown;
  config_ = config;
  if (cooldown_changed) rebuild_released();
}

bool Datastore::cooling(const Address& a, sim::Time now) const {
  // inCoolingPeriod: time.Since(UnassignedTime) <= period. An address never released has a zero
  // time upstream, so it never cools.
  return a.unassigned_at && now - *a.unassigned_at <= config_.ip_cooldown;
}

Datastore::Eni* Datastore::find(std::string_view id) {
  for (Eni& e : enis_) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

const Datastore::Eni* Datastore::find(std::string_view id) const {
  for (const Eni& e : enis_) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

Datastore::Eni* Datastore::find_device(int device) {
  const auto it = std::lower_bound(enis_.begin(), enis_.end(), device,
                                   [](const Eni& e, int d) { return e.device < d; });
  return it != enis_.end() && it->device == device ? &*it : nullptr;
}

bool Datastore::has_eni(std::string_view id) const {
  return find(id) != nullptr;
}

void Datastore::add_eni(const std::string& id, int device, bool primary, sim::Time added) {
  if (find(id) != nullptr) return;
  Eni eni;
  eni.id = id;
  eni.device = device;
  eni.primary = primary;
  eni.added = added;
  const auto at = std::lower_bound(enis_.begin(), enis_.end(), device,
                                   [](const Eni& e, int d) { return e.device < d; });
  enis_.insert(at, std::move(eni));
}

void Datastore::add_block(Eni& eni, const net::Cidr& cidr) {
  const auto at = std::lower_bound(eni.blocks.begin(), eni.blocks.end(), cidr,
                                   [](const Block& b, const net::Cidr& c) { return b.cidr < c; });
  if (at != eni.blocks.end() && at->cidr == cidr) return;
  Block block;
  block.cidr = cidr;
  block.addresses.resize(cidr.size());
  const Kind kind = block.kind();
  for (Counts* c : {&eni.counts[kind], &totals_[kind]}) {
    c->addresses += static_cast<int>(cidr.size());
    ++c->blocks;
    ++c->empty_blocks;
  }
  eni.blocks.insert(at, std::move(block));
}

void Datastore::add_ips(std::string_view id, const std::vector<net::Ipv4>& ips) {
  Eni* eni = find(id);
  if (eni == nullptr)
    throw sim::ComponentFailure("cni/datastore", "datastore: unknown ENI " + std::string(id));
  for (net::Ipv4 ip : ips)
    add_block(*eni, net::Cidr::of(ip, 32));
}

void Datastore::add_prefixes(std::string_view id, const std::vector<net::Cidr>& prefixes) {
  Eni* eni = find(id);
  if (eni == nullptr)
    throw sim::ComponentFailure("cni/datastore", "datastore: unknown ENI " + std::string(id));
  for (const net::Cidr& prefix : prefixes)
    add_block(*eni, prefix);
}

void Datastore::sync_eni(std::string_view id, const std::vector<net::Ipv4>& ips,
                         const std::vector<net::Cidr>& prefixes) {
  if (find(id) == nullptr) return;
  add_ips(id, ips);
  add_prefixes(id, prefixes);
}

bool Datastore::remove_cidr(std::string_view id, const net::Cidr& cidr) {
  Eni* eni = find(id);
  if (eni == nullptr) return false;
  const auto it = std::find_if(eni->blocks.begin(), eni->blocks.end(),
                               [&](const Block& b) { return b.cidr == cidr; });
  if (it == eni->blocks.end() || it->assigned > 0) return false;
  const Kind kind = it->kind();
  for (Counts* c : {&eni->counts[kind], &totals_[kind]}) {
    c->addresses -= static_cast<int>(cidr.size());
    --c->blocks;
    --c->empty_blocks;
  }
  forget_released(cidr);
  eni->blocks.erase(it);
  return true;
}

void Datastore::remove_eni(std::string_view id) {
  const auto it =
      std::find_if(enis_.begin(), enis_.end(), [&](const Eni& e) { return e.id == id; });
  if (it == enis_.end()) return;
  for (const Block& b : it->blocks) {
    for (const Address& a : b.addresses) {
      if (a.holder >= 0) drop_holder(a.holder);
    }
    forget_released(b.cidr);
  }
  for (int kind : {kIp, kPrefix}) {
    Counts& total = totals_[kind];
    const Counts& gone = it->counts[kind];
    total.addresses -= gone.addresses;
    total.assigned -= gone.assigned;
    total.blocks -= gone.blocks;
    total.empty_blocks -= gone.empty_blocks;
  }
  enis_.erase(it);
}

void Datastore::forget_cooldown() {
  for (Eni& e : enis_) {
    for (Block& b : e.blocks) {
      for (Address& a : b.addresses)
        a.unassigned_at.reset();
    }
  }
  released_.clear();
}

void Datastore::forget_released(const net::Cidr& range) {
  released_.erase(std::remove_if(released_.begin(), released_.end(),
                                 [&](const Released& r) { return range.contains(r.ip); }),
                  released_.end());
}

void Datastore::rebuild_released() {
  released_.clear();
  for (const Eni& e : enis_) {
    for (const Block& b : e.blocks) {
      for (size_t k = 0; k < b.addresses.size(); ++k) {
        const Address& a = b.addresses[k];
        if (a.holder < 0 && a.unassigned_at) {
          released_.push_back(Released{*a.unassigned_at, b.cidr.at(k), b.kind()});
        }
      }
    }
  }
  std::stable_sort(released_.begin(), released_.end(),
                   [](const Released& x, const Released& y) { return x.at < y.at; });
}

PoolStats Datastore::stats(sim::Time now) const {
  const Kind m = mode();
  PoolStats s;
  s.total = totals_[m].addresses;
  s.assigned = totals_[m].assigned;
  s.total_prefixes = totals_[kPrefix].blocks;
  s.free_prefixes = totals_[kPrefix].empty_blocks;
  s.enis = eni_count();
  // Releases are kept in time order, and an address is reused only after its cooldown, so the
  // ones within the period are exactly the cooling addresses.
  const auto first =
      std::lower_bound(released_.begin(), released_.end(), now - config_.ip_cooldown,
                       [](const Released& r, sim::Time earliest) { return r.at < earliest; });
  s.cooldown = static_cast<int>(
      std::count_if(first, released_.end(), [m](const Released& r) { return r.kind == m; }));
  return s;
}

std::vector<AddressInfo> Datastore::addresses() const {
  std::vector<AddressInfo> out;
  for (const Eni& e : enis_) {
    for (const Block& b : e.blocks) {
      for (size_t k = 0; k < b.addresses.size(); ++k) {
        const Address& a = b.addresses[k];
        AddressInfo info;
        info.ip = b.cidr.at(k);
        info.eni = e.id;
        info.cidr = b.cidr;
        if (a.holder >= 0) {
          info.key = keys_[static_cast<size_t>(a.holder)].key;
          info.assigned_at = a.assigned_at;
        }
        info.unassigned_at = a.unassigned_at;
        out.push_back(std::move(info));
      }
    }
  }
  return out;
}

std::optional<std::pair<std::string, int>> Datastore::allocatable_eni() const {
  for (const Eni& e : enis_) {
    if (config_.custom_networking && e.primary) continue;
    const int cidrs = static_cast<int>(e.blocks.size());
    if (cidrs < config_.slots) return std::make_pair(e.id, cidrs);
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, int>> Datastore::allocatable_enis() const {
  std::vector<std::pair<std::string, int>> out;
  for (const Eni& e : enis_) {
    if (config_.custom_networking && e.primary) continue;
    const int cidrs = static_cast<int>(e.blocks.size());
    if (cidrs < config_.slots) out.emplace_back(e.id, cidrs);
  }
  return out;
}

std::vector<std::pair<std::string, net::Cidr>> Datastore::freeable_cidrs(int count) const {
  std::vector<std::pair<std::string, net::Cidr>> out;
  for (auto e = enis_.rbegin(); e != enis_.rend(); ++e) {
    for (auto b = e->blocks.rbegin(); b != e->blocks.rend(); ++b) {
      if (static_cast<int>(out.size()) >= count) return out;
      if (b->assigned == 0) out.emplace_back(e->id, b->cidr);
    }
  }
  return out;
}

bool Datastore::has_cooling_address(const Eni& eni, sim::Time now) const {
  for (const Block& b : eni.blocks) {
    for (const Address& a : b.addresses) {
      if (cooling(a, now)) return true;  // hasIPInCooling
    }
  }
  return false;
}

bool Datastore::required_for_targets(const Eni& eni) const {
  const Kind m = mode();
  const int64_t other_total = totals_[m].addresses - eni.counts[m].addresses;
  const int64_t other_free = other_total - (totals_[m].assigned - eni.counts[m].assigned);
  const bool pd = config_.prefix_delegation;
  // isRequiredForWarmIPTarget: the free addresses on the other ENIs must cover the target.
  if (config_.warm_ip_target != 0) {
    const int64_t w = pd ? round_up_to_prefixes(config_.warm_ip_target) : config_.warm_ip_target;
    if (other_free < w) return true;
  }
  // isRequiredForMinimumIPTarget: the addresses on the other ENIs must cover the minimum.
  if (config_.minimum_ip_target != 0) {
    const int64_t min =
        pd ? round_up_to_prefixes(config_.minimum_ip_target) : config_.minimum_ip_target;
    if (other_total < min) return true;
  }
  // isRequiredForWarmPrefixTarget counts every CIDR with no assigned address on the other ENIs.
  if (pd && config_.warm_prefix_target != 0) {
    const int others_empty = totals_[kIp].empty_blocks + totals_[kPrefix].empty_blocks -
                             eni.counts[kIp].empty_blocks - eni.counts[kPrefix].empty_blocks;
    if (others_empty < config_.warm_prefix_target) return true;
  }
  return false;
}

std::optional<std::string> Datastore::deletable_eni(sim::Time now) const {
  // getDeletableENI's checks, in its order (trunk and EFA ENIs do not exist in ekssim).
  for (const Eni& e : enis_) {
    if (e.primary) continue;
    if (now - e.added < kMinEniLifetime) continue;  // isTooYoung
    if (has_cooling_address(e, now)) continue;
    if (e.assigned() > 0) continue;  // hasPods
    if (required_for_targets(e)) continue;
    return e.id;
  }
  return std::nullopt;
}

bool Datastore::freeable_eni_exists() const {
  return std::any_of(enis_.begin(), enis_.end(),
                     [](const Eni& e) { return !e.primary && e.assigned() == 0; });
}

}  // namespace ekssim::cni
