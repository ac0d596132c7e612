#pragma once
// Which ENI holds a private address: the VPC's hot-path lookup.
//
// Every packet the evaluator judges needs the owner of its source (to check the sender) and of
// its destination (to deliver it, and to match security-group references). A cluster of 5,000
// nodes holds about 15,000 ENI primaries and 150,000 pod addresses, which the VPC CNI assigns and
// releases all run long, so the index must answer in O(1) and change in O(1): two hash maps, one
// for single addresses (primaries and secondaries) and one for /28 prefixes keyed by their base.
// Nothing iterates over them, so their order cannot reach output.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_map>

#include "models/net/ipv4.h"
#include "models/vpc/ids.h"

namespace ekssim::vpc {

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
    if (const auto it = addresses_.find(address.value()); it != addresses_.end()) return it->second;
    if (const auto it = prefixes_.find(address.value() & kPrefixMask); it != prefixes_.end()) {
      return it->second;
    }
    return std::nullopt;
  }

  size_t address_count() const { return addresses_.size(); }
  size_t prefix_count() const { return prefixes_.size(); }

 private:
  static constexpr int kPrefixLength = 28;
  static constexpr uint32_t kPrefixMask = ~uint32_t{0xf};

  std::unordered_map<uint32_t, EniId> addresses_;
  std::unordered_map<uint32_t, EniId> prefixes_;  // keyed by the /28's base address
};

}  // namespace ekssim::vpc
