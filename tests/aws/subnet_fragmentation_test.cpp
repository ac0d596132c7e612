// Random secondary-IP assignment fragments a subnet's /28 blocks; the counts stay exact through
// any mix of operations on the largest subnet AWS allows (/16).

#include <catch2/catch.hpp>
#include <vector>

#include "models/aws/subnet_address_space.h"
#include "sim/random.h"

using ekssim::aws::SubnetAddressSpace;
using ekssim::net::Cidr;
using ekssim::net::Ipv4;

namespace {
SubnetAddressSpace::Pick picker(ekssim::sim::RandomStream& r) {
  return [&r](uint64_t bound) { return r.below(bound); };
}
}  // namespace

TEST_CASE("random secondary IPs leave no free /28 in a /24 long before its addresses run out",
          "[subnet]") {
  SubnetAddressSpace space(*Cidr::parse("10.0.0.0/24"));
  ekssim::sim::RandomStream r(42, "subnet/fragmentation");
  int handed = 0;
  while (space.free_prefixes() > 0) {
    REQUIRE(space.allocate_address(picker(r)));
    ++handed;
  }
  // 14 free blocks at the start, so at least 14 addresses; with random placement every block is
  // touched well before the 251 usable addresses are used (80 with this seed).
  CHECK(handed >= 14);
  CHECK(handed < 100);
  CHECK(space.free_addresses() == 251 - handed);
  CHECK_FALSE(space.allocate_prefix(picker(r)));  // EC2 answers InsufficientCidrBlocks
  CHECK(space.check_invariants().empty());
}

TEST_CASE("a /16's counts stay exact through random allocations and releases", "[subnet]") {
  SubnetAddressSpace space(*Cidr::parse("10.20.0.0/16"));
  CHECK(space.usable_addresses() == 65531);
  CHECK(space.free_prefixes() == 4094);  // the first and last blocks hold reserved addresses
  ekssim::sim::RandomStream r(3, "subnet/ops");
  std::vector<Ipv4> addresses;
  std::vector<Cidr> prefixes;
  for (int step = 0; step < 200000; ++step) {
    const uint64_t op = r.below(10);
    if (op < 5) {
      if (auto ip = space.allocate_address(picker(r))) addresses.push_back(*ip);
    } else if (op < 6) {
      if (auto p = space.allocate_prefix(picker(r))) prefixes.push_back(*p);
    } else if (op < 9 && !addresses.empty()) {
      const size_t k = r.below(addresses.size());
      space.release_address(addresses[k]);
      addresses[k] = addresses.back();
      addresses.pop_back();
    } else if (!prefixes.empty()) {
      const size_t k = r.below(prefixes.size());
      space.release_prefix(prefixes[k]);
      prefixes[k] = prefixes.back();
      prefixes.pop_back();
    }
    REQUIRE(space.used_addresses() ==
            static_cast<int64_t>(addresses.size() + 16 * prefixes.size()));
    REQUIRE(space.used_addresses() + space.free_addresses() == space.usable_addresses());
  }
  CHECK(space.check_invariants().empty());
  // Filling it completely hands out every usable address exactly once.
  while (space.allocate_address(picker(r))) {
  }
  CHECK(space.free_addresses() == 0);
  CHECK(space.free_prefixes() == 0);
  CHECK(space.check_invariants().empty());
}
