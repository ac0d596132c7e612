#pragma once
// A subnet's IPv4 address space as EC2 hands it out.
//
// AWS reserves five addresses in every subnet — the network address, +1 (the VPC router), +2
// (the Amazon DNS server), +3 (reserved for future use) and the last (broadcast) — so a subnet has
// size − 5 usable addresses (AWS "Subnet CIDR blocks"). EC2 assigns a free address at random
// unless one is asked for, which is why a subnet can have free addresses yet no free aligned /28
// block for prefix delegation (fragmentation; aws/amazon-vpc-cni-k8s#2749): a /28 is allocatable
// only when all 16 of its addresses are free (ekssim's simplification: AWS also lets a subnet
// CIDR reservation keep blocks whole, which scenarios can model by a separate subnet).
//
// Running out is the caller's to report, with AWS's error codes (ec2_errors in ec2_error.h):
// InsufficientFreeAddressesInSubnet when free_addresses() is short, InsufficientCidrBlocks when
// free_prefixes() is, even with free addresses left.
//
// Costs: allocating and releasing are O(1) expected (a random start, then a word-at-a-time scan);
// counts are kept incrementally. Subnets are at most /16 (65,536 addresses, 1 KiB of bits).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/net/ipv4.h"

namespace ekssim::aws {

class SubnetAddressSpace {
 public:
  // Draws a uniform integer in [0, bound): the caller's seeded stream.
  using Pick = std::function<uint64_t(uint64_t bound)>;

  explicit SubnetAddressSpace(net::Cidr cidr);

  const net::Cidr& cidr() const { return cidr_; }
  int64_t usable_addresses() const { return usable_; }
  int64_t used_addresses() const { return used_; }
  int64_t free_addresses() const { return usable_ - used_; }
  // Aligned /28 blocks with all 16 addresses free.
  int64_t free_prefixes() const { return free_blocks_; }

  // A free address chosen at random, as EC2 assigns secondary IPs; nullopt when none is free.
  std::optional<net::Ipv4> allocate_address(const Pick& pick);
  // A specific address (a host's fixed IP); false if reserved, taken or outside the subnet.
  bool allocate_specific(net::Ipv4 address);
  // A random aligned /28 whose 16 addresses are all free; nullopt when there is none.
  std::optional<net::Cidr> allocate_prefix(const Pick& pick);
  // Gives back an address (or every address of a /28); releasing one not handed out throws
  // std::logic_error, since it is a bug in the caller.
  void release_address(net::Ipv4 address);
  void release_prefix(net::Cidr prefix);
  bool is_free(net::Ipv4 address) const;

  // used + free = usable, the bits and the block counts agree. Empty when they hold.
  std::string check_invariants() const;

 private:
  bool taken(uint64_t offset) const { return (bits_[offset / 64] >> (offset % 64)) & 1; }
  void set(uint64_t offset, bool used);
  bool reserved(uint64_t offset) const;

  net::Cidr cidr_;
  uint64_t size_;
  std::vector<uint64_t> bits_;        // 1 = taken (reserved addresses included)
  std::vector<uint8_t> block_taken_;  // taken addresses per aligned 16-address block
  int64_t usable_ = 0;
  int64_t used_ = 0;
  int64_t free_blocks_ = 0;
};

}  // namespace ekssim::aws
