#include "models/k8s/free_capacity_index.h"

#include <algorithm>

namespace ekssim::k8s {

namespace {

// The maximum of two capacities in every dimension.
FreeCapacity max_of(const FreeCapacity& a, const FreeCapacity& b) {
  FreeCapacity m;
  m.cpu_millis = std::max(a.cpu_millis, b.cpu_millis);
  m.memory_bytes = std::max(a.memory_bytes, b.memory_bytes);
  m.pods = std::max(a.pods, b.pods);
  m.pod_eni = std::max(a.pod_eni, b.pod_eni);
  m.untainted = std::max(a.untainted, b.untainted);
  return m;
}

}  // namespace

void FreeCapacityIndex::clear() {
  size_ = 0;
  std::fill(max_.begin(), max_.end(), FreeCapacity());
}

void FreeCapacityIndex::grow() {
  const size_t leaves = std::max<size_t>(leaves_ * 2, 64);
  std::vector<FreeCapacity> grown(2 * leaves);
  for (size_t p = 0; p < size_; ++p)
    grown[leaves + p] = max_[leaves_ + p];
  for (size_t n = leaves - 1; n >= 1; --n)
    grown[n] = max_of(grown[2 * n], grown[2 * n + 1]);
  max_ = std::move(grown);
  leaves_ = leaves;
}

void FreeCapacityIndex::pull_up(size_t tree_node) {
  for (size_t n = tree_node / 2; n >= 1; n /= 2)
    max_[n] = max_of(max_[2 * n], max_[2 * n + 1]);
}

void FreeCapacityIndex::assign(size_t position, const FreeCapacity& free) {
  if (position == size_) {
    if (size_ == leaves_) grow();
    ++size_;
  }
  max_[leaves_ + position] = free;
  pull_up(leaves_ + position);
}

size_t FreeCapacityIndex::first_fit(size_t from, size_t to, const FreeCapacity& need) const {
  to = std::min(to, size_);
  if (from >= to) return to;
  // Up from the leaf at `from`, then down into the first right sibling that may hold a fit: the
  // next fit of a walk costs the height between two neighbours, not the tree's (the scheduler
  // asks for the fit after the last one, thousands of times a cycle).
  size_t node = leaves_ + from;
  if (max_[node].covers(need)) return from;
  for (size_t span = 1; node > 1; node /= 2, span *= 2) {
    if (node % 2 != 0) continue;  // a right child: its sibling is behind `from`
    const size_t sibling = node + 1;
    const size_t lo = sibling * span - leaves_;
    if (lo >= to) return to;
    if (!max_[sibling].covers(need)) continue;
    // The maxima of different dimensions may come from different nodes: the subtree can still
    // hold no fit, and then the climb goes on.
    const size_t found = find(sibling, lo, lo + span, from, to, need);
    if (found < to) return found;
  }
  return to;
}

size_t FreeCapacityIndex::find(size_t tree_node, size_t lo, size_t hi, size_t from, size_t to,
                               const FreeCapacity& need) const {
  if (hi <= from || lo >= to || !max_[tree_node].covers(need)) return to;
  if (hi - lo == 1) return lo;
  const size_t mid = lo + (hi - lo) / 2;
  const size_t left = find(2 * tree_node, lo, mid, from, to, need);
  return left < to ? left : find(2 * tree_node + 1, mid, hi, from, to, need);
}

}  // namespace ekssim::k8s
