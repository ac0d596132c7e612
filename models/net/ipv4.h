#pragma once
// IPv4 addresses and CIDR blocks: the arithmetic every network model shares.

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ekssim::net {

class Ipv4 {
 public:
  constexpr Ipv4() = default;
  constexpr explicit Ipv4(uint32_t value) : value_(value) {}
  static constexpr Ipv4 from_octets(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
    return Ipv4(uint32_t{a} << 24 | uint32_t{b} << 16 | uint32_t{c} << 8 | d);
  }
  // Dotted quad only ("10.0.0.1"); no leading zeros, no shorthand.
  static std::optional<Ipv4> parse(std::string_view text);

  constexpr uint32_t value() const { return value_; }
  std::string to_string() const;
  // Writes the dotted quad to `out`, which holds at least kMaxDottedSize characters, and returns
  // one past its end: no allocation, for the hot paths that format millions of addresses.
  static constexpr size_t kMaxDottedSize = 15;  // "255.255.255.255"
  char* write_dotted(char* out) const;

  constexpr auto operator<=>(const Ipv4&) const = default;
  constexpr Ipv4 operator+(uint32_t k) const { return Ipv4(value_ + k); }

 private:
  uint32_t value_ = 0;
};

// A CIDR block. Always normalised: host bits of `base` are zero.
class Cidr {
 public:
  constexpr Cidr() = default;
  // Masks host bits away; use parse() to reject them. A length outside 0–32 is clamped to it.
  static Cidr of(Ipv4 any_address, int prefix_length);
  // "10.0.0.0/16". Rejects host bits set ("10.0.0.1/16"), as AWS does for subnets and rules.
  static std::optional<Cidr> parse(std::string_view text);
  static Cidr everything() { return of(Ipv4(0), 0); }

  constexpr Ipv4 base() const { return base_; }
  constexpr int prefix_length() const { return prefix_length_; }
  // Number of addresses in the block (2^(32-len)); 64-bit so that /0 fits.
  constexpr uint64_t size() const { return uint64_t{1} << (32 - prefix_length_); }
  constexpr Ipv4 last() const { return Ipv4(static_cast<uint32_t>(base_.value() + size() - 1)); }
  // The k-th address of the block, k < size().
  constexpr Ipv4 at(uint64_t k) const { return Ipv4(static_cast<uint32_t>(base_.value() + k)); }
  bool contains(Ipv4 address) const;
  bool contains(const Cidr& inner) const;
  bool overlaps(const Cidr& other) const;
  std::string to_string() const;

  constexpr auto operator<=>(const Cidr&) const = default;

 private:
  Ipv4 base_;
  int prefix_length_ = 32;
};

// Inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (RFC 1918's private blocks).
bool is_rfc1918(const Cidr& block);

}  // namespace ekssim::net
