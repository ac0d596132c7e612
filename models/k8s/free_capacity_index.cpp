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

}  // namespace ekssim::k8s
