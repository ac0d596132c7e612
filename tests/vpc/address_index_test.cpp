// The address index's hash table under churn, checked against std::map.

#include "models/vpc/address_index.h"

#include <catch2/catch.hpp>
#include <map>
#include <random>

using namespace ekssim;
using namespace ekssim::vpc;

TEST_CASE("The address table agrees with std::map through inserts and erases, seed after seed") {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    std::mt19937_64 random(seed);
    AddressTable table;
    std::map<uint32_t, uint32_t> reference;
    int erase_disagreements = 0;
    // Keys from a narrow range, so probe runs collide, wrap and get shifted back on erase.
    std::uniform_int_distribution<uint32_t> key(0x0a000000, 0x0a000000 + 3000);
    for (int step = 0; step < 20000; ++step) {
      const uint32_t k = key(random);
      if (random() % 3 == 0 || reference.count(k)) {
        const bool erased = table.erase(k);
        erase_disagreements += erased == (reference.erase(k) == 1) ? 0 : 1;
      } else {
        table.insert(k, EniId(static_cast<uint32_t>(step)));
        reference[k] = static_cast<uint32_t>(step);
      }
    }
    CHECK(erase_disagreements == 0);
    CHECK(table.size() == reference.size());
    int disagreements = 0;
    for (uint32_t k = 0x0a000000; k <= 0x0a000000 + 3000; ++k) {
      const auto found = table.find(k);
      const auto expected = reference.find(k);
      const bool agree = expected == reference.end()
                             ? !found.has_value()
                             : found.has_value() && found->index() == expected->second;
      disagreements += agree ? 0 : 1;
    }
    CHECK(disagreements == 0);
  }
}

TEST_CASE("An address inside a held /28 is owned by the prefix's ENI and cannot be added alone") {
  AddressIndex index;
  index.add_prefix(*net::Cidr::parse("10.0.3.16/28"), EniId(4));
  index.add_address(*net::Ipv4::parse("10.0.3.15"), EniId(5));
  CHECK(index.owner(*net::Ipv4::parse("10.0.3.31")) == EniId(4));
  CHECK(index.owner(*net::Ipv4::parse("10.0.3.15")) == EniId(5));
  CHECK_THROWS_WITH(index.add_address(*net::Ipv4::parse("10.0.3.20"), EniId(5)),
                    "address 10.0.3.20 is already held by ENI #4");
  CHECK(index.remove_prefix(*net::Cidr::parse("10.0.3.16/28")));
  CHECK_FALSE(index.owner(*net::Ipv4::parse("10.0.3.20")));
  CHECK(index.address_count() == 1);
  CHECK(index.prefix_count() == 0);
}
