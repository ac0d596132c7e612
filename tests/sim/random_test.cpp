#include "sim/random.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

using namespace ekssim::sim;

namespace {
std::vector<uint64_t> draws(RandomStream& s, int n) {
  std::vector<uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(s.next_u64());
  return out;
}
}  // namespace

TEST_CASE("the same seed and name give the same draws", "[random]") {
  RandomStream a(7, "node/ng-old-1/ipamd");
  RandomStream b(7, "node/ng-old-1/ipamd");
  CHECK(draws(a, 100) == draws(b, 100));
}

TEST_CASE("a different seed or name gives different draws", "[random]") {
  RandomStream base(7, "node/ng-old-1/ipamd");
  RandomStream other_seed(8, "node/ng-old-1/ipamd");
  RandomStream other_name(7, "node/ng-old-2/ipamd");
  const auto reference = draws(base, 4);
  CHECK(draws(other_seed, 4) != reference);
  CHECK(draws(other_name, 4) != reference);
}

TEST_CASE("adding a component does not change another component's draws", "[random]") {
  // Streams are seeded by name, not by creation order.
  RandomStream alone(3, "ec2-api");
  const auto reference = draws(alone, 50);

  RandomStream first(3, "scheduler");
  RandomStream second(3, "ec2-api");
  draws(first, 1000);
  CHECK(draws(second, 50) == reference);
}

TEST_CASE("the hash behind stream seeds is pinned", "[random]") {
  // Seeds and digests must not change between releases: these values were recorded once; a
  // change to the hash, the mixer or the generator breaks them, and every recorded digest too.
  CHECK(stable_hash("") == 14087677454934409008ULL);
  CHECK(stable_hash("ipamd", 1) == 14086718703616655612ULL);
  CHECK(stable_hash("ipamd", 1) != stable_hash("ipamd", 2));
  CHECK(RandomStream(1, "pinned").next_u64() == 14994853794785536971ULL);
}

TEST_CASE("bounded integers stay in range and cover it uniformly", "[random]") {
  RandomStream s(11, "uniform-int");
  std::vector<int> counts(6, 0);
  for (int i = 0; i < 60'000; ++i) {
    const int64_t v = s.uniform_int(1, 6);
    REQUIRE(v >= 1);
    REQUIRE(v <= 6);
    ++counts[v - 1];
  }
  for (int c : counts) CHECK(std::abs(c - 10'000) < 400);  // > 4 sigma
}

TEST_CASE("distributions have the means and shapes they promise", "[random]") {
  RandomStream s(5, "moments");
  constexpr int kN = 200'000;
  double sum_u = 0, sum_e = 0, sum_n = 0, sum_n2 = 0;
  int hits = 0;
  std::vector<double> logn;
  for (int i = 0; i < kN; ++i) {
    const double u = s.uniform01();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    sum_u += u;
    sum_e += s.exponential(2.0);
    const double n = s.normal(10.0, 3.0);
    sum_n += n;
    sum_n2 += (n - 10.0) * (n - 10.0);
    hits += s.bernoulli(0.25) ? 1 : 0;
    logn.push_back(s.lognormal(0.0, 0.5));
  }
  CHECK(sum_u / kN == Approx(0.5).margin(0.005));
  CHECK(sum_e / kN == Approx(2.0).margin(0.03));
  CHECK(sum_n / kN == Approx(10.0).margin(0.03));
  CHECK(std::sqrt(sum_n2 / kN) == Approx(3.0).margin(0.03));
  CHECK(static_cast<double>(hits) / kN == Approx(0.25).margin(0.005));
  std::nth_element(logn.begin(), logn.begin() + kN / 2, logn.end());
  CHECK(logn[kN / 2] == Approx(1.0).margin(0.01));  // median of exp(N(0, σ)) is 1
}

TEST_CASE("duration draws respect their bounds and median", "[random]") {
  RandomStream s(9, "durations");
  const Duration lo = Duration::milliseconds(100), hi = Duration::milliseconds(500);
  for (int i = 0; i < 10'000; ++i) {
    const Duration d = s.uniform(lo, hi);
    REQUIRE(d >= lo);
    REQUIRE(d <= hi);
  }
  std::vector<int64_t> samples;
  for (int i = 0; i < 20'001; ++i) {
    samples.push_back(s.lognormal(Duration::seconds(30), 0.3).nanoseconds());
  }
  std::nth_element(samples.begin(), samples.begin() + 10'000, samples.end());
  CHECK(Duration::nanoseconds(samples[10'000]).seconds_double() == Approx(30.0).margin(0.3));
}
