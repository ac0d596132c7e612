#include "models/dns/message_size.h"

#include <algorithm>

namespace ekssim::dns {

size_t wire_name_length(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (name.empty()) return 1;  // the root: its zero byte only
  // Each label's text plus its length byte: the dots stand in for the length bytes of all labels
  // but the first, which adds one; then the root's zero byte.
  return name.size() + 1 + 1;
}

size_t a_response_size(std::string_view name, size_t a_records, bool edns0) {
  return a_response_size_for_wire_length(wire_name_length(name), a_records, edns0);
}

size_t a_response_size_for_wire_length(size_t name_wire_length, size_t a_records, bool edns0) {
  const size_t question = name_wire_length + 2 + 2;  // QTYPE, QCLASS
  return kHeaderSize + question + a_records * kCompressedARecordSize + (edns0 ? kOptRecordSize : 0);
}

uint16_t advertised_udp_payload(ResolverKind kind, const ResolverOptions& glibc_options) {
  switch (kind) {
    case ResolverKind::kGlibc:
      return glibc_options.edns0 ? kGlibcEdnsPayload : 0;
    case ResolverKind::kGo:
      return kGoEdnsPayload;
    case ResolverKind::kDig:
      return kDigEdnsPayload;
  }
  return 0;
}

size_t udp_response_limit(uint16_t advertised) {
  // request.go Size through edns.Size: below 512 (or no OPT at all) counts as 512.
  return std::max<size_t>(kUdpMessageLimit, advertised);
}

}  // namespace ekssim::dns
