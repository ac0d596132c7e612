#include "models/cni/datastore.h"

#include <algorithm>
#include <stdexcept>

namespace ekssim::cni {

namespace {
constexpr sim::Duration kMinEniLifetime = sim::Duration::seconds(60);  // minENILifeTime
int round_up_16(int n) {
  return (n + 15) / 16 * 16;
}
}  // namespace

int Datastore::Block::assigned() const {
  return static_cast<int>(std::count_if(addresses.begin(), addresses.end(),
                                        [](const Address& a) { return !a.pod.empty(); }));
}

int Datastore::Eni::assigned() const {
  int n = 0;
  for (const Block& b : blocks)
    n += b.assigned();
  return n;
}

bool Datastore::cooling(const Address& a, sim::Time now) const {
  return a.pod.empty() && a.unassigned_at && now - *a.unassigned_at < config_.ip_cooldown;
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

bool Datastore::has_eni(std::string_view id) const {
  return find(id) != nullptr;
}

void Datastore::add_eni(const std::string& id, int device, bool primary, sim::Time created) {
  if (find(id) != nullptr) return;
  Eni eni;
  eni.id = id;
  eni.device = device;
  eni.primary = primary;
  eni.created = created;
  const auto at = std::lower_bound(enis_.begin(), enis_.end(), device,
                                   [](const Eni& e, int d) { return e.device < d; });
  enis_.insert(at, std::move(eni));
}

void Datastore::add_ips(std::string_view id, const std::vector<net::Ipv4>& ips) {
  Eni* eni = find(id);
  if (eni == nullptr) throw std::logic_error("datastore: unknown ENI " + std::string(id));
  for (net::Ipv4 ip : ips) {
    eni->blocks.push_back(Block{net::Cidr::of(ip, 32), {Address{ip, {}, {}}}});
  }
  std::sort(eni->blocks.begin(), eni->blocks.end(),
            [](const Block& a, const Block& b) { return a.cidr < b.cidr; });
}

void Datastore::add_prefixes(std::string_view id, const std::vector<net::Cidr>& prefixes) {
  Eni* eni = find(id);
  if (eni == nullptr) throw std::logic_error("datastore: unknown ENI " + std::string(id));
  for (const net::Cidr& p : prefixes) {
    Block block{p, {}};
    // Every address of a /28 is usable by a pod, the .0 included (ipamd.md §1, test D9).
    for (uint64_t k = 0; k < p.size(); ++k)
      block.addresses.push_back(Address{p.at(k), {}, {}});
    eni->blocks.push_back(std::move(block));
  }
  std::sort(eni->blocks.begin(), eni->blocks.end(),
            [](const Block& a, const Block& b) { return a.cidr < b.cidr; });
}

void Datastore::sync_eni(std::string_view id, const std::vector<net::Ipv4>& ips,
                         const std::vector<net::Cidr>& prefixes) {
  const Eni* eni = find(id);
  if (eni == nullptr) return;
  const auto known = [eni](net::Cidr cidr) {
    return std::any_of(eni->blocks.begin(), eni->blocks.end(),
                       [&](const Block& b) { return b.cidr == cidr; });
  };
  std::vector<net::Ipv4> new_ips;
  for (net::Ipv4 ip : ips) {
    if (!known(net::Cidr::of(ip, 32))) new_ips.push_back(ip);
  }
  std::vector<net::Cidr> new_prefixes;
  for (const net::Cidr& p : prefixes) {
    if (!known(p)) new_prefixes.push_back(p);
  }
  add_ips(id, new_ips);
  add_prefixes(id, new_prefixes);
}

PoolStats Datastore::stats(sim::Time now) const {
  PoolStats s;
  s.enis = eni_count();
  for (const Eni& e : enis_) {
    for (const Block& b : e.blocks) {
      const int assigned = b.assigned();
      s.total += static_cast<int>(b.addresses.size());
      s.assigned += assigned;
      for (const Address& a : b.addresses)
        s.cooldown += cooling(a, now) ? 1 : 0;
      if (b.cidr.prefix_length() == 28) {
        ++s.total_prefixes;
        s.free_prefixes += assigned == 0 ? 1 : 0;
      }
    }
  }
  return s;
}

int Datastore::assignable(sim::Time now) const {
  int n = 0;
  for (const Eni& e : enis_) {
    if (config_.custom_networking && e.primary) continue;
    for (const Block& b : e.blocks) {
      for (const Address& a : b.addresses)
        n += a.pod.empty() && !cooling(a, now) ? 1 : 0;
    }
  }
  return n;
}

std::optional<Datastore::Assignment> Datastore::assign(const std::string& pod, sim::Time now) {
  if (const auto it = by_pod_.find(pod); it != by_pod_.end()) {
    return Assignment{it->second.second, it->second.first};  // the same sandbox asks again
  }
  for (Eni& e : enis_) {
    for (Block& b : e.blocks) {
      for (Address& a : b.addresses) {
        if (!a.pod.empty() || cooling(a, now)) continue;
        a.pod = pod;
        a.unassigned_at.reset();
        by_pod_.emplace(pod, std::make_pair(e.id, a.ip));
        return Assignment{a.ip, e.id};
      }
    }
  }
  return std::nullopt;
}

std::optional<net::Ipv4> Datastore::unassign(const std::string& pod, sim::Time now) {
  const auto it = by_pod_.find(pod);
  if (it == by_pod_.end()) return std::nullopt;
  const auto [eni_id, ip] = it->second;
  by_pod_.erase(it);
  if (Eni* e = find(eni_id)) {
    for (Block& b : e->blocks) {
      for (Address& a : b.addresses) {
        if (a.ip == ip) {
          a.pod.clear();
          a.unassigned_at = now;
        }
      }
    }
  }
  return ip;
}

std::optional<std::pair<std::string, int>> Datastore::allocatable_eni() const {
  for (const Eni& e : enis_) {
    if (config_.custom_networking && e.primary) continue;
    const int used = static_cast<int>(e.blocks.size());
    if (used < config_.slots) return std::make_pair(e.id, used);
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, net::Cidr>> Datastore::freeable_cidrs(int count) const {
  std::vector<std::pair<std::string, net::Cidr>> out;
  for (auto e = enis_.rbegin(); e != enis_.rend() && static_cast<int>(out.size()) < count; ++e) {
    for (auto b = e->blocks.rbegin(); b != e->blocks.rend(); ++b) {
      if (static_cast<int>(out.size()) >= count) break;
      if (b->assigned() == 0) out.emplace_back(e->id, b->cidr);
    }
  }
  return out;
}

void Datastore::remove_cidr(std::string_view id, net::Cidr cidr) {
  if (Eni* e = find(id)) {
    e->blocks.erase(std::remove_if(e->blocks.begin(), e->blocks.end(),
                                   [&](const Block& b) { return b.cidr == cidr; }),
                    e->blocks.end());
  }
}

int Datastore::addresses_on(const Eni& eni) const {
  int n = 0;
  for (const Block& b : eni.blocks)
    n += static_cast<int>(b.addresses.size());
  return n;
}

int Datastore::free_on(const Eni& eni) const {
  return addresses_on(eni) - eni.assigned();
}

std::optional<std::string> Datastore::deletable_eni(sim::Time now) const {
  const int w =
      config_.prefix_delegation ? round_up_16(config_.warm_ip_target) : config_.warm_ip_target;
  const int m = config_.prefix_delegation ? round_up_16(config_.minimum_ip_target)
                                          : config_.minimum_ip_target;
  for (const Eni& e : enis_) {
    if (e.primary || now - e.created < kMinEniLifetime || e.assigned() > 0) continue;
    bool cooling_here = false;
    for (const Block& b : e.blocks) {
      for (const Address& a : b.addresses)
        cooling_here = cooling_here || cooling(a, now);
    }
    if (cooling_here) continue;
    int free_elsewhere = 0, total_elsewhere = 0, free_prefixes_elsewhere = 0;
    for (const Eni& other : enis_) {
      if (&other == &e) continue;
      free_elsewhere += free_on(other);
      total_elsewhere += addresses_on(other);
      for (const Block& b : other.blocks) {
        free_prefixes_elsewhere += b.cidr.prefix_length() == 28 && b.assigned() == 0 ? 1 : 0;
      }
    }
    if (config_.warm_ip_target > 0 && free_elsewhere < w) continue;  // isRequiredForWarmIPTarget
    if (config_.minimum_ip_target > 0 && total_elsewhere < m) continue;  // …MinimumIPTarget
    if (config_.prefix_delegation && !config_.warm_ip_targets_defined() &&
        free_prefixes_elsewhere < config_.warm_prefix_target) {
      continue;  // …WarmPrefixTarget
    }
    return e.id;
  }
  return std::nullopt;
}

bool Datastore::freeable_eni_exists() const {
  return std::any_of(enis_.begin(), enis_.end(),
                     [](const Eni& e) { return !e.primary && e.assigned() == 0; });
}

void Datastore::remove_eni(std::string_view id) {
  for (const Eni& e : enis_) {
    if (e.id != id) continue;
    for (const Block& b : e.blocks) {
      for (const Address& a : b.addresses) {
        if (!a.pod.empty()) by_pod_.erase(a.pod);
      }
    }
  }
  enis_.erase(std::remove_if(enis_.begin(), enis_.end(), [&](const Eni& e) { return e.id == id; }),
              enis_.end());
}

void Datastore::forget_cooldown() {
  for (Eni& e : enis_) {
    for (Block& b : e.blocks) {
      for (Address& a : b.addresses)
        a.unassigned_at.reset();
    }
  }
}

}  // namespace ekssim::cni
