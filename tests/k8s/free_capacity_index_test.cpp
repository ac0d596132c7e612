// FreeCapacityIndex::first_fit against a plain scan: random nodes, random updates, random needs
// and ranges must give the same first fitting position. The scheduler's filter loop relies on it
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

size_t scan(const std::vector<FreeCapacity>& nodes, size_t from, size_t to,
            const FreeCapacity& need) {
  for (size_t p = from; p < to && p < nodes.size(); ++p) {
    if (nodes[p].covers(need)) return p;
  }
  return std::min(to, nodes.size());
}

}  // namespace

TEST_CASE("first_fit finds the same node as a scan, through appends, updates and clears",
          "[k8s][scheduler]") {
  std::mt19937_64 rng(20261207);
  FreeCapacityIndex index;
  std::vector<FreeCapacity> nodes;
  size_t checks = 0;
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
      INFO("round " << round << ", [" << from << ", " << to << ") of " << nodes.size());
      REQUIRE(index.first_fit(from, to, need) == scan(nodes, from, to, need));
      ++checks;
    }
  }
  CHECK(checks > 10000);
  CHECK(largest > 64);  // the tree grew past its first size
}
