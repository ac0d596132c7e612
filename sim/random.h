#pragma once
// Seeded random streams, one per component instance.
//
// A stream's seed is derived from (scenario seed, the component's stable name) with our own hash,
// so adding or removing a component never shifts another component's draws (FoundationDB's
// DeterministicRandom discipline, with independence by name rather than by draw order). The
// generator (xoshiro256**) and every distribution are written here: the standard library's
// distributions are allowed to differ between implementations, which would break byte-identical
// runs across machines.

#include <cstdint>
#include <string_view>

#include "sim/time.h"

namespace ekssim::sim {

// 64-bit FNV-1a over the bytes, finished with the SplitMix64 mixer. Stable across platforms and
// releases: seeds and digests depend on it.
uint64_t stable_hash(std::string_view bytes, uint64_t salt = 0);

class RandomStream {
 public:
  RandomStream(uint64_t scenario_seed, std::string_view stable_name);

  uint64_t next_u64();
  // Uniform in [0, 1) with 53 bits of precision.
  double uniform01();
  double uniform(double low, double high);
  // Uniform integer in [0, bound), unbiased (Lemire's multiply-and-reject); bound > 0.
  uint64_t below(uint64_t bound);
  // Uniform integer in [low, high], inclusive.
  int64_t uniform_int(int64_t low, int64_t high);
  bool bernoulli(double probability);
  double exponential(double mean);
  double normal(double mean, double stddev);
  // exp(N(mu, sigma)).
  double lognormal(double mu, double sigma);

  // Durations drawn from the distributions above, rounded to the nanosecond.
  Duration uniform(Duration low, Duration high);
  Duration exponential(Duration mean);
  // Lognormal with the given median and the sigma of the underlying normal: a natural shape for
  // service latencies (long right tail, never negative).
  Duration lognormal(Duration median, double sigma);

 private:
  uint64_t state_[4];
  double spare_normal_ = 0;
  bool has_spare_normal_ = false;
};

}  // namespace ekssim::sim
