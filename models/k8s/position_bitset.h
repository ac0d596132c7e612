#pragma once
// One bit per position of the scheduler cache's node list, visited in ascending order: the set
// of nodes a pod class may be placed on, as far as the node alone decides (SchedulerCache).
//
// kube-scheduler visits nodes round-robin until it has found numFeasibleNodesToFind that pass
// (pkg/scheduler/schedule_one.go, findNodesThatPassFilters). The walk's outcome (which nodes
// pass, in which order, how far it went) depends only on the nodes that pass, so a walk over the
// set bits gives it exactly: 64 positions per word read, where the nodes that cannot take the
// pod (full ones, NotReady ones) are most of a large cluster's nodes while it fills.

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ekssim::k8s {

class PositionBitset {
 public:
  // Sets or clears the bit at `position`, growing the set (with clear bits) as needed.
  void assign(size_t position, bool value) {
    const size_t word = position / 64;
    if (word >= words_.size()) words_.resize(word + 1, 0);
    const uint64_t bit = uint64_t{1} << (position % 64);
    words_[word] = value ? (words_[word] | bit) : (words_[word] & ~bit);
  }
  // Removes the bit at `position`: every bit above it moves down one position, as the nodes after
  // a removed one do in the node list.
  void erase(size_t position) {
    const size_t first = position / 64;
    if (first >= words_.size()) return;
    const uint64_t below = (uint64_t{1} << (position % 64)) - 1;  // the bits that stay put
    const uint64_t w = words_[first];
    words_[first] = (w & below) | ((w >> 1) & ~below);
    for (size_t word = first + 1; word < words_.size(); ++word) {
      words_[word - 1] |= (words_[word] & 1) << 63;
      words_[word] >>= 1;
    }
  }
  // Clears every bit and frees the memory.
  void reset() { std::vector<uint64_t>().swap(words_); }

  // Calls `visit(position)` for each set position in [from, to), in ascending order, until
  // `visit` returns false.
  template <typename Visit>
  void for_each_set(size_t from, size_t to, Visit&& visit) const {
    to = std::min(to, words_.size() * 64);
    if (from >= to) return;
    const size_t last_word = (to - 1) / 64;
    for (size_t word = from / 64; word <= last_word; ++word) {
      uint64_t bits = words_[word];
      if (word == from / 64) bits &= ~uint64_t{0} << (from % 64);
      if (word == last_word && to % 64 != 0) bits &= ~(~uint64_t{0} << (to % 64));
      while (bits != 0) {
        if (!visit(word * 64 + static_cast<size_t>(std::countr_zero(bits)))) return;
        bits &= bits - 1;
      }
    }
  }

 private:
  std::vector<uint64_t> words_;
};

}  // namespace ekssim::k8s
