#include "models/aws/subnet_address_space.h"

#include <catch2/catch.hpp>
#include <set>

#include "sim/random.h"

using ekssim::aws::SubnetAddressSpace;
using ekssim::net::Cidr;
using ekssim::net::Ipv4;

namespace {
SubnetAddressSpace::Pick picker(ekssim::sim::RandomStream& r) {
  return [&r](uint64_t bound) { return r.below(bound); };
}
}  // namespace

TEST_CASE("a subnet keeps AWS's five reserved addresses out of reach", "[subnet]") {
  SubnetAddressSpace space(*Cidr::parse("10.0.0.0/24"));
  CHECK(space.usable_addresses() == 251);
  CHECK(space.free_addresses() == 251);
  CHECK_FALSE(space.is_free(*Ipv4::parse("10.0.0.2")));  // the Amazon DNS server
  CHECK_FALSE(space.is_free(*Ipv4::parse("10.0.0.255")));
  CHECK(space.is_free(*Ipv4::parse("10.0.0.4")));
  ekssim::sim::RandomStream r(1, "subnet");
  std::set<Ipv4> handed;
  while (auto ip = space.allocate_address(picker(r))) {
    REQUIRE(handed.insert(*ip).second);
    REQUIRE(space.check_invariants().empty());
  }
  CHECK(handed.size() == 251);
  CHECK(space.free_addresses() == 0);
  CHECK(handed.count(*Ipv4::parse("10.0.0.3")) == 0);
}

TEST_CASE("a fragmented subnet has free addresses but no free /28", "[subnet]") {
  SubnetAddressSpace space(*Cidr::parse("10.0.0.0/24"));
  // 16 blocks; the first and last hold reserved addresses, so 14 are free at the start.
  CHECK(space.free_prefixes() == 14);
  // One address in every block, as random secondary-IP assignment leaves it.
  for (int block = 1; block < 15; ++block) {
    REQUIRE(
        space.allocate_specific(Ipv4::from_octets(10, 0, 0, static_cast<uint8_t>(block * 16 + 5))));
  }
  CHECK(space.free_prefixes() == 0);
  CHECK(space.free_addresses() == 251 - 14);
  ekssim::sim::RandomStream r(2, "subnet");
  CHECK_FALSE(space.allocate_prefix(picker(r)));
  space.release_address(Ipv4::from_octets(10, 0, 0, 37));
  CHECK(space.free_prefixes() == 1);
  const auto prefix = space.allocate_prefix(picker(r));
  REQUIRE(prefix);
  CHECK(prefix->to_string() == "10.0.0.32/28");
  CHECK(space.used_addresses() == 13 + 16);
  space.release_prefix(*prefix);
  CHECK(space.check_invariants().empty());
}

TEST_CASE("releasing an address never handed out is a bug, not a silent no-op", "[subnet]") {
  SubnetAddressSpace space(*Cidr::parse("10.0.0.0/28"));
  CHECK(space.usable_addresses() == 11);
  CHECK(space.free_prefixes() == 0);  // the only block holds reserved addresses
  CHECK_THROWS(space.release_address(*Ipv4::parse("10.0.0.7")));
  CHECK_THROWS(space.release_address(*Ipv4::parse("10.0.0.1")));
}
