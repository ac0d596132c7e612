// The datastore's pod side: AssignPodIPv4Address, getUnusedIP and UnassignPodIPAddress
// (pkg/ipamd/datastore/data_store.go), and the sandbox keys that hold addresses.

#include <algorithm>

#include "models/cni/datastore.h"

namespace ekssim::cni {

std::vector<int32_t>::const_iterator Datastore::key_position(std::string_view key) const {
  return std::lower_bound(by_key_.begin(), by_key_.end(), key, [this](int32_t slot, auto k) {
    return keys_[static_cast<size_t>(slot)].key < k;
  });
}

int32_t Datastore::hold(const std::string& key, net::Ipv4 ip, int device) {
  int32_t slot = 0;
  if (free_slots_.empty()) {
    slot = static_cast<int32_t>(keys_.size());
    keys_.push_back(Holder{key, ip, device});
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
    keys_[static_cast<size_t>(slot)] = Holder{key, ip, device};
  }
  by_key_.insert(key_position(key), slot);
  return slot;
}

void Datastore::drop_holder(int32_t slot) {
  Holder& h = keys_[static_cast<size_t>(slot)];
  by_key_.erase(key_position(h.key));
  h.key.clear();
  free_slots_.push_back(slot);
}

std::optional<int> Datastore::unused_address(Block& block, sim::Time now) {
  // getUnusedIP: an address used before and out of cooldown is reused first; every such address
  // leaves the CIDR's map on the way, so later it counts as never used.
  std::optional<int> reuse;
  for (size_t k = 0; k < block.addresses.size(); ++k) {
    Address& a = block.addresses[k];
    if (a.holder >= 0 || !a.unassigned_at || cooling(a, now)) continue;
    if (!reuse) reuse = static_cast<int>(k);
    a.unassigned_at.reset();
  }
  if (reuse) return reuse;
  // Otherwise the lowest never-used address, from the network address up.
  for (size_t k = 0; k < block.addresses.size(); ++k) {
    const Address& a = block.addresses[k];
    if (a.holder < 0 && !a.unassigned_at) return static_cast<int>(k);
  }
  return std::nullopt;
}

void Datastore::take(Eni& eni, Block& block, int index, int32_t holder, sim::Time now) {
  Address& a = block.addresses[static_cast<size_t>(index)];
  a.holder = holder;
  a.assigned_at = now;
  a.unassigned_at.reset();
  const Kind kind = block.kind();
  const bool was_empty = block.assigned++ == 0;
  for (Counts* c : {&eni.counts[kind], &totals_[kind]}) {
    ++c->assigned;
    if (was_empty) --c->empty_blocks;
  }
}

void Datastore::release(Eni& eni, Block& block, int index, sim::Time now) {
  Address& a = block.addresses[static_cast<size_t>(index)];
  a.holder = -1;
  a.unassigned_at = now;
  const Kind kind = block.kind();
  const bool now_empty = --block.assigned == 0;
  for (Counts* c : {&eni.counts[kind], &totals_[kind]}) {
    --c->assigned;
    if (now_empty) ++c->empty_blocks;
  }
  // Releases older than the cooldown period no longer matter; the rest stay in time order.
  while (!released_.empty() && now - released_.front().at > config_.ip_cooldown) {
    released_.pop_front();
  }
  released_.push_back(Released{now, block.cidr.at(static_cast<uint64_t>(index)), kind});
}

std::optional<Datastore::Assignment> Datastore::assign(const std::string& key, sim::Time now) {
  const auto held = key_position(key);
  if (held != by_key_.end() && keys_[static_cast<size_t>(*held)].key == key) {
    // "duplicate pod assign for sandbox": the same key gets the same address.
    const Holder& h = keys_[static_cast<size_t>(*held)];
    return Assignment{h.ip, find_device(h.device)->id};
  }
  const Kind m = mode();
  for (Eni& e : enis_) {
    for (Block& b : e.blocks) {
      // A CIDR of the other mode (after ENABLE_PREFIX_DELEGATION was toggled) is skipped.
      if (b.kind() != m || b.assigned == static_cast<int>(b.addresses.size())) continue;
      const std::optional<int> k = unused_address(b, now);
      if (!k) continue;
      const net::Ipv4 ip = b.cidr.at(static_cast<uint64_t>(*k));
      take(e, b, *k, hold(key, ip, e.device), now);
      return Assignment{ip, e.id};
    }
  }
  return std::nullopt;
}

std::optional<net::Ipv4> Datastore::unassign(const std::string& key, sim::Time now) {
  const auto held = key_position(key);
  if (held == by_key_.end() || keys_[static_cast<size_t>(*held)].key != key) return std::nullopt;
  const int32_t slot = *held;
  const net::Ipv4 ip = keys_[static_cast<size_t>(slot)].ip;
  Eni& eni = *find_device(keys_[static_cast<size_t>(slot)].device);
  drop_holder(slot);
  // The block holding the address: the last one whose CIDR starts at or below it.
  auto block = std::upper_bound(eni.blocks.begin(), eni.blocks.end(), ip,
                                [](net::Ipv4 a, const Block& b) { return a < b.cidr.base(); });
  --block;
  release(eni, *block, static_cast<int>(ip.value() - block->cidr.base().value()), now);
  return ip;
}

int Datastore::assignable(sim::Time now) const {
  const Kind m = mode();
  int n = 0;
  for (const Eni& e : enis_) {
    for (const Block& b : e.blocks) {
      if (b.kind() != m) continue;
      for (const Address& a : b.addresses)
        n += a.holder < 0 && !cooling(a, now) ? 1 : 0;
    }
  }
  return n;
}

}  // namespace ekssim::cni
