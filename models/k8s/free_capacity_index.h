#pragma once
// The scheduler cache's nodes in filter order with what each has free, in a max-tree, so that the
// filter loop can jump over the nodes whose resources cannot fit a pod instead of visiting them.
//
// kube-scheduler visits nodes round-robin until it has found numFeasibleNodesToFind that pass
// (pkg/scheduler/schedule_one.go, findNodesThatPassFilters): 5% of them, at least 100. In a
// large cluster filling up, most nodes it visits are full: at 100,000 nodes a pod of a nearly
// full cluster walks tens of thousands of them. The walk's outcome (which nodes pass, in which
// order, and how far it went) depends only on the nodes that pass, so skipping whole runs of
// nodes that cannot pass changes nothing but the time: each tree node keeps the maximum of every
// dimension below it, and a subtree none of whose maxima reaches the pod's request is skipped.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace ekssim::k8s {

// What a node has free (allocatable less requested), or what a pod needs of it. A need of
// kAnything passes whatever is free (a pod that requests no CPU fits a node whose CPU is
// overcommitted).
struct FreeCapacity {
  static constexpr int64_t kAnything = std::numeric_limits<int64_t>::min();
  int64_t cpu_millis = kAnything;
  int64_t memory_bytes = kAnything;
  int64_t pods = kAnything;
  int64_t pod_eni = kAnything;
  // 1 where a pod without tolerations passes the node's cordon and taints, else 0.
  int64_t untainted = kAnything;

  bool covers(const FreeCapacity& need) const {
    return cpu_millis >= need.cpu_millis && memory_bytes >= need.memory_bytes &&
           pods >= need.pods && pod_eni >= need.pod_eni && untainted >= need.untainted;
  }
};

class FreeCapacityIndex {
 public:
  size_t size() const { return size_; }
  // Sets the node at `position`; `position` may be size(), which appends it.
  void assign(size_t position, const FreeCapacity& free);
  // Empties the index.
  void clear();
  // Calls `visit(position)` for each position in [from, to) whose free capacity covers `need`,
  // in ascending order, until `visit` returns false. One walk down the tree: a subtree is entered
  // once however many fits it holds (a first-fit search per fit climbed and descended again for
  // each, 10 tree nodes per fit at 20,000 nodes), and one that cannot hold a fit not at all.
  template <typename Visit>
  void for_each_fit(size_t from, size_t to, const FreeCapacity& need, Visit&& visit) const {
    to = std::min(to, size_);
    if (from < to) visit_fits(1, 0, leaves_, from, to, need, visit);
  }

 private:
  // Subtrees of at most this many positions are scanned leaf by leaf.
  static constexpr size_t kScanSpan = 16;

  void grow();
  void pull_up(size_t tree_node);
  // The subtree of `tree_node`, spanning positions [lo, hi); returns false once `visit` has.
  template <typename Visit>
  bool visit_fits(size_t tree_node, size_t lo, size_t hi, size_t from, size_t to,
                  const FreeCapacity& need, Visit& visit) const {
    // The maxima of different dimensions may come from different nodes, so a subtree whose
    // maxima cover the need can still hold no fit: its children are asked in turn.
    if (hi <= from || lo >= to || !max_[tree_node].covers(need)) return true;
    if (hi - lo <= kScanSpan) {
      // A small subtree's leaves are read in a row, cheaper than descending to each.
      for (size_t p = std::max(lo, from); p < std::min(hi, to); ++p) {
        if (max_[leaves_ + p].covers(need) && !visit(p)) return false;
      }
      return true;
    }
    const size_t mid = lo + (hi - lo) / 2;
    return visit_fits(2 * tree_node, lo, mid, from, to, need, visit) &&
           visit_fits(2 * tree_node + 1, mid, hi, from, to, need, visit);
  }

  size_t size_ = 0;
  size_t leaves_ = 0;  // a power of two, at least size_
  // The maxima by tree node: 1 is the root, leaves_ + p the node at position p.
  std::vector<FreeCapacity> max_;
};

}  // namespace ekssim::k8s
