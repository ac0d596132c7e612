#include "models/report/name_index.h"

#include <cstring>
#include <utility>

namespace ekssim::report {

namespace {

// Folds `bytes` into `h` eight at a time: xor a word in, multiply by an odd constant (a
// bijection, so no word is lost), then shift the high bits down so that the next multiply
// carries them into the low ones. The tail word also carries the length, which separates the
// pieces of a (namespace, name) pair. The constant is splitmix64's first multiplier (Steele,
// Lea and Flood, "Fast splittable pseudorandom number generators", 2014).
uint64_t fold(uint64_t h, std::string_view bytes) {
  constexpr uint64_t kMultiplier = 0xbf58476d1ce4e5b9ULL;
  const char* p = bytes.data();
  size_t n = bytes.size();
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    h = (h ^ word) * kMultiplier;
    h ^= h >> 29;
  }
  uint64_t tail = 0;
  // An empty string_view may have a null data(), which memcpy must not be given even for 0 bytes.
  if (n > 0) std::memcpy(&tail, p, n);
  h = (h ^ tail ^ (uint64_t{bytes.size()} << 56)) * kMultiplier;
  return h ^ (h >> 29);
}

// splitmix64's finaliser (as in sim/random.cpp and models/dns/flat_index.h): every input bit
// reaches the top 32, which are the tag and the home bucket.
uint64_t finish(uint64_t h) {
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

constexpr uint64_t kSeed = 0x9e3779b97f4a7c15ULL;  // the golden ratio's bits: any nonzero start

}  // namespace

uint64_t NameIndex::hash(std::string_view name) {
  return finish(fold(kSeed, name));
}

uint64_t NameIndex::hash(std::string_view ns, std::string_view name) {
  return finish(fold(fold(kSeed, ns), name));
}

void NameIndex::grow() {
  // The home bucket is the tag's top bits, so a tag of 32 bits homes at most 2^32 buckets.
  if (buckets_.size() >= (size_t{1} << 32)) throw std::length_error("NameIndex: over 2^31 keys");
  std::vector<Bucket> old = std::move(buckets_);
  buckets_.assign(2 * old.size(), Bucket{});
  mask_ = buckets_.size() - 1;
  shift_ = 32 - std::countr_zero(buckets_.size());
  for (const Bucket& bucket : old) {
    if (bucket.value == kAbsent) continue;
    size_t b = home(bucket.tag);
    while (buckets_[b].value != kAbsent)
      b = (b + 1) & mask_;
    buckets_[b] = bucket;
  }
}

}  // namespace ekssim::report
