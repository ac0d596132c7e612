// FreeCapacityIndex::for_each_fit against a plain scan: random nodes, random updates, random
// needs, ranges and stopping points must give the same fitting positions in the same order. The scheduler's filter loop relies on it
// to skip only nodes that cannot pass (models/k8s/scheduler_cache.cpp, find_feasible).

#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "models/k8s/free_capacity_index.h"

using ekssim::k8s::FreeCapacity;
using ekssim::k8s::FreeCapacityIndex;

namespace {

FreeCapacity random_free(std::mt19937_64& rng) {
  FreeCapacity f;
  f.cpu_millis = static_cast<int64_t>(rng() % 4000) - 500;  // overcommitted nodes too
  f.memory_bytes = static_cast<int64_t>(rng() % 64) << 20;
  f.pods = static_cast<int64_t>(rng() % 5);
  f.pod_eni = static_cast<int64_t>(rng() % 3);
  f.untainted = static_cast<int64_t>(rng() % 2);
  return f;
}

FreeCapacity random_need(std::mt19937_64& rng) {
  FreeCapacity n;
  const auto maybe = [&](int64_t value) { return rng() % 3 == 0 ? FreeCapacity::kAnything : value; };
  n.cpu_millis = maybe(static_cast<int64_t>(rng() % 3500));
  n.memory_bytes = maybe(static_cast<int64_t>(rng() % 64) << 20);
  n.pods = 1;
  n.pod_eni = maybe(1);
  n.untainted = maybe(1);
  return n;
}

// The first `limit` positions in [from, to) that cover `need`, in order.
std::vector<size_t> scan(const std::vector<FreeCapacity>& nodes, size_t from, size_t to,
                         const FreeCapacity& need, size_t limit) {
  std::vector<size_t> fits;
  for (size_t p = from; p < to && p < nodes.size() && fits.size() < limit; ++p) {
    if (nodes[p].covers(need)) fits.push_back(p);
  }
  return fits;
}

std::vector<size_t> walk(const FreeCapacityIndex& index, size_t from, size_t to,
                         const FreeCapacity& need, size_t limit) {
  std::vector<size_t> fits;
  if (limit == 0) return fits;
  index.for_each_fit(from, to, need, [&](size_t p) {
    fits.push_back(p);
    return fits.size() < limit;
  });
  return fits;
}

}  // namespace

TEST_CASE("for_each_fit finds the same nodes as a scan, through appends, updates and clears",
          "[k8s][scheduler]") {
  std::mt19937_64 rng(20261207);
  FreeCapacityIndex index;
  std::vector<FreeCapacity> nodes;
  size_t checks = 0;
  size_t fits_seen = 0;
  size_t largest = 0;
  for (int round = 0; round < 4000; ++round) {
    const uint64_t op = rng() % 10;
    if (op < 3 || nodes.empty()) {
      nodes.push_back(random_free(rng));
      index.assign(nodes.size() - 1, nodes.back());
    } else if (op < 6) {
      const size_t p = rng() % nodes.size();
      nodes[p] = random_free(rng);
      index.assign(p, nodes[p]);
    } else if (op == 6 && rng() % 50 == 0) {
      nodes.clear();
      index.clear();
      continue;
    }
    REQUIRE(index.size() == nodes.size());
    largest = std::max(largest, nodes.size());
    for (int q = 0; q < 4; ++q) {
      const FreeCapacity need = random_need(rng);
      const size_t from = rng() % (nodes.size() + 1);
      const size_t to = from + rng() % (nodes.size() + 2 - from);
      // Stop after the first fit, after a few, or never.
      const size_t limits[] = {1, 1 + rng() % 8, SIZE_MAX};
      const size_t limit = limits[rng() % 3];
      INFO("round " << round << ", [" << from << ", " << to << ") of " << nodes.size()
                    << ", limit " << limit);
      const std::vector<size_t> expected = scan(nodes, from, to, need, limit);
      REQUIRE(walk(index, from, to, need, limit) == expected);
      fits_seen += expected.size();
      ++checks;
    }
  }
  CHECK(checks > 10000);
  CHECK(fits_seen > checks);  // many walks went past their first fit
  CHECK(largest > 64);  // the tree grew past its first size
}
