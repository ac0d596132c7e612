#include "models/vpc/address_index.h"

#include <fmt/format.h>

#include <bit>
#include <stdexcept>
#include <utility>

#include "sim/invariant.h"

namespace ekssim::vpc {

namespace {
constexpr size_t kMinimumCapacity = 64;
}  // namespace

AddressTable::AddressTable() {
  rehash(kMinimumCapacity);
}

void AddressTable::rehash(size_t capacity) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  shift_ = 64 - std::countr_zero(capacity);
  size_ = 0;
  for (const Slot& slot : old) {
    if (slot.value != kEmpty) insert(slot.key, EniId(slot.value));
  }
}

void AddressTable::reserve(size_t count) {
  if (2 * count > slots_.size()) rehash(std::bit_ceil(2 * count));
}

void AddressTable::insert(uint32_t key, EniId value) {
  if (2 * (size_ + 1) > slots_.size()) rehash(2 * slots_.size());
  size_t slot = home(key);
  while (slots_[slot].value != kEmpty)
    slot = (slot + 1) & mask_;
  slots_[slot] = Slot{key, value.index()};
  ++size_;
}

bool AddressTable::erase(uint32_t key) {
  size_t hole = home(key);
  while (slots_[hole].value != kEmpty && slots_[hole].key != key)
    hole = (hole + 1) & mask_;
  if (slots_[hole].value == kEmpty) return false;
  // Move later members of the probe run back into the hole when their home slot does not lie
  // (cyclically) between the hole and where they sit.
  for (size_t next = (hole + 1) & mask_; slots_[next].value != kEmpty; next = (next + 1) & mask_) {
    const size_t ideal = home(slots_[next].key);
    const bool stays =
        hole <= next ? (hole < ideal && ideal <= next) : (hole < ideal || ideal <= next);
    if (stays) continue;
    slots_[hole] = slots_[next];
    hole = next;
  }
  slots_[hole] = Slot{};
  --size_;
  return true;
}

void AddressIndex::reserve(size_t addresses, size_t prefixes) {
  addresses_.reserve(addresses);
  prefixes_.reserve(prefixes);
}

void AddressIndex::add_address(net::Ipv4 address, EniId eni) {
  if (owner(address)) {
    throw sim::ComponentFailure("vpc/address-index",
                                fmt::format("address {} is already held by ENI #{}",
                                            address.to_string(), owner(address)->index()));
  }
  addresses_.insert(address.value(), eni);
}

bool AddressIndex::remove_address(net::Ipv4 address) {
  return addresses_.erase(address.value());
}

void AddressIndex::add_prefix(net::Cidr prefix, EniId eni) {
  if (prefix.prefix_length() != kPrefixLength) {
    throw sim::ComponentFailure(
        "vpc/address-index",
        fmt::format("prefix {} is not a /28, the only IPv4 prefix size EC2 assigns",
                    prefix.to_string()));
  }
  for (uint64_t k = 0; k < prefix.size(); ++k) {
    if (const auto holder = owner(prefix.at(k))) {
      throw sim::ComponentFailure(
          "vpc/address-index",
          fmt::format("prefix {} overlaps {}, held by ENI #{}", prefix.to_string(),
                      prefix.at(k).to_string(), holder->index()));
    }
  }
  prefixes_.insert(prefix.base().value(), eni);
}

bool AddressIndex::remove_prefix(net::Cidr prefix) {
  if (prefix.prefix_length() != kPrefixLength) return false;
  return prefixes_.erase(prefix.base().value());
}

}  // namespace ekssim::vpc
