#pragma once
// Virtual time: strong 64-bit integer nanosecond types. Never double (STYLE.md, "Determinism").
// Duration is a signed span; Time is a point on the virtual clock, counted from the run's start.

#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace ekssim::sim {

class Duration {
 public:
  constexpr Duration() = default;

  static constexpr Duration nanoseconds(int64_t n) { return Duration(n); }
  static constexpr Duration microseconds(int64_t n) { return Duration(n * 1'000); }
  static constexpr Duration milliseconds(int64_t n) { return Duration(n * 1'000'000); }
  static constexpr Duration seconds(int64_t n) { return Duration(n * 1'000'000'000); }
  static constexpr Duration minutes(int64_t n) { return seconds(n * 60); }
  static constexpr Duration hours(int64_t n) { return seconds(n * 3600); }
  static constexpr Duration zero() { return Duration(0); }
  static constexpr Duration max() { return Duration(std::numeric_limits<int64_t>::max()); }
  // Rounds to the nearest nanosecond; for sampled latencies, never for bookkeeping.
  static Duration from_seconds(double s);

  constexpr int64_t nanoseconds() const { return ns_; }
  constexpr int64_t whole_seconds() const { return ns_ / 1'000'000'000; }
  constexpr int64_t whole_milliseconds() const { return ns_ / 1'000'000; }
  // For reports only: seconds as a double.
  constexpr double seconds_double() const { return static_cast<double>(ns_) / 1e9; }

  constexpr auto operator<=>(const Duration&) const = default;
  constexpr Duration operator+(Duration o) const { return Duration(ns_ + o.ns_); }
  constexpr Duration operator-(Duration o) const { return Duration(ns_ - o.ns_); }
  constexpr Duration operator-() const { return Duration(-ns_); }
  constexpr Duration operator*(int64_t k) const { return Duration(ns_ * k); }
  constexpr Duration operator/(int64_t k) const { return Duration(ns_ / k); }
  constexpr int64_t operator/(Duration o) const { return ns_ / o.ns_; }
  constexpr Duration operator%(Duration o) const { return Duration(ns_ % o.ns_); }
  constexpr Duration& operator+=(Duration o) { ns_ += o.ns_; return *this; }
  constexpr Duration& operator-=(Duration o) { ns_ -= o.ns_; return *this; }

 private:
  constexpr explicit Duration(int64_t ns) : ns_(ns) {}
  int64_t ns_ = 0;
};

class Time {
 public:
  constexpr Time() = default;

  static constexpr Time zero() { return Time(); }
  static constexpr Time max() { return Time(Duration::max()); }
  static constexpr Time at(Duration since_start) { return Time(since_start); }

  constexpr Duration since_start() const { return since_start_; }
  constexpr int64_t nanoseconds() const { return since_start_.nanoseconds(); }
  constexpr double seconds_double() const { return since_start_.seconds_double(); }

  constexpr auto operator<=>(const Time&) const = default;
  constexpr Time operator+(Duration d) const { return Time(since_start_ + d); }
  constexpr Time operator-(Duration d) const { return Time(since_start_ - d); }
  constexpr Duration operator-(Time o) const { return since_start_ - o.since_start_; }
  constexpr Time& operator+=(Duration d) { since_start_ += d; return *this; }

 private:
  constexpr explicit Time(Duration d) : since_start_(d) {}
  Duration since_start_;
};

// Parses the scenario format's durations: one or more <number><unit> terms with units
// h, m, s, ms, us, ns (e.g. "500ms", "30s", "5m", "1h30m", "1.5s"), or a bare "0".
// Negative values are rejected. Decimal fractions are converted exactly (no floating point);
// precision below a nanosecond is an error.
std::optional<Duration> parse_duration(std::string_view text);

// Formats compactly and losslessly for people: "0s", "500ms", "2.5s", "1h30m", "1m0.5s".
std::string format_duration(Duration d);
// For reports: rounded to the millisecond first ("6m12.195s", not "6m12.194820514s"); under
// half a millisecond, to the microsecond ("450µs"), so that only zero reads "0s".
std::string format_duration_ms(Duration d);
// The same for a point in time, as its offset from the start ("t=…" is the caller's business).
inline std::string format_time(Time t) { return format_duration(t.since_start()); }

}  // namespace ekssim::sim
