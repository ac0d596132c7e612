#pragma once
// A token bucket on the virtual clock: EC2's API throttling (AWS "Request throttling for the
// Amazon EC2 API": each API has a bucket of a maximum capacity refilled at a fixed rate; a request
// takes one token or fails with RequestLimitExceeded). Also used for the VPC resolver's 1024
// packets-per-second limit per ENI.
//
// Tokens are kept in integer nanotokens so that refills are exact and runs byte-identical.

#include <cstdint>

#include "sim/time.h"

namespace ekssim::aws {

class TokenBucket {
 public:
  // `capacity` tokens, refilled at `rate_per_second`; starts full.
  TokenBucket(int64_t capacity, int64_t rate_per_second);

  // Takes `count` tokens at time `now` if the bucket holds them.
  bool try_take(sim::Time now, int64_t count = 1);
  // Tokens available at `now` (whole tokens).
  int64_t available(sim::Time now);
  // How long until `count` tokens are available (zero if they are now).
  sim::Duration time_until(sim::Time now, int64_t count = 1);

  int64_t capacity() const { return capacity_; }
  int64_t rate_per_second() const { return rate_per_second_; }
  // Changes the limits (an ec2Throttle event); the current fill is clamped to the new capacity.
  void reconfigure(sim::Time now, int64_t capacity, int64_t rate_per_second);

 private:
  void refill(sim::Time now);

  static constexpr int64_t kNano = 1'000'000'000;
  int64_t capacity_;
  int64_t rate_per_second_;
  int64_t nanotokens_;
  sim::Time last_refill_;
};

}  // namespace ekssim::aws
