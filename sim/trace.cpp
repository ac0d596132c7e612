#include "sim/trace.h"

#include <cstring>

namespace ekssim::sim {

void TraceDigest::mix(const void* bytes, size_t size) {
  // FNV-1a; the separators written by DigestFieldWriter keep adjacent fields from running
  // together ("ab","c" and "a","bc" digest differently).
  const auto* p = static_cast<const unsigned char*>(bytes);
  for (size_t i = 0; i < size; ++i) {
    hash_ ^= p[i];
    hash_ *= 0x100000001b3ULL;
  }
}

class DigestFieldWriter final : public FieldWriter {
 public:
  explicit DigestFieldWriter(TraceDigest& digest) : digest_(digest) {}
  void integer(std::string_view name, int64_t value) override { put(name, 'i', &value, 8); }
  void number(std::string_view name, double value) override {
    uint64_t bits;
    std::memcpy(&bits, &value, 8);
    put(name, 'd', &bits, 8);
  }
  void text(std::string_view name, std::string_view value) override {
    const uint64_t size = value.size();
    put(name, 's', &size, 8);
    digest_.mix(value.data(), value.size());
  }
  void flag(std::string_view name, bool value) override {
    const unsigned char byte = value ? 1 : 0;
    put(name, 'b', &byte, 1);
  }
  void duration(std::string_view name, Duration value) override {
    const int64_t ns = value.nanoseconds();
    put(name, 't', &ns, 8);
  }

 private:
  void put(std::string_view name, char type, const void* value, size_t size) {
    digest_.mix(name.data(), name.size());
    digest_.mix(&type, 1);
    digest_.mix(value, size);
  }
  TraceDigest& digest_;
};

void TraceDigest::record(Time time, const EventView& event) {
  const int64_t ns = time.nanoseconds();
  mix(&ns, sizeof ns);
  mix(event.kind().data(), event.kind().size());
  mix("\n", 1);
  DigestFieldWriter writer(*this);
  event.write(writer);
}

std::string TraceDigest::hex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 0; i < 16; ++i) out[15 - i] = kDigits[(hash_ >> (4 * i)) & 0xf];
  return out;
}

}  // namespace ekssim::sim
