#pragma once
// SHA-256 (FIPS 180-4), written here so that kube-proxy's chain names can be computed without a
// crypto library. Streaming: kube-proxy hashes "<service port name><protocol>[<ip:port>]", and
// update() lets a caller feed those pieces without concatenating them first.

#include <array>
#include <cstdint>
#include <string_view>

namespace ekssim::k8s {

using Sha256Digest = std::array<uint8_t, 32>;

class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  // Pads, processes the last block and returns the digest. The object must not be reused.
  Sha256Digest finish();

 private:
  void process_block(const uint8_t* block);

  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_{};
  uint64_t length_ = 0;  // bytes fed so far
  size_t buffered_ = 0;
};

Sha256Digest sha256(std::string_view bytes);

}  // namespace ekssim::k8s
