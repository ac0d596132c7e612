#pragma once
// The size of a DNS response on the wire, and whether it fits the UDP payload the client
// allowed: what decides that CoreDNS truncates an answer (TC) and the client asks again over TCP.
//
// Sizes follow RFC 1035 §4.1: a 12-byte header (§4.1.1); a question of QNAME, QTYPE and QCLASS
// (§4.1.2); each resource record of NAME, TYPE, CLASS, TTL, RDLENGTH and RDATA (§4.1.3), an A
// record's RDATA being 4 bytes (§3.4.1). An answer's owner name repeats the question's, so with
// name compression (§4.1.4) it is a 2-byte pointer. An EDNS0 OPT record (RFC 6891 §6.1.2: the
// root name, TYPE, CLASS holding the payload size, TTL and an empty RDATA) adds 11 bytes; CoreDNS
// puts one in its reply when the query had one (request.go SizeAndDo).
//
// The limit: a UDP message carries at most 512 bytes (RFC 1035 §2.3.4, §4.2.1) unless the query
// advertised a larger payload in its OPT record (RFC 6891 §6.2.5; a smaller one counts as 512).
// CoreDNS (request/request.go Size, Scrub) truncates to that limit with miekg/dns Msg.Truncate,
// which fits as many records as it can, compressed, and sets TC when any was left out.
//
// What the clients advertise:
// - glibc: no OPT record unless resolv.conf has `options edns0` (RES_USE_EDNS0, res_query.c and
//   res_mkquery.c __res_nopt), then RESOLV_EDNS_BUFFER_SIZE, 1200 (resolv/resolv-internal.h);
// - Go: always an OPT record with maxDNSPacketSize, 1232 (net/dnsclient_unix.go newRequest,
//   the DNS flag day 2020 value);
// - dig (BIND 9.18): EDNS0 with +bufsize 1232 by default.
// Simplification: only A answers are sized (AAAA is always NODATA here, far under any limit);
// the authority and additional sections of positive answers are empty, as CoreDNS's kubernetes
// plugin leaves them for A questions.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "models/dns/resolver.h"
#include "models/dns/resolver_options.h"

namespace ekssim::dns {

inline constexpr size_t kUdpMessageLimit = 512;                          // RFC 1035 §2.3.4
inline constexpr size_t kHeaderSize = 12;                                // RFC 1035 §4.1.1
inline constexpr size_t kCompressedARecordSize = 2 + 2 + 2 + 4 + 2 + 4;  // pointer … RDATA
inline constexpr size_t kOptRecordSize = 1 + 2 + 2 + 4 + 2;              // RFC 6891 §6.1.2
inline constexpr uint16_t kGlibcEdnsPayload = 1200;                      // RESOLV_EDNS_BUFFER_SIZE
inline constexpr uint16_t kGoEdnsPayload = 1232;                         // maxDNSPacketSize
inline constexpr uint16_t kDigEdnsPayload = 1232;                        // dig's default +bufsize

// The length of `name` on the wire uncompressed: a length byte and the text of each label, and
// the root's zero byte ("a.b." and "a.b" are both 5 bytes).
size_t wire_name_length(std::string_view name);

// The size of a response to an A question for `name` carrying `a_records` records, compressed,
// with an OPT record when `edns0`.
size_t a_response_size(std::string_view name, size_t a_records, bool edns0);
// The same from the name's wire_name_length (NameTable::wire_length keeps it).
size_t a_response_size_for_wire_length(size_t name_wire_length, size_t a_records, bool edns0);

// The payload a client's query advertises in its OPT record; 0 for a query without one.
uint16_t advertised_udp_payload(ResolverKind kind, const ResolverOptions& glibc_options);

// The largest UDP response CoreDNS sends for a query advertising `advertised` (0: no OPT).
size_t udp_response_limit(uint16_t advertised);

}  // namespace ekssim::dns
