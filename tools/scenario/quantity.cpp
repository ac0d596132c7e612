#include "tools/scenario/quantity.h"

#include <array>
#include <cctype>
#include <string>

namespace ekssim::scenario {
namespace {

using Wide = __int128;
constexpr Wide kLimit = static_cast<Wide>(INT64_MAX);

// value = mantissa / 10^fraction_digits * 10^exp10 * 2^exp2, with the number's own digits kept.
struct Exact {
  Wide mantissa = 0;
  int fraction_digits = 0;
  int exp10 = 0;
  int exp2 = 0;
};

struct Suffix {
  std::string_view text;
  int exp10;
  int exp2;
};
constexpr std::array<Suffix, 16> kSuffixes = {{{"Ki", 0, 10},
                                               {"Mi", 0, 20},
                                               {"Gi", 0, 30},
                                               {"Ti", 0, 40},
                                               {"Pi", 0, 50},
                                               {"Ei", 0, 60},
                                               {"n", -9, 0},
                                               {"u", -6, 0},
                                               {"m", -3, 0},
                                               {"", 0, 0},
                                               {"k", 3, 0},
                                               {"M", 6, 0},
                                               {"G", 9, 0},
                                               {"T", 12, 0},
                                               {"P", 15, 0},
                                               {"E", 18, 0}}};

std::optional<Exact> parse_exact(std::string_view text) {
  Exact e;
  size_t i = 0;
  if (i < text.size() && text[i] == '+') ++i;
  int digits = 0;
  bool in_fraction = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' && !in_fraction) {
      in_fraction = true;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(c))) break;
    if (++digits > 30) return std::nullopt;
    e.mantissa = e.mantissa * 10 + (c - '0');
    if (in_fraction) ++e.fraction_digits;
  }
  if (digits == 0) return std::nullopt;
  const std::string_view rest = text.substr(i);
  if (rest.size() >= 2 && (rest[0] == 'e' || rest[0] == 'E') &&
      (std::isdigit(static_cast<unsigned char>(rest[1])) || rest[1] == '-' || rest[1] == '+')) {
    // A decimal exponent: e3, E-3, e+2.
    size_t j = 1;
    bool negative = false;
    if (rest[j] == '-' || rest[j] == '+') negative = rest[j++] == '-';
    if (j >= rest.size() || rest.size() - j > 2) return std::nullopt;
    int exponent = 0;
    for (; j < rest.size(); ++j) {
      if (!std::isdigit(static_cast<unsigned char>(rest[j]))) return std::nullopt;
      exponent = exponent * 10 + (rest[j] - '0');
    }
    e.exp10 = negative ? -exponent : exponent;
    return e;
  }
  for (const Suffix& s : kSuffixes) {
    if (rest == s.text) {
      e.exp10 = s.exp10;
      e.exp2 = s.exp2;
      return e;
    }
  }
  return std::nullopt;
}

bool multiply(Wide& value, Wide factor) {
  if (value != 0 && factor > kLimit * 1000 / value) return false;
  value *= factor;
  return true;
}

// The value times 10^scale as numerator / denominator, or nullopt when it cannot fit an int64.
std::optional<std::pair<Wide, Wide>> scaled(const Exact& e, int scale) {
  Wide numerator = e.mantissa;
  Wide denominator = 1;
  for (int k = 0; k < e.exp2; ++k) {
    if (!multiply(numerator, 2)) return std::nullopt;
  }
  const int exp10 = e.exp10 + scale - e.fraction_digits;
  for (int k = 0; k < exp10; ++k) {
    if (!multiply(numerator, 10)) return std::nullopt;
  }
  // Below 10^-36 a non-zero value is only ever rounded up to 1 byte or rejected as CPU.
  if (-exp10 > 36) return std::pair{numerator == 0 ? Wide{0} : Wide{1}, Wide{10}};
  for (int k = 0; k < -exp10; ++k)
    denominator *= 10;
  if (numerator / denominator > kLimit) return std::nullopt;
  return std::pair{numerator, denominator};
}

}  // namespace

std::optional<int64_t> parse_cpu_millis(std::string_view text) {
  auto e = parse_exact(text);
  if (!e) return std::nullopt;
  auto v = scaled(*e, 3);
  if (!v || v->first % v->second != 0) return std::nullopt;
  return static_cast<int64_t>(v->first / v->second);
}

std::optional<int64_t> parse_memory_bytes(std::string_view text) {
  auto e = parse_exact(text);
  if (!e) return std::nullopt;
  auto v = scaled(*e, 0);
  if (!v) return std::nullopt;
  return static_cast<int64_t>((v->first + v->second - 1) / v->second);
}

}  // namespace ekssim::scenario
