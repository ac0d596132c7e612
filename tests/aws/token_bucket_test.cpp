#include "models/aws/token_bucket.h"

#include <catch2/catch.hpp>

using ekssim::aws::TokenBucket;
using ekssim::sim::Duration;
using ekssim::sim::Time;

namespace {
Time at_ms(int64_t ms) {
  return Time::at(Duration::milliseconds(ms));
}
}  // namespace

TEST_CASE("a bucket starts full, drains, and refills at its rate up to capacity",
          "[token_bucket]") {
  // The EC2 doc's example: a bucket of 100 refilled at 20 per second.
  TokenBucket bucket(100, 20);
  for (int i = 0; i < 100; ++i)
    REQUIRE(bucket.try_take(at_ms(0)));
  CHECK_FALSE(bucket.try_take(at_ms(0)));
  CHECK(bucket.available(at_ms(1000)) == 20);
  CHECK(bucket.time_until(at_ms(1000), 21) == Duration::milliseconds(50));
  CHECK(bucket.available(at_ms(5000)) == 100);  // an empty bucket is full again after 5 s
  CHECK(bucket.available(at_ms(60'000)) == 100);
}

TEST_CASE("partial refills are exact over many small steps", "[token_bucket]") {
  TokenBucket bucket(10, 3);
  for (int i = 0; i < 10; ++i)
    REQUIRE(bucket.try_take(Time::zero()));
  // 3 tokens per second: one token every 333.33… ms, never lost to rounding.
  int taken = 0;
  for (int ms = 1; ms <= 3000; ++ms)
    taken += bucket.try_take(at_ms(ms)) ? 1 : 0;
  CHECK(taken == 9);
}

TEST_CASE("reconfiguring clamps the fill to the new capacity", "[token_bucket]") {
  TokenBucket bucket(100, 20);
  bucket.reconfigure(at_ms(0), 5, 1);
  CHECK(bucket.available(at_ms(0)) == 5);
  for (int i = 0; i < 5; ++i)
    REQUIRE(bucket.try_take(at_ms(0)));
  CHECK(bucket.time_until(at_ms(0)) == Duration::seconds(1));
}
