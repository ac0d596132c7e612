#include "sim/time.h"

#include <cmath>
#include <cstdlib>

namespace ekssim::sim {

Duration Duration::from_seconds(double s) {
  return Duration::nanoseconds(static_cast<int64_t>(std::llround(s * 1e9)));
}

namespace {

struct Unit {
  std::string_view name;
  int64_t ns;
};
// Longest names first so that "ms" is not read as "m" followed by garbage.
constexpr Unit kUnits[] = {{"ms", 1'000'000}, {"us", 1'000}, {"ns", 1},
                           {"h", 3'600'000'000'000}, {"m", 60'000'000'000}, {"s", 1'000'000'000}};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Adds a*b to total, refusing overflow.
bool add_product(int64_t& total, int64_t a, int64_t b) {
  int64_t product = 0;
  if (__builtin_mul_overflow(a, b, &product)) return false;
  return !__builtin_add_overflow(total, product, &total);
}

}  // namespace

std::optional<Duration> parse_duration(std::string_view text) {
  if (text == "0") return Duration::zero();
  if (text.empty()) return std::nullopt;
  int64_t total = 0;
  size_t i = 0;
  while (i < text.size()) {
    const size_t start = i;
    int64_t whole = 0;
    while (i < text.size() && is_digit(text[i])) {
      if (__builtin_mul_overflow(whole, 10, &whole) ||
          __builtin_add_overflow(whole, text[i] - '0', &whole))
        return std::nullopt;
      ++i;
    }
    std::string_view fraction;
    if (i < text.size() && text[i] == '.') {
      const size_t fraction_start = ++i;
      while (i < text.size() && is_digit(text[i])) ++i;
      fraction = text.substr(fraction_start, i - fraction_start);
      if (fraction.empty()) return std::nullopt;
    }
    if (i == start) return std::nullopt;  // no number before the unit
    const Unit* unit = nullptr;
    for (const Unit& u : kUnits) {
      if (text.substr(i, u.name.size()) == u.name) {
        unit = &u;
        break;
      }
    }
    if (unit == nullptr) return std::nullopt;
    i += unit->name.size();
    if (!add_product(total, whole, unit->ns)) return std::nullopt;
    // The fraction in exact integer arithmetic: digit k is worth unit/10^(k+1).
    int64_t scale = unit->ns;
    for (char digit : fraction) {
      if (scale % 10 != 0) {
        if (digit != '0') return std::nullopt;  // finer than a nanosecond
        continue;
      }
      scale /= 10;
      if (!add_product(total, digit - '0', scale)) return std::nullopt;
    }
  }
  return Duration::nanoseconds(total);
}

std::string format_duration(Duration d) {
  int64_t ns = d.nanoseconds();
  if (ns == 0) return "0s";
  std::string out;
  if (ns < 0) {
    out = "-";
    ns = -ns;
  }
  constexpr int64_t kSecond = 1'000'000'000;
  if (ns < kSecond) {
    if (ns % 1'000'000 == 0) return out + std::to_string(ns / 1'000'000) + "ms";
    if (ns % 1'000 == 0) return out + std::to_string(ns / 1'000) + "us";
    return out + std::to_string(ns) + "ns";
  }
  const int64_t hours = ns / (3600 * kSecond);
  const int64_t minutes = ns / (60 * kSecond) % 60;
  const int64_t seconds = ns / kSecond % 60;
  const int64_t sub = ns % kSecond;
  if (hours > 0) out += std::to_string(hours) + "h";
  if (minutes > 0) out += std::to_string(minutes) + "m";
  if (seconds > 0 || sub > 0) {
    out += std::to_string(seconds);
    if (sub > 0) {
      std::string digits = std::to_string(sub);
      digits.insert(0, 9 - digits.size(), '0');
      while (digits.back() == '0') digits.pop_back();
      out += "." + digits;
    }
    out += "s";
  }
  return out;
}

std::string format_duration_ms(Duration d) {
  const int64_t ns = d.nanoseconds();
  // Under half a millisecond (which would round to "0s"), the microseconds, so that a fast
  // exchange reads "450µs" and only nothing at all reads "0s".
  if (ns != 0 && ns > -500'000 && ns < 500'000) {
    const int64_t us = (ns + (ns >= 0 ? 500 : -500)) / 1'000;
    if (us == 0) return std::to_string(ns) + "ns";
    return std::to_string(us) + "µs";
  }
  const int64_t half = ns >= 0 ? 500'000 : -500'000;
  return format_duration(Duration::milliseconds((ns + half) / 1'000'000));
}

}  // namespace ekssim::sim
