#include "sim/random.h"

#include <cmath>

namespace ekssim::sim {

namespace {

uint64_t splitmix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

constexpr double kTwoPi = 6.283185307179586476925286766559;

}  // namespace

uint64_t stable_hash(std::string_view bytes, uint64_t salt) {
  uint64_t h = 0xcbf29ce484222325ULL ^ salt;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return splitmix64(h);
}

RandomStream::RandomStream(uint64_t scenario_seed, std::string_view stable_name) {
  uint64_t x = stable_hash(stable_name, splitmix64(scenario_seed));
  for (uint64_t& word : state_) word = splitmix64(x);
}

uint64_t RandomStream::next_u64() {
  // xoshiro256** (Blackman and Vigna, 2018), written from the paper's description.
  const uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

double RandomStream::uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

double RandomStream::uniform(double low, double high) {
  return low + (high - low) * uniform01();
}

uint64_t RandomStream::below(uint64_t bound) {
  unsigned __int128 m = static_cast<unsigned __int128>(next_u64()) * bound;
  uint64_t low = static_cast<uint64_t>(m);
  if (low < bound) {
    const uint64_t threshold = -bound % bound;
    while (low < threshold) {
      m = static_cast<unsigned __int128>(next_u64()) * bound;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

int64_t RandomStream::uniform_int(int64_t low, int64_t high) {
  const uint64_t span = static_cast<uint64_t>(high) - static_cast<uint64_t>(low) + 1;
  if (span == 0) return static_cast<int64_t>(next_u64());  // the full 64-bit range
  return low + static_cast<int64_t>(below(span));
}

bool RandomStream::bernoulli(double probability) {
  if (probability <= 0) return false;
  if (probability >= 1) return true;
  return uniform01() < probability;
}

double RandomStream::exponential(double mean) {
  // Inversion; 1 - u is in (0, 1], so the log is finite.
  return -mean * std::log(1.0 - uniform01());
}

double RandomStream::normal(double mean, double stddev) {
  // Box-Muller, keeping the second variate of each pair.
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return mean + stddev * spare_normal_;
  }
  const double u1 = 1.0 - uniform01();
  const double u2 = uniform01();
  const double radius = std::sqrt(-2.0 * std::log(u1));
  spare_normal_ = radius * std::sin(kTwoPi * u2);
  has_spare_normal_ = true;
  return mean + stddev * radius * std::cos(kTwoPi * u2);
}

double RandomStream::lognormal(double mu, double sigma) { return std::exp(normal(mu, sigma)); }

Duration RandomStream::uniform(Duration low, Duration high) {
  return low + Duration::nanoseconds(static_cast<int64_t>(
                   below(static_cast<uint64_t>((high - low).nanoseconds()) + 1)));
}

Duration RandomStream::exponential(Duration mean) {
  return Duration::from_seconds(exponential(mean.seconds_double()));
}

Duration RandomStream::lognormal(Duration median, double sigma) {
  return Duration::from_seconds(median.seconds_double() * std::exp(normal(0.0, sigma)));
}

}  // namespace ekssim::sim
