#include "sim/time.h"

#include <catch2/catch.hpp>

using ekssim::sim::Duration;
using ekssim::sim::format_duration;
using ekssim::sim::parse_duration;
using ekssim::sim::Time;

TEST_CASE("durations parse in the scenario format's units", "[time]") {
  CHECK(parse_duration("500ms") == Duration::milliseconds(500));
  CHECK(parse_duration("30s") == Duration::seconds(30));
  CHECK(parse_duration("5m") == Duration::minutes(5));
  CHECK(parse_duration("1h30m") == Duration::minutes(90));
  CHECK(parse_duration("1h30m15s250ms") ==
        Duration::seconds(5415) + Duration::milliseconds(250));
  CHECK(parse_duration("1.5s") == Duration::milliseconds(1500));
  CHECK(parse_duration("0.25h") == Duration::minutes(15));
  CHECK(parse_duration(".5s") == Duration::milliseconds(500));
  CHECK(parse_duration("0") == Duration::zero());
  CHECK(parse_duration("10us") == Duration::microseconds(10));
  CHECK(parse_duration("7ns") == Duration::nanoseconds(7));
}

TEST_CASE("malformed durations are rejected, not guessed", "[time]") {
  for (const char* bad : {"", "5", "m", "5x", "-5s", "1.s", "5 s", "1.0000000001s",
                          "99999999999999999999h", "5mm"}) {
    INFO(bad);
    CHECK_FALSE(parse_duration(bad).has_value());
  }
}

TEST_CASE("durations format compactly and round-trip", "[time]") {
  CHECK(format_duration(Duration::zero()) == "0s");
  CHECK(format_duration(Duration::milliseconds(500)) == "500ms");
  CHECK(format_duration(Duration::milliseconds(2500)) == "2.5s");
  CHECK(format_duration(Duration::minutes(90)) == "1h30m");
  CHECK(format_duration(Duration::seconds(60) + Duration::milliseconds(500)) == "1m0.5s");
  for (int64_t ns : {int64_t{1}, int64_t{999}, int64_t{1'500'000'123}, int64_t{7'384'000'000'000}}) {
    const Duration d = Duration::nanoseconds(ns);
    CHECK(parse_duration(format_duration(d)) == d);
  }
}

TEST_CASE("time points and durations combine as a clock does", "[time]") {
  const Time t = Time::at(Duration::seconds(10));
  CHECK(t + Duration::seconds(5) - t == Duration::seconds(5));
  CHECK(Time::zero() < t);
  CHECK((t - Duration::seconds(10)) == Time::zero());
}

TEST_CASE("report times round to the millisecond", "[time]") {
  using ekssim::sim::format_duration_ms;
  CHECK(format_duration_ms(Duration::nanoseconds(372'194'820'514)) == "6m12.195s");
  CHECK(format_duration_ms(Duration::nanoseconds(499'999)) == "500µs");
  CHECK(format_duration_ms(Duration::nanoseconds(450'000)) == "450µs");
  CHECK(format_duration_ms(Duration::nanoseconds(400)) == "400ns");
  CHECK(format_duration_ms(Duration::nanoseconds(500'000)) == "1ms");
  CHECK(format_duration_ms(Duration::zero()) == "0s");
  CHECK(format_duration_ms(Duration::seconds(90)) == "1m30s");
}
