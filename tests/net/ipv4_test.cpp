// IPv4 addresses and CIDR blocks: what parses, what is refused, and lengths that must never reach
// a shift of 32 bits or more (UBSan found `0.0.0.0/-1` passing `check`, issue 16).

#include "models/net/ipv4.h"

#include <catch2/catch.hpp>

#include "models/net/protocol.h"

using namespace ekssim::net;

TEST_CASE("A CIDR's prefix length is 0 to 32 decimal digits, with no sign") {
  CHECK(Cidr::parse("0.0.0.0/0") == Cidr::everything());
  CHECK(Cidr::parse("10.0.0.1/32")->size() == 1);
  CHECK(Cidr::parse("10.0.0.0/16")->to_string() == "10.0.0.0/16");
  CHECK_FALSE(Cidr::parse("0.0.0.0/-1"));
  CHECK_FALSE(Cidr::parse("0.0.0.0/-0"));
  CHECK_FALSE(Cidr::parse("0.0.0.0/+8"));
  CHECK_FALSE(Cidr::parse("10.0.0.0/33"));
  CHECK_FALSE(Cidr::parse("10.0.0.0/99"));
  CHECK_FALSE(Cidr::parse("10.0.0.0/100"));
  CHECK_FALSE(Cidr::parse("10.0.0.0/"));
  CHECK_FALSE(Cidr::parse("10.0.0.0/ 8"));
  CHECK_FALSE(Cidr::parse("10.0.0.0"));
}

TEST_CASE("A CIDR with host bits set is refused") {
  CHECK_FALSE(Cidr::parse("10.0.0.1/16"));
  CHECK_FALSE(Cidr::parse("0.0.0.1/0"));
}

TEST_CASE("Cidr::of clamps a length outside 0-32 instead of shifting by 32 or more") {
  const Ipv4 address(0x0A000001);  // 10.0.0.1
  CHECK(Cidr::of(address, -1) == Cidr::everything());
  CHECK(Cidr::of(address, 33) == Cidr::of(address, 32));
  CHECK(Cidr::of(address, 33).size() == 1);
  CHECK(Cidr::of(address, 40).contains(address));
}

TEST_CASE("An IPv4 address is a dotted quad without leading zeros or signs") {
  CHECK(Ipv4::parse("10.0.0.10")->value() == 0x0A00000A);
  CHECK(Ipv4::parse("255.255.255.255")->value() == 0xFFFFFFFF);
  CHECK_FALSE(Ipv4::parse("256.0.0.0"));
  CHECK_FALSE(Ipv4::parse("010.0.0.1"));
  CHECK_FALSE(Ipv4::parse("-1.0.0.0"));
  CHECK_FALSE(Ipv4::parse("1.2.3"));
  CHECK_FALSE(Ipv4::parse("1.2.3.4.5"));
  CHECK_FALSE(Ipv4::parse("1.2.3.4 "));
  CHECK_FALSE(Ipv4::parse(""));
}

TEST_CASE("Protocol numbers and port ranges refuse signs, as prefix lengths do") {
  CHECK_FALSE(Protocol::parse("-2"));
  CHECK_FALSE(Protocol::parse("+6"));
  CHECK_FALSE(PortRange::parse("-1"));
  CHECK_FALSE(PortRange::parse("+80"));
  CHECK_FALSE(PortRange::parse("80--90"));
  CHECK_FALSE(PortRange::parse("99999999999"));
  CHECK(PortRange::parse("80-90") == (PortRange{80, 90}));
}

TEST_CASE("An address prints as its dotted quad, and parses back to itself") {
  CHECK(Ipv4(0).to_string() == "0.0.0.0");
  CHECK(Ipv4(~uint32_t{0}).to_string() == "255.255.255.255");
  CHECK(Ipv4::from_octets(10, 0, 100, 9).to_string() == "10.0.100.9");
  CHECK(Ipv4::from_octets(172, 20, 0, 10).to_string() == "172.20.0.10");
  // Every octet value in every position, against the digits written one octet at a time.
  for (uint32_t v = 0; v < 256; ++v) {
    for (int shift = 0; shift <= 24; shift += 8) {
      const Ipv4 ip(v << shift | (shift == 0 ? 0x01020300u : 7u));
      std::string expected;
      for (int s = 24; s >= 0; s -= 8)
        expected += (s == 24 ? "" : ".") + std::to_string((ip.value() >> s) & 0xff);
      CHECK(ip.to_string() == expected);
      CHECK(Ipv4::parse(ip.to_string()) == ip);
    }
  }
}
