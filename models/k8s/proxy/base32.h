#pragma once
// Base32 with the standard alphabet of RFC 4648 section 6 ("A"-"Z", "2"-"7", "=" padding), as Go's
// encoding/base32.StdEncoding writes it; kube-proxy's chain names keep its first 16 characters.

#include <cstdint>
#include <span>
#include <string>

namespace ekssim::k8s {

// The full encoding, padded to a multiple of 8 characters.
std::string base32_encode(std::span<const uint8_t> bytes);

// The first out.size() characters of base32_encode(bytes), written without allocating.
// out.size() must not exceed the unpadded encoded length.
void base32_encode_prefix(std::span<const uint8_t> bytes, std::span<char> out);

}  // namespace ekssim::k8s
