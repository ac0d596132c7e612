#pragma once
// A fixed-size map from 64-bit keys to 32-bit indices, for DnsCache's key → slot lookup.
//
// The caches of the 5,000-node run are full and churn: every new key evicts one. A node-based map
// pays a free and a malloc for each; this table is one array allocated at construction, sized for
// the most keys it will ever hold, so a lookup touches one or two cache lines and nothing
// allocates afterwards. Linear probing at a load factor of at most one half, backward-shift
// deletion (Knuth, TAOCP vol. 3, 6.4, Algorithm R) so that no tombstones build up under churn —
// as models/vpc/address_index.h, whose table grows and is keyed by 32 bits. Nothing iterates
// over the table, so its order cannot reach output.

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ekssim::dns {

class FlatIndex {
 public:
  static constexpr uint32_t kAbsent = ~uint32_t{0};  // never a value: values index a vector

  // Room for `max_keys` keys at once: a power of two of at least twice as many buckets.
  explicit FlatIndex(size_t max_keys)
      : buckets_(std::bit_ceil(std::max<size_t>(2 * max_keys, 8))), mask_(buckets_.size() - 1) {}

  // The value of `key`, or kAbsent.
  uint32_t find(uint64_t key) const {
    for (size_t b = home(key);; b = (b + 1) & mask_) {
      const Bucket& bucket = buckets_[b];
      if (bucket.value == kAbsent || bucket.key == key) return bucket.value;
    }
  }
  // `key` must be absent, and fewer than `max_keys` keys present.
  void insert(uint64_t key, uint32_t value) {
    size_t b = home(key);
    while (buckets_[b].value != kAbsent)
      b = (b + 1) & mask_;
    buckets_[b] = Bucket{key, value};
  }
  // False if `key` is absent.
  bool erase(uint64_t key) {
    size_t hole = home(key);
    while (buckets_[hole].value != kAbsent && buckets_[hole].key != key)
      hole = (hole + 1) & mask_;
    if (buckets_[hole].value == kAbsent) return false;
    // A later member of the probe run moves back into the hole when the hole lies on its probe
    // path, i.e. no farther from where it sits than its home bucket is; it then leaves a hole.
    for (size_t b = (hole + 1) & mask_; buckets_[b].value != kAbsent; b = (b + 1) & mask_) {
      if (((b - home(buckets_[b].key)) & mask_) < ((b - hole) & mask_)) continue;
      buckets_[hole] = buckets_[b];
      hole = b;
    }
    buckets_[hole].value = kAbsent;
    return true;
  }

 private:
  struct Bucket {
    uint64_t key = 0;
    uint32_t value = kAbsent;
  };

  // DnsCache's keys are (name id << 1 | type), and name ids are interned in runs (a lookup's
  // search-path names together), so neighbouring keys are cached together; taken as they are,
  // they would fill neighbouring buckets into long probe runs. Every bit is mixed first
  // (splitmix64's finaliser, as in sim/random.cpp).
  size_t home(uint64_t key) const {
    key = (key ^ (key >> 30)) * 0xbf58476d1ce4e5b9ULL;
    key = (key ^ (key >> 27)) * 0x94d049bb133111ebULL;
    return static_cast<size_t>(key ^ (key >> 31)) & mask_;
  }

  std::vector<Bucket> buckets_;
  size_t mask_;
};

}  // namespace ekssim::dns
