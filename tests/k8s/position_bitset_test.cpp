// PositionBitset against a std::vector<bool>: random sets, clears and erasures, then walks over
// random ranges stopped after random counts must give the same positions in the same order.

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

#include "models/k8s/position_bitset.h"

using ekssim::k8s::PositionBitset;

namespace {

std::vector<size_t> scan(const std::vector<bool>& bits, size_t from, size_t to, size_t limit) {
  std::vector<size_t> out;
  for (size_t p = from; p < to && p < bits.size() && out.size() < limit; ++p) {
    if (bits[p]) out.push_back(p);
  }
  return out;
}

std::vector<size_t> walk(const PositionBitset& set, size_t from, size_t to, size_t limit) {
  std::vector<size_t> out;
  if (limit == 0) return out;
  set.for_each_set(from, to, [&](size_t p) {
    out.push_back(p);
    return out.size() < limit;
  });
  return out;
}

}  // namespace

TEST_CASE("PositionBitset walks, sets and erases as a plain vector of bools", "[scheduler]") {
  std::mt19937_64 rng(GENERATE(7, 8, 9));
  PositionBitset set;
  std::vector<bool> model;
  for (int step = 0; step < 20000; ++step) {
    const uint64_t op = rng() % 10;
    if (op < 5) {
      const size_t p = rng() % 700;
      const bool value = rng() % 3 != 0;
      set.assign(p, value);
      if (model.size() <= p) model.resize(p + 1, false);
      model[p] = value;
    } else if (op == 5 && !model.empty()) {
      const size_t p = rng() % (model.size() + 70);  // past the end too: nothing moves
      set.erase(p);
      if (p < model.size()) model.erase(model.begin() + static_cast<std::ptrdiff_t>(p));
    } else {
      const size_t from = rng() % 800;
      const size_t to = from + rng() % 300;
      const size_t limit = rng() % 4 == 0 ? SIZE_MAX : rng() % 20;
      INFO("step " << step << ": [" << from << ", " << to << ") limit " << limit);
      REQUIRE(walk(set, from, to, limit) == scan(model, from, to, limit));
    }
  }
  set.reset();
  CHECK(walk(set, 0, 1000, SIZE_MAX).empty());
}

TEST_CASE("PositionBitset erases across word boundaries", "[scheduler]") {
  PositionBitset set;
  for (size_t p : {0, 62, 63, 64, 65, 127, 128, 200}) set.assign(p, true);
  set.erase(63);  // 64 → 63, 65 → 64, 127 → 126, 128 → 127, 200 → 199
  CHECK(walk(set, 0, 300, SIZE_MAX) == std::vector<size_t>{0, 62, 63, 64, 126, 127, 199});
  set.erase(0);
  CHECK(walk(set, 0, 300, SIZE_MAX) == std::vector<size_t>{61, 62, 63, 125, 126, 198});
  CHECK(walk(set, 62, 126, SIZE_MAX) == std::vector<size_t>{62, 63, 125});
}
