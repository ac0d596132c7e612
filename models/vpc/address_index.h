#pragma once
// Which ENI holds a private address: the VPC's hot-path lookup.
//
// Every packet the evaluator judges needs the owner of its source (to check the sender) and of
// its destination (to deliver it, and to match security-group references). A cluster of 5,000
// nodes holds about 15,000 ENI primaries and 150,000 pod addresses, which the VPC CNI assigns and
// releases all run long, so the index answers and changes in O(1): two open-addressing hash
// tables, one for single addresses (primaries and secondaries) and one for /28 prefixes keyed by
// their base. A lookup touches one or two cache lines and allocates nothing. Nothing iterates
// over the tables, so their order cannot reach output.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "models/net/ipv4.h"
#include "models/vpc/ids.h"

namespace ekssim::vpc {

// A map from 32-bit keys to ENI ids with linear probing, Fibonacci hashing, a load factor of at
// most one half, and backward-shift deletion (Knuth, TAOCP vol. 3, 6.4, Algorithm R), so no
// tombstones build up under churn.
class AddressTable {
 public:
  AddressTable();

  std::optional<EniId> find(uint32_t key) const {
    for (size_t slot = home(key);; slot = (slot + 1) & mask_) {
      const Slot& s = slots_[slot];
      if (s.value == kEmpty) return std::nullopt;
      if (s.key == key) return EniId(s.value);
    }
  }
  // The key must be absent.
  void insert(uint32_t key, EniId value);
  // False if the key is absent.
  bool erase(uint32_t key);
  size_t size() const { return size_; }
  void reserve(size_t count);

 private:
  static constexpr uint32_t kEmpty = ~uint32_t{0};  // no ENI has this index
  struct Slot {
    uint32_t key = 0;
    uint32_t value = kEmpty;
  };

  size_t home(uint32_t key) const {
    return static_cast<size_t>((key * uint64_t{0x9E3779B97F4A7C15}) >> shift_) & mask_;
  }
  void rehash(size_t capacity);

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  int shift_ = 0;
  size_t size_ = 0;
};

class AddressIndex {
 public:
  void reserve(size_t addresses, size_t prefixes);

  // Throws std::invalid_argument if the address is already held, alone or inside a prefix (the
  // EC2 API would refuse the assignment, so the caller has a bug).
  void add_address(net::Ipv4 address, EniId eni);
  // False if the address is not held as a single address.
  bool remove_address(net::Ipv4 address);
  // `prefix` must be a /28. Throws std::invalid_argument if it is not, or if any of its addresses
  // is already held.
  void add_prefix(net::Cidr prefix, EniId eni);
  bool remove_prefix(net::Cidr prefix);

  // The ENI holding `address` as a primary, secondary or prefix address. No allocation.
  std::optional<EniId> owner(net::Ipv4 address) const {
    if (const auto eni = addresses_.find(address.value())) return eni;
    return prefixes_.find(address.value() & kPrefixMask);
  }

  size_t address_count() const { return addresses_.size(); }
  size_t prefix_count() const { return prefixes_.size(); }

 private:
  static constexpr int kPrefixLength = 28;
  static constexpr uint32_t kPrefixMask = ~uint32_t{0xf};

  AddressTable addresses_;
  AddressTable prefixes_;  // keyed by the /28's base address
};

}  // namespace ekssim::vpc
