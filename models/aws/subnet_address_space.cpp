#include "models/aws/subnet_address_space.h"

#include <bit>
#include <stdexcept>

#include "sim/invariant.h"

namespace ekssim::aws {

namespace {
constexpr uint64_t kBlock = 16;
}

SubnetAddressSpace::SubnetAddressSpace(net::Cidr cidr)
    : cidr_(cidr),
      size_(cidr.size()),
      bits_((size_ + 63) / 64, 0),
      block_taken_((size_ + kBlock - 1) / kBlock, 0) {
  if (size_ < 16 || size_ > 65536) {
    throw sim::ComponentFailure("aws/subnet-address-space",
                                "subnet " + cidr.to_string() + " is not between /16 and /28");
  }
  usable_ = static_cast<int64_t>(size_) - 5;
  free_blocks_ = static_cast<int64_t>(block_taken_.size());
  for (uint64_t offset : {uint64_t{0}, uint64_t{1}, uint64_t{2}, uint64_t{3}, size_ - 1}) {
    set(offset, true);
  }
}

bool SubnetAddressSpace::reserved(uint64_t offset) const {
  return offset <= 3 || offset == size_ - 1;
}

void SubnetAddressSpace::set(uint64_t offset, bool used) {
  uint64_t& word = bits_[offset / 64];
  const uint64_t bit = uint64_t{1} << (offset % 64);
  uint8_t& block = block_taken_[offset / kBlock];
  if (used) {
    word |= bit;
    if (block++ == 0) --free_blocks_;
  } else {
    word &= ~bit;
    if (--block == 0) ++free_blocks_;
  }
}

bool SubnetAddressSpace::is_free(net::Ipv4 address) const {
  if (!cidr_.contains(address)) return false;
  return !taken(address.value() - cidr_.base().value());
}

std::optional<net::Ipv4> SubnetAddressSpace::allocate_address(const Pick& pick) {
  if (free_addresses() == 0) return std::nullopt;
  // A random start, then the first free address at or after it, wrapping round: uniform enough,
  // and O(1) expected while the subnet is not nearly full. The last step revisits the start's
  // word in full, for the free addresses just below the start.
  const uint64_t start = pick(size_);
  const size_t words = bits_.size();
  for (size_t step = 0; step <= words; ++step) {
    const size_t w = (start / 64 + step) % words;
    uint64_t free_bits = ~bits_[w];
    if (step == 0) free_bits &= ~uint64_t{0} << (start % 64);  // at or after start
    if (w == words - 1 && size_ % 64 != 0) free_bits &= (uint64_t{1} << (size_ % 64)) - 1;
    if (free_bits == 0) continue;
    const uint64_t offset = w * 64 + static_cast<uint64_t>(std::countr_zero(free_bits));
    set(offset, true);
    ++used_;
    return cidr_.at(offset);
  }
  throw sim::ComponentFailure(
      "aws/subnet-address-space",
      "subnet " + cidr_.to_string() + ": free addresses counted but none found");
}

bool SubnetAddressSpace::allocate_specific(net::Ipv4 address) {
  if (!is_free(address)) return false;
  set(address.value() - cidr_.base().value(), true);
  ++used_;
  return true;
}

std::optional<net::Cidr> SubnetAddressSpace::allocate_prefix(const Pick& pick) {
  if (free_blocks_ == 0) return std::nullopt;
  const size_t blocks = block_taken_.size();
  const size_t start = static_cast<size_t>(pick(blocks));
  for (size_t step = 0; step < blocks; ++step) {
    const size_t b = (start + step) % blocks;
    if (block_taken_[b] != 0) continue;
    for (uint64_t offset = b * kBlock; offset < (b + 1) * kBlock; ++offset)
      set(offset, true);
    used_ += static_cast<int64_t>(kBlock);
    return net::Cidr::of(cidr_.at(b * kBlock), 28);
  }
  return std::nullopt;
}

void SubnetAddressSpace::release_address(net::Ipv4 address) {
  const uint64_t offset = address.value() - cidr_.base().value();
  if (!cidr_.contains(address) || reserved(offset) || !taken(offset)) {
    throw sim::ComponentFailure("aws/subnet-address-space", "releasing " + address.to_string() +
                                                                ", which " + cidr_.to_string() +
                                                                " has not handed out");
  }
  set(offset, false);
  --used_;
}

void SubnetAddressSpace::release_prefix(net::Cidr prefix) {
  for (uint64_t k = 0; k < prefix.size(); ++k)
    release_address(prefix.at(k));
}

std::string SubnetAddressSpace::check_invariants() const {
  int64_t taken_bits = 0;
  for (uint64_t w : bits_)
    taken_bits += std::popcount(w);
  if (taken_bits - 5 != used_) {
    return "used " + std::to_string(used_) + " but " + std::to_string(taken_bits - 5) +
           " addresses are marked taken";
  }
  if (used_ + free_addresses() != usable_ || used_ < 0 || used_ > usable_) {
    return "used + free != usable";
  }
  int64_t free_blocks = 0;
  for (uint8_t t : block_taken_)
    free_blocks += t == 0 ? 1 : 0;
  if (free_blocks != free_blocks_) return "free /28 blocks miscounted";
  return {};
}

}  // namespace ekssim::aws
