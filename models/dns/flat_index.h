#pragma once
// A fixed-size map from 64-bit keys to 32-bit indices, for DnsCache's key → slot lookup.
//
// The caches of the 5,000-node run are full and churn: every new key evicts one. A node-based map
// pays a free and a malloc for each; this table is one array that doubles as keys arrive, up to
// the size for the most keys it will ever hold, so once a cache is full nothing allocates. It
// starts small because most replicas of a large cluster never fill: a full-size table from the
// start (512 KiB) cost 344 MiB of peak memory in a 20,000-node cluster's 1,000 replicas. Linear probing at a load
// factor of at most one half, backward-shift deletion (Knuth, TAOCP vol. 3, 6.4, Algorithm R) so
// that no tombstones build up under churn — as models/vpc/address_index.h, whose table grows and
// is keyed by 32 bits. Nothing iterates over the table, so its order cannot reach output.
//
// A bucket is 8 bytes: the value and the top 32 bits of the key's hash (its tag), not the key.
// The run keeps 313 replicas, so 16-byte buckets cost 1 MiB each (65,536 buckets for 2 × 9984
// keys), 313 MiB in all; 8-byte ones half that. The caller keeps each value's key (DnsCache in
// the slot, which a hit reads anyway) and find() reads it only when the tags match. The home
// bucket is the tag's top bits, so moving entries back on erase needs no key either.

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace ekssim::dns {

class FlatIndex {
 public:
  static constexpr uint32_t kAbsent = ~uint32_t{0};  // never a value: values index a vector

  // Room for `max_keys` keys at once: a power of two of at least twice as many buckets, and at
  // most 2^32, since the home bucket comes from a 32-bit tag.
  explicit FlatIndex(size_t max_keys) {
    if (max_keys > (size_t{1} << 31)) throw std::length_error("FlatIndex: over 2^31 keys");
    most_buckets_ = std::bit_ceil(std::max<size_t>(2 * max_keys, 8));
    resize(std::min(most_buckets_, kFirstBuckets));
  }

  // The value of `key`, or kAbsent; key_of(value) is the key that `value` was inserted with.
  template <class KeyOf>
  uint32_t find(uint64_t key, const KeyOf& key_of) const {
    const uint32_t tag = tag_of(key);
    for (size_t b = home(tag);; b = (b + 1) & mask_) {
      const Bucket& bucket = buckets_[b];
      if (bucket.value == kAbsent) return kAbsent;
      if (bucket.tag == tag && key_of(bucket.value) == key) return bucket.value;
    }
  }
  // Starts fetching the bucket where find(key) begins, for a caller that knows the key early.
  void prefetch(uint64_t key) const { __builtin_prefetch(&buckets_[home(tag_of(key))]); }
  // `key` must be absent, `value` not kAbsent, and fewer than `max_keys` keys present.
  void insert(uint64_t key, uint32_t value) {
    // At most half full: doubled before the key that would pass that, up to the largest size.
    if (2 * (count_ + 1) > buckets_.size() && buckets_.size() < most_buckets_) {
      resize(2 * buckets_.size());
    }
    place(tag_of(key), value);
    ++count_;
  }
  // Removes `key`, inserted with `value`; false if it is absent. Values are unique, so the
  // bucket is found by value, without reading any key.
  bool erase(uint64_t key, uint32_t value) {
    size_t hole = home(tag_of(key));
    while (buckets_[hole].value != kAbsent && buckets_[hole].value != value)
      hole = (hole + 1) & mask_;
    if (buckets_[hole].value == kAbsent) return false;
    // A later member of the probe run moves back into the hole when the hole lies on its probe
    // path, i.e. no farther from where it sits than its home bucket is; it then leaves a hole.
    for (size_t b = (hole + 1) & mask_; buckets_[b].value != kAbsent; b = (b + 1) & mask_) {
      if (((b - home(buckets_[b].tag)) & mask_) < ((b - hole) & mask_)) continue;
      buckets_[hole] = buckets_[b];
      hole = b;
    }
    buckets_[hole].value = kAbsent;
    --count_;
    return true;
  }

 private:
  struct Bucket {
    uint32_t tag = 0;
    uint32_t value = kAbsent;
  };

  // DnsCache's keys are (name id << 1 | type), and name ids are interned in runs (a lookup's
  // search-path names together), so neighbouring keys are cached together; taken as they are,
  // they would fill neighbouring buckets into long probe runs. Every bit is mixed first
  // (splitmix64's finaliser, as in sim/random.cpp), and the tag is the top half.
  static uint32_t tag_of(uint64_t key) {
    key = (key ^ (key >> 30)) * 0xbf58476d1ce4e5b9ULL;
    key = (key ^ (key >> 27)) * 0x94d049bb133111ebULL;
    return static_cast<uint32_t>((key ^ (key >> 31)) >> 32);
  }
  size_t home(uint32_t tag) const { return tag >> shift_; }
  void place(uint32_t tag, uint32_t value) {
    size_t b = home(tag);
    while (buckets_[b].value != kAbsent)
      b = (b + 1) & mask_;
    buckets_[b] = Bucket{tag, value};
  }
  // A table of `size` buckets (a power of two) holding the same entries: each is placed again
  // from its tag, which is all its home bucket depends on.
  void resize(size_t size) {
    std::vector<Bucket> old = std::move(buckets_);
    buckets_.assign(size, Bucket{});
    mask_ = size - 1;
    shift_ = 32 - std::countr_zero(size);
    for (const Bucket& bucket : old) {
      if (bucket.value != kAbsent) place(bucket.tag, bucket.value);
    }
  }

  static constexpr size_t kFirstBuckets = 16;

  std::vector<Bucket> buckets_;
  size_t most_buckets_ = 0;
  size_t count_ = 0;
  size_t mask_ = 0;
  int shift_ = 0;
};

}  // namespace ekssim::dns
