#include "models/k8s/proxy/base32.h"

namespace ekssim::k8s {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// The 5-bit group number `index` of `bytes`, read big-endian; bits past the end are zero.
char symbol_at(std::span<const uint8_t> bytes, size_t index) {
  const size_t first_bit = index * 5;
  unsigned value = 0;
  for (size_t bit = first_bit; bit < first_bit + 5; ++bit) {
    const size_t byte = bit / 8;
    const unsigned set = byte < bytes.size() ? (bytes[byte] >> (7 - bit % 8)) & 1u : 0u;
    value = value << 1 | set;
  }
  return kAlphabet[value];
}

}  // namespace

std::string base32_encode(std::span<const uint8_t> bytes) {
  const size_t symbols = (bytes.size() * 8 + 4) / 5;
  std::string text;
  text.reserve((symbols + 7) / 8 * 8);
  for (size_t i = 0; i < symbols; ++i)
    text.push_back(symbol_at(bytes, i));
  while (text.size() % 8 != 0)
    text.push_back('=');
  return text;
}

void base32_encode_prefix(std::span<const uint8_t> bytes, std::span<char> out) {
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = symbol_at(bytes, i);
}

}  // namespace ekssim::k8s
