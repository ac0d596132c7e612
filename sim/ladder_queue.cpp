#include "sim/ladder_queue.h"

#include <algorithm>
#include <bit>
#include <utility>

namespace ekssim::sim {

namespace {

// Buckets up to this size are sorted into bottom (by rank_sort); larger ones are spread over a
// finer rung, or sorted by std::sort when they cannot be (one time, or no rung left).
// The constants were tuned on the hold model at 10^3 and 10^5 pending (bench/README.md; the last
// time on 2026-12-08, when ranking by 32-bit codes made larger buckets cheap to sort).
constexpr size_t kSplitThreshold = 64;
// Keys per bucket, on average, when top is spread over rung 0: 2 for a top of up to kLargeTop
// keys (near the paper's one bucket per key: the buckets reached first are then small enough to
// be ranked into bottom without a finer rung), 64 beyond (pushes land in random buckets of rung
// 0, and at 10^5 keys each push missed the cache on a bucket of its own; fewer, fuller buckets
// miss less). Against 16 and 64 before, the hold model ran 38.6 → 42.3 M events/s at 1,000
// pending, 40.4 → 43.0 at 3,000 and the same or better at 6,000-100,000 (bench/README.md,
// 2026-12-08).
constexpr size_t kTopKeysPerBucket = 2;
constexpr size_t kLargeTopKeysPerBucket = 64;
constexpr size_t kLargeTop = 8192;
// Keys per bucket, on average, when a bucket is spread over a finer rung.
constexpr size_t kChildKeysPerBucket = 16;

// Writes keys[0..n) to out[0..n) in ascending order, each at its rank: the number of keys before
// it in the order. n² comparisons, but none of them is a branch: an insertion sort (std::sort's,
// below 16 keys) mispredicts about once per key, and on the 8-30 keys of a bucket ranking is about
// twice as fast (bench/README.md, 2026-12-07). Only for buckets of up to kSplitThreshold keys.
//
// A bucket holds its keys of equal time in the order they were pushed, which is their order
// (push()'s contract; spreading a bucket keeps the order), so time and place in the bucket decide:
// each key is ranked by the code (time - base) << kPlaceBits | place, one integer compare where the
// 128-bit keys need three instructions. Codes of 32 bits, when the bucket's width allows, let the
// compiler compare four keys per SSE2 instruction (bench/README.md, 2026-12-08).
constexpr int kPlaceBits = 6;
static_assert(kSplitThreshold <= (size_t{1} << kPlaceBits));

template <typename Code>
void rank_sort(const EventKey* keys, size_t n, int64_t base, EventKey* out) {
  Code codes[kSplitThreshold];
  for (size_t i = 0; i < n; ++i) {
    codes[i] = static_cast<Code>(static_cast<Code>(keys[i].time() - base) << kPlaceBits |
                                 static_cast<Code>(i));
  }
  for (size_t i = 0; i < n; ++i) {
    const Code code = codes[i];
    Code rank = 0;  // of the codes' type, so that the count vectorises with the comparisons
    for (size_t j = 0; j < n; ++j)
      rank += codes[j] < code;
    out[rank] = keys[i];
  }
}

// Sorts a bucket of up to kSplitThreshold keys whose times lie in [base, base + 2^shift) into out.
void sort_small_bucket(const EventKey* keys, size_t n, int64_t base, int shift, EventKey* out) {
  if (shift + kPlaceBits <= 31) {
    rank_sort<int32_t>(keys, n, base, out);
  } else if (shift + kPlaceBits <= 63) {
    rank_sort<int64_t>(keys, n, base, out);
  } else {  // buckets wider than 2^57 ns (4.5 years): only at the far end of time
    std::copy(keys, keys + n, out);
    std::sort(out, out + n);
  }
}

// The smallest shift s with (span - 1) >> s < buckets: buckets of width 1 << s cover `span`
// nanoseconds in at most `buckets` buckets.
int shift_for(uint64_t span, uint64_t buckets) {
  const uint64_t per_bucket = (span - 1) / buckets + 1;  // ceil(span / buckets), at least 1
  return static_cast<int>(std::bit_width(per_bucket - 1));
}

int64_t saturating_add(int64_t base, uint64_t offset) {
  const unsigned __int128 sum = static_cast<unsigned __int128>(base) + offset;
  return sum > static_cast<unsigned __int128>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(sum);
}

}  // namespace

void LadderQueue::push(EventKey key) {
  ++size_;
  const int64_t time = key.time();
  if (time >= top_start_) {
    top_.push_back(key);
    top_min_ = std::min(top_min_, time);
    top_max_ = std::max(top_max_, time);
    return;
  }
  // The coarsest rung whose unreached buckets span the time takes it (the paper's enqueue).
  for (size_t r = 0; r < rung_count_; ++r) {
    Rung& rung = rungs_[r];
    if (time < rung.start) continue;
    const size_t bucket = static_cast<uint64_t>(time - rung.start) >> rung.shift;
    if (bucket < rung.current) continue;
    rung.buckets[bucket].push_back(key);
    ++rung.count;
    return;
  }
  insert_into_bottom(key);
}

// Before every rung's current bucket: the key belongs among bottom's, in order. Keys land there
// rarely (a bucket is narrow), and most often in front of or after all of bottom.
void LadderQueue::insert_into_bottom(EventKey key) {
  const auto first = bottom_.begin() + static_cast<std::ptrdiff_t>(bottom_head_);
  const auto at = std::upper_bound(first, bottom_.end(), key);
  if (at == first && bottom_head_ > 0) {
    bottom_[--bottom_head_] = key;
  } else {
    bottom_.insert(at, key);
  }
}

// Bottom is empty: hands buckets down until bottom holds the next keys (the paper's dequeue and
// RecurseRung). Requires !empty().
void LadderQueue::refill() {
  bottom_.clear();
  bottom_head_ = 0;
  while (bottom_.empty()) {
    if (rung_count_ == 0) transfer_top();
    if (rungs_[rung_count_ - 1].count == 0) {
      --rung_count_;
      continue;
    }
    hand_down_next_bucket();
  }
}

// Takes the finest rung's next non-empty bucket: into bottom, sorted, when it is small or cannot
// be split (one time, or no rung left); otherwise spread over a new rung of buckets about
// bucket-size times narrower. Returns whether bottom was filled.
bool LadderQueue::hand_down_next_bucket() {
  Rung& rung = rungs_[rung_count_ - 1];
  while (rung.buckets[rung.current].empty())
    ++rung.current;
  const size_t index = rung.current++;
  std::vector<EventKey>& bucket = rung.buckets[index];
  rung.count -= bucket.size();
  const size_t n = bucket.size();
  bool one_time = true;
  if (n > kSplitThreshold && rung.shift > 0 && rung_count_ < kMaxRungs) {
    const int64_t first_time = bucket.front().time();
    for (const EventKey& key : bucket)
      one_time = one_time && key.time() == first_time;
  }
  if (n <= kSplitThreshold || rung.shift == 0 || rung_count_ == kMaxRungs || one_time) {
    if (n <= kSplitThreshold) {
      bottom_.resize(n);
      const int64_t base =
          rung.start + static_cast<int64_t>(static_cast<uint64_t>(index) << rung.shift);
      sort_small_bucket(bucket.data(), n, base, rung.shift, bottom_.data());
      bucket.clear();
    } else {
      bottom_.swap(bucket);  // bucket keeps bottom's old (empty) storage
      std::sort(bottom_.begin(), bottom_.end());
    }
    prefetch_(prefetch_context_, bottom_.data(), bottom_.size(), true);
    prefetch_next_bucket(rung);
    return true;
  }
  Rung& child = rungs_[rung_count_++];
  child.start = rung.start + static_cast<int64_t>(static_cast<uint64_t>(index) << rung.shift);
  const size_t buckets = std::max<size_t>(2, n / kChildKeysPerBucket);
  child.shift = std::max(0, rung.shift - (static_cast<int>(std::bit_width(buckets)) - 1));
  child.buckets_used = size_t{1} << (rung.shift - child.shift);
  spread_into_rung(child, bucket);
  return false;
}

// Announces the keys of the rung's next non-empty bucket, if it will come down to bottom whole, so
// that what they point at is fetched about one bucket's worth of events ahead of time.
void LadderQueue::prefetch_next_bucket(const Rung& rung) {
  for (size_t b = rung.current; b < rung.buckets_used; ++b) {
    const std::vector<EventKey>& next = rung.buckets[b];
    if (next.empty()) continue;
    if (next.size() <= kSplitThreshold) {
      prefetch_(prefetch_context_, next.data(), next.size(), false);
    }
    return;
  }
}

// Spreads top over a new rung 0 of about top.size() / 2 buckets (/ 64 when large) spanning
// [top_min_, top_max_]; later keys at or after the rung's end go to top again.
void LadderQueue::transfer_top() {
  Rung& rung = rungs_[0];
  rung_count_ = 1;
  const uint64_t span = static_cast<uint64_t>(top_max_ - top_min_) + 1;
  const size_t per_bucket = top_.size() > kLargeTop ? kLargeTopKeysPerBucket : kTopKeysPerBucket;
  const uint64_t wanted = std::max<uint64_t>(1, top_.size() / per_bucket);
  rung.start = top_min_;
  rung.shift = shift_for(span, wanted);
  rung.buckets_used = static_cast<size_t>(((span - 1) >> rung.shift) + 1);
  top_start_ = saturating_add(top_min_, static_cast<uint64_t>(rung.buckets_used) << rung.shift);
  spread_into_rung(rung, top_);
  top_min_ = INT64_MAX;
  top_max_ = 0;
}

// Moves `keys` into `rung`'s buckets (start, shift and buckets_used set) and empties `keys`.
void LadderQueue::spread_into_rung(Rung& rung, std::vector<EventKey>& keys) {
  if (rung.buckets.size() < rung.buckets_used) rung.buckets.resize(rung.buckets_used);
  rung.current = 0;
  rung.count = keys.size();
  for (const EventKey& key : keys) {
    rung.buckets[static_cast<uint64_t>(key.time() - rung.start) >> rung.shift].push_back(key);
  }
  keys.clear();
}

void LadderQueue::reset_into_top(std::vector<EventKey>& keys) {
  for (size_t r = 0; r < rung_count_; ++r) {
    Rung& rung = rungs_[r];
    for (size_t b = rung.current; b < rung.buckets_used; ++b)
      rung.buckets[b].clear();
    rung.count = 0;
  }
  rung_count_ = 0;
  bottom_.clear();
  bottom_head_ = 0;
  top_.swap(keys);
  top_start_ = 0;  // with no rung, every key goes to top until the next transfer
  top_min_ = INT64_MAX;
  top_max_ = 0;
  for (const EventKey& key : top_) {
    top_min_ = std::min(top_min_, key.time());
    top_max_ = std::max(top_max_, key.time());
  }
  size_ = top_.size();
}

}  // namespace ekssim::sim
