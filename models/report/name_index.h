#pragma once
// A growing map from names to 32-bit indices whose keys the caller keeps: ReportBuilder's pods by
// (namespace, name) and nodes by name, which it looks up once per trace event about them.
//
// Why not std::unordered_map<std::string, uint32_t>: a 20,000-node bring-up emits millions of
// PodFailedScheduling events, and each lookup there built "namespace/name" into a scratch string,
// hashed it and chased a bucket pointer, a node and the key's heap text — ~6% of that whole run.
// Here a lookup hashes the pieces where they lie (no string is built) and reads one 8-byte bucket;
// the caller's key is read only when the bucket's 32-bit tag matches, and the caller reads that
// entry (pods_[i]) next anyway.
//
// The layout is models/dns/flat_index.h's (DnsCache): linear probing at a load factor of at most
// one half, 8-byte buckets holding the value and the top 32 bits of the key's hash (its tag), the
// home bucket taken from the tag's top bits so that growing needs no key. Unlike FlatIndex, keys
// are names, not 64-bit numbers: two names may share a hash, so an entry is confirmed by the
// caller's `is_key(value)` (exact comparison), never by the hash alone. Nothing is ever erased
// (the report keeps deleted pods and removed nodes), and nothing iterates over the table, so its
// order cannot reach output.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace ekssim::report {

class NameIndex {
 public:
  static constexpr uint32_t kAbsent = ~uint32_t{0};  // never a value: values index a vector

  // The hash of a name, and of a (namespace, name) pair. Not stable across versions and never
  // written out; only equal keys must hash equal. The pair is hashed piece by piece, lengths
  // included, so ("ab", "c") and ("a", "bc") differ.
  static uint64_t hash(std::string_view name);
  static uint64_t hash(std::string_view ns, std::string_view name);

  // The value whose key is the one hashed to `hash`, or kAbsent. is_key(value) says whether the
  // key `value` was assigned with is the one sought.
  template <class IsKey>
  uint32_t find(uint64_t hash, const IsKey& is_key) const {
    const uint32_t tag = tag_of(hash);
    for (size_t b = home(tag);; b = (b + 1) & mask_) {
      const Bucket& bucket = buckets_[b];
      if (bucket.value == kAbsent) return kAbsent;
      if (bucket.tag == tag && is_key(bucket.value)) return bucket.value;
    }
  }

  // Points the key hashed to `hash` at `value` (not kAbsent): the entry is_key finds is given the
  // new value — a reused name then means its latest holder — else a new entry is added.
  template <class IsKey>
  void assign(uint64_t hash, uint32_t value, const IsKey& is_key) {
    const uint32_t tag = tag_of(hash);
    size_t b = home(tag);
    for (; buckets_[b].value != kAbsent; b = (b + 1) & mask_) {
      if (buckets_[b].tag == tag && is_key(buckets_[b].value)) {
        buckets_[b].value = value;
        return;
      }
    }
    // At most half full: doubled before the key that would pass that. The new key's bucket is
    // then found again in the larger table.
    if (2 * (count_ + 1) > buckets_.size()) {
      grow();
      b = home(tag);
      while (buckets_[b].value != kAbsent)
        b = (b + 1) & mask_;
    }
    buckets_[b] = Bucket{tag, value};
    ++count_;
  }

  size_t size() const { return count_; }
  void clear() { *this = NameIndex(); }

 private:
  struct Bucket {
    uint32_t tag = 0;
    uint32_t value = kAbsent;
  };

  static uint32_t tag_of(uint64_t hash) { return static_cast<uint32_t>(hash >> 32); }
  size_t home(uint32_t tag) const { return tag >> shift_; }
  // Twice the buckets, each entry placed again from its tag, which is all its home depends on.
  void grow();

  static constexpr size_t kFirstBuckets = 16;

  std::vector<Bucket> buckets_ = std::vector<Bucket>(kFirstBuckets);
  size_t count_ = 0;
  size_t mask_ = kFirstBuckets - 1;
  int shift_ = 32 - std::countr_zero(kFirstBuckets);
};

}  // namespace ekssim::report
