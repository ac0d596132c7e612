#include "models/aws/token_bucket.h"

#include <algorithm>

namespace ekssim::aws {

TokenBucket::TokenBucket(int64_t capacity, int64_t rate_per_second)
    : capacity_(capacity), rate_per_second_(rate_per_second), nanotokens_(capacity * kNano) {}

void TokenBucket::refill(sim::Time now) {
  if (now <= last_refill_) return;
  // rate tokens/s over d ns is rate * d nanotokens; saturate instead of overflowing on long gaps.
  const int64_t elapsed = (now - last_refill_).nanoseconds();
  const int64_t room = capacity_ * kNano - nanotokens_;
  if (rate_per_second_ > 0 && elapsed >= room / rate_per_second_ + 1) {
    nanotokens_ = capacity_ * kNano;
  } else {
    nanotokens_ = std::min(capacity_ * kNano, nanotokens_ + rate_per_second_ * elapsed);
  }
  last_refill_ = now;
}

bool TokenBucket::try_take(sim::Time now, int64_t count) {
  refill(now);
  if (nanotokens_ < count * kNano) return false;
  nanotokens_ -= count * kNano;
  return true;
}

int64_t TokenBucket::available(sim::Time now) {
  refill(now);
  return nanotokens_ / kNano;
}

sim::Duration TokenBucket::time_until(sim::Time now, int64_t count) {
  refill(now);
  const int64_t missing = count * kNano - nanotokens_;
  if (missing <= 0) return sim::Duration::zero();
  if (rate_per_second_ <= 0) return sim::Duration::max();
  return sim::Duration::nanoseconds((missing + rate_per_second_ - 1) / rate_per_second_);
}

void TokenBucket::reconfigure(sim::Time now, int64_t capacity, int64_t rate_per_second) {
  refill(now);
  capacity_ = capacity;
  rate_per_second_ = rate_per_second;
  nanotokens_ = std::min(nanotokens_, capacity_ * kNano);
}

}  // namespace ekssim::aws
