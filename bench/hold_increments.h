#pragma once
// The increments of the hold model, shared by every hold benchmark so that they all schedule the
// same sequence of delays: exponentially distributed with a mean of 1 ms (issue 18), drawn once
// into a table so that the random generator's cost does not blur the comparison.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/random.h"

namespace ekssim::bench {

class HoldIncrements {
 public:
  HoldIncrements() {
    sim::RandomStream random(1, "bench/hold");
    for (auto& d : table_)
      d = random.exponential(sim::Duration::milliseconds(1)).nanoseconds() + 1;
  }
  // The next delay in nanoseconds (at least 1, so that no event lands on "now").
  int64_t next() { return table_[index_++ & (kSize - 1)]; }

 private:
  static constexpr size_t kSize = 1 << 16;
  std::vector<int64_t> table_ = std::vector<int64_t>(kSize);
  size_t index_ = 0;
};

// Events per benchmark iteration: each iteration runs a batch, so that simulators without a
// public "run one event" (ns-3) are measured the same way as the kernel.
inline constexpr int64_t kHoldBatch = 1000;

}  // namespace ekssim::bench
