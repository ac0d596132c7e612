#include "models/vpc/address_index.h"

#include <fmt/format.h>

#include <stdexcept>

namespace ekssim::vpc {

void AddressIndex::reserve(size_t addresses, size_t prefixes) {
  addresses_.reserve(addresses);
  prefixes_.reserve(prefixes);
}

void AddressIndex::add_address(net::Ipv4 address, EniId eni) {
  if (owner(address)) {
    throw std::invalid_argument(fmt::format("address {} is already held by ENI #{}",
                                            address.to_string(), owner(address)->index()));
  }
  addresses_.emplace(address.value(), eni);
}

bool AddressIndex::remove_address(net::Ipv4 address) {
  return addresses_.erase(address.value()) > 0;
}

void AddressIndex::add_prefix(net::Cidr prefix, EniId eni) {
  if (prefix.prefix_length() != kPrefixLength) {
    throw std::invalid_argument(fmt::format(
        "prefix {} is not a /28, the only IPv4 prefix size EC2 assigns", prefix.to_string()));
  }
  for (uint64_t k = 0; k < prefix.size(); ++k) {
    if (const auto holder = owner(prefix.at(k))) {
      throw std::invalid_argument(fmt::format("prefix {} overlaps {}, held by ENI #{}",
                                              prefix.to_string(), prefix.at(k).to_string(),
                                              holder->index()));
    }
  }
  prefixes_.emplace(prefix.base().value(), eni);
}

bool AddressIndex::remove_prefix(net::Cidr prefix) {
  if (prefix.prefix_length() != kPrefixLength) return false;
  return prefixes_.erase(prefix.base().value()) > 0;
}

}  // namespace ekssim::vpc
