#include "tools/scenario/utf8.h"

namespace ekssim::scenario {
namespace {

// RFC 3629 §4, "Syntax of UTF-8 Byte Sequences": the range the second byte of a sequence may take
// depends on the first (that excludes overlong forms, surrogates and code points past U+10FFFF);
// later bytes are 80–BF.
struct Lead {
  unsigned length;  // bytes in the sequence, 0 for a byte that cannot start one
  unsigned char second_low;
  unsigned char second_high;
};

Lead lead_of(unsigned char c) {
  if (c < 0x80) return {1, 0, 0};
  if (c >= 0xC2 && c <= 0xDF) return {2, 0x80, 0xBF};
  if (c == 0xE0) return {3, 0xA0, 0xBF};
  if (c == 0xED) return {3, 0x80, 0x9F};
  if (c >= 0xE1 && c <= 0xEF) return {3, 0x80, 0xBF};
  if (c == 0xF0) return {4, 0x90, 0xBF};
  if (c >= 0xF1 && c <= 0xF3) return {4, 0x80, 0xBF};
  if (c == 0xF4) return {4, 0x80, 0x8F};
  return {0, 0, 0};
}

}  // namespace

std::optional<size_t> first_invalid_utf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const Lead lead = lead_of(static_cast<unsigned char>(text[i]));
    if (lead.length == 0 || i + lead.length > text.size()) return i;
    for (unsigned k = 1; k < lead.length; ++k) {
      const auto c = static_cast<unsigned char>(text[i + k]);
      const unsigned char low = k == 1 ? lead.second_low : 0x80;
      const unsigned char high = k == 1 ? lead.second_high : 0xBF;
      if (c < low || c > high) return i;
    }
    i += lead.length;
  }
  return std::nullopt;
}

}  // namespace ekssim::scenario

namespace ekssim::scenario {

std::string with_invalid_utf8_replaced(std::string_view text) {
  std::string out(text);
  size_t from = 0;
  while (const auto bad = first_invalid_utf8(std::string_view(out).substr(from))) {
    out[from + *bad] = '?';
    from += *bad + 1;
  }
  return out;
}

}  // namespace ekssim::scenario
