#pragma once
// LadderQueue: the kernel's pending set of event keys, a ladder queue after Tang, Goh and Thng,
// "Ladder Queue: An O(1) Priority Queue Structure for Large-Scale Discrete Event Simulation",
// ACM TOMACS 15(3), 2005. Keys are unique 128-bit integers (time << 64 | sequence << 24 | slot),
// so the order is total and (time, insertion sequence) ties need no stable sort.
//
// Three tiers, each holding only keys smaller than every key of the tier after it:
//  - bottom: a small sorted array, consumed from its front;
//  - rungs: up to kMaxRungs rungs of unsorted buckets of equal width; rung 0 spans the keys taken
//    from the top at its last transfer, and each later rung spans one bucket of the rung before
//    it (the bucket that had more than kSplitThreshold keys when it was reached);
//  - top: an unsorted array of every key at or after top_start_.
// A push appends to top or to one bucket (O(1)) unless it lands before every rung's current
// bucket, when it goes into bottom in order. When bottom runs out, the finest rung's next bucket
// is either sorted into bottom or, when large, spread over a new finer rung; when the rungs run
// out, top is spread over a new rung 0. Each key is moved a small constant number of times.
//
// Departures from the paper: bucket widths are powers of two (a shift instead of a division); a
// bucket whose keys all share one time goes to bottom whatever its size (no rung can split it);
// the top's keys go to about top.size() / 2 buckets rather than one per key, and a large top's to
// top.size() / 64 (fewer, fuller buckets miss the cache less often at 10^5 keys). The constants
// are in the .cpp.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ekssim::sim {

struct EventKey {
  unsigned __int128 packed;  // time (non-negative) << 64 | sequence << 24 | slot
  bool operator<(const EventKey& o) const { return packed < o.packed; }
  int64_t time() const { return static_cast<int64_t>(packed >> 64); }
  uint32_t low_bits() const { return static_cast<uint32_t>(packed); }
};

class LadderQueue {
 public:
  // Told the keys about to be taken whenever a bucket is handed down to bottom: bottom's keys
  // (`next` true: they are taken next) and those of the next bucket (when it is small enough to
  // come down whole), which were not announced before. The owner prefetches what the keys point
  // at; the hook must not touch the queue.
  using Prefetch = void (*)(const void* context, const EventKey* keys, size_t count, bool next);
  void set_prefetch(Prefetch prefetch, const void* context) {
    prefetch_ = prefetch;
    prefetch_context_ = context;
  }

  // Keys of equal time must be pushed in ascending order (the kernel's sequence numbers rise with
  // every push): a small bucket is then sorted by time and place alone (ladder_queue.cpp).
  void push(EventKey key);
  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  // The smallest key; requires !empty().
  const EventKey& front() {
    if (bottom_head_ == bottom_.size()) refill();
    return bottom_[bottom_head_];
  }
  // Removes the smallest key; requires !empty().
  void pop_front() {
    if (bottom_head_ == bottom_.size()) refill();
    ++bottom_head_;
    --size_;
  }
  // Removes every key for which `drop(key)` is true (each key is asked once) and gathers the rest
  // back into top, so that the next front() rebuilds the rungs around the keys that are left.
  template <typename Drop>
  void remove_if(Drop drop) {
    std::vector<EventKey> kept;
    kept.reserve(size_);
    for_each_key([&](const EventKey& key) {
      if (!drop(key)) kept.push_back(key);
    });
    reset_into_top(kept);
  }

 private:
  static constexpr size_t kMaxRungs = 16;

  struct Rung {
    int64_t start = 0;  // time at the start of bucket 0
    int shift = 0;      // bucket width = 1 << shift nanoseconds
    size_t buckets_used = 0;
    size_t current = 0;  // buckets before this one have been handed down
    size_t count = 0;    // keys in buckets current.. end
    std::vector<std::vector<EventKey>> buckets;
    int64_t current_start() const {
      return start + static_cast<int64_t>(static_cast<uint64_t>(current) << shift);
    }
  };

  void refill();
  void transfer_top();
  void spread_into_rung(Rung& rung, std::vector<EventKey>& keys);
  bool hand_down_next_bucket();
  void prefetch_next_bucket(const Rung& rung);
  void insert_into_bottom(EventKey key);
  void reset_into_top(std::vector<EventKey>& keys);
  template <typename F>
  void for_each_key(F&& f) {
    for (size_t i = bottom_head_; i < bottom_.size(); ++i)
      f(bottom_[i]);
    for (size_t r = 0; r < rung_count_; ++r) {
      Rung& rung = rungs_[r];
      for (size_t b = rung.current; b < rung.buckets_used; ++b) {
        for (const EventKey& key : rung.buckets[b])
          f(key);
      }
    }
    for (const EventKey& key : top_)
      f(key);
  }

  std::vector<EventKey> bottom_;
  size_t bottom_head_ = 0;
  Rung rungs_[kMaxRungs];
  size_t rung_count_ = 0;
  std::vector<EventKey> top_;
  int64_t top_start_ = 0;  // keys at or after it go to top
  int64_t top_min_ = INT64_MAX;
  int64_t top_max_ = 0;
  size_t size_ = 0;
  Prefetch prefetch_ = [](const void*, const EventKey*, size_t, bool) {};
  const void* prefetch_context_ = nullptr;
};

}  // namespace ekssim::sim
