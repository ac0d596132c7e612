#include "models/net/ipv4.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace ekssim::net {

std::optional<Ipv4> Ipv4::parse(std::string_view text) {
  uint32_t value = 0;
  size_t pos = 0;
  for (int octet = 0; octet < 4; ++octet) {
    if (octet > 0) {
      if (pos >= text.size() || text[pos] != '.') return std::nullopt;
      ++pos;
    }
    const size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
      ++pos;
    const size_t digits = pos - start;
    if (digits == 0 || digits > 3 || (digits > 1 && text[start] == '0')) return std::nullopt;
    unsigned part = 0;
    std::from_chars(text.data() + start, text.data() + pos, part);
    if (part > 255) return std::nullopt;
    value = value << 8 | part;
  }
  if (pos != text.size()) return std::nullopt;
  return Ipv4(value);
}

char* Ipv4::write_dotted(char* out) const {
  for (int shift = 24; shift >= 0; shift -= 8) {
    if (shift != 24) *out++ = '.';
    // An octet's at most three digits always fit.
    out = std::to_chars(out, out + 3, (value_ >> shift) & 0xff).ptr;
  }
  return out;
}

std::string Ipv4::to_string() const {
  char text[kMaxDottedSize];
  return std::string(text, write_dotted(text));
}

namespace {
// Defined for every int: a shift by 32 or more is undefined behaviour, so lengths outside 0–32
// never reach it (Cidr::of clamps them as well).
constexpr uint32_t mask_of(int prefix_length) {
  if (prefix_length <= 0) return 0;
  if (prefix_length >= 32) return ~uint32_t{0};
  return ~uint32_t{0} << (32 - prefix_length);
}
}  // namespace

Cidr Cidr::of(Ipv4 any_address, int prefix_length) {
  Cidr c;
  c.prefix_length_ = std::clamp(prefix_length, 0, 32);
  c.base_ = Ipv4(any_address.value() & mask_of(prefix_length));
  return c;
}

std::optional<Cidr> Cidr::parse(std::string_view text) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto address = Ipv4::parse(text.substr(0, slash));
  const std::string_view length_text = text.substr(slash + 1);
  // Digits only: from_chars would take "-1", and a sign is no part of a prefix length.
  if (!address || length_text.empty() || length_text.size() > 2 ||
      !std::all_of(length_text.begin(), length_text.end(),
                   [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  int length = 0;
  const auto [end, ec] =
      std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
  if (ec != std::errc() || end != length_text.data() + length_text.size() || length < 0 ||
      length > 32)
    return std::nullopt;
  if ((address->value() & ~mask_of(length)) != 0) return std::nullopt;
  return of(*address, length);
}

bool Cidr::contains(Ipv4 address) const {
  return (address.value() & mask_of(prefix_length_)) == base_.value();
}

bool Cidr::contains(const Cidr& inner) const {
  return inner.prefix_length_ >= prefix_length_ && contains(inner.base_);
}

bool Cidr::overlaps(const Cidr& other) const {
  return contains(other) || other.contains(*this);
}

std::string Cidr::to_string() const {
  return base_.to_string() + "/" + std::to_string(prefix_length_);
}

bool is_rfc1918(const Cidr& block) {
  static const std::array<Cidr, 3> kPrivate = {Cidr::of(Ipv4::from_octets(10, 0, 0, 0), 8),
                                               Cidr::of(Ipv4::from_octets(172, 16, 0, 0), 12),
                                               Cidr::of(Ipv4::from_octets(192, 168, 0, 0), 16)};
  return std::any_of(kPrivate.begin(), kPrivate.end(),
                     [&](const Cidr& p) { return p.contains(block); });
}

}  // namespace ekssim::net
