// Response sizes as RFC 1035 §4.1 counts them, and the UDP limits of RFC 1035 §2.3.4 and RFC
// 6891 that decide when CoreDNS truncates (dns/message_size.h).

#include "models/dns/message_size.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace ekssim::dns {
namespace {

constexpr std::string_view kHeadless = "cassandra.data.svc.cluster.local";

TEST_CASE("A name takes a length byte per label and the root's zero byte", "[dns][size]") {
  CHECK(wire_name_length("") == 1);
  CHECK(wire_name_length(".") == 1);
  CHECK(wire_name_length("a.b") == 5);
  CHECK(wire_name_length("a.b.") == 5);
  // 9 + 4 + 3 + 7 + 5 letters, five length bytes, the root.
  CHECK(wire_name_length(kHeadless) == 34);
}

TEST_CASE("An A answer is the header, the question and 16 bytes per compressed record",
          "[dns][size]") {
  CHECK(a_response_size(kHeadless, 0, false) == 12 + 34 + 4);
  CHECK(a_response_size(kHeadless, 1, false) == 12 + 34 + 4 + 16);
  CHECK(a_response_size(kHeadless, 27, false) == 482);
  CHECK(a_response_size(kHeadless, 1, true) == 12 + 34 + 4 + 16 + 11);
}

TEST_CASE("Without EDNS0 an answer over 512 bytes is truncated: 28 records of a 34-byte name",
          "[dns][size]") {
  const size_t limit = udp_response_limit(0);
  CHECK(limit == 512);
  CHECK(a_response_size(kHeadless, 28, false) == 498);
  CHECK(a_response_size(kHeadless, 28, false) <= limit);
  CHECK(a_response_size(kHeadless, 29, false) == 514);
  CHECK(a_response_size(kHeadless, 29, false) > limit);
}

TEST_CASE("CoreDNS takes the advertised payload, never less than 512 (edns.Size)", "[dns][size]") {
  CHECK(udp_response_limit(1232) == 1232);
  CHECK(udp_response_limit(1200) == 1200);
  CHECK(udp_response_limit(256) == 512);
  // Go's 1232 bytes hold 73 records of that name with the OPT record.
  CHECK(a_response_size(kHeadless, 73, true) == 1229);
  CHECK(a_response_size(kHeadless, 74, true) == 1245);
}

TEST_CASE("glibc advertises 1200 bytes only with options edns0, Go 1232 always", "[dns][size]") {
  const std::vector<std::string> none;
  const std::vector<std::string> edns0 = {"ndots:5", "edns0"};
  const std::vector<std::string> cleared = {"edns0", "-edns0"};
  CHECK(advertised_udp_payload(ResolverKind::kGlibc, glibc_resolver_options(none)) == 0);
  CHECK(advertised_udp_payload(ResolverKind::kGlibc, glibc_resolver_options(edns0)) == 1200);
  CHECK(advertised_udp_payload(ResolverKind::kGlibc, glibc_resolver_options(cleared)) == 0);
  CHECK(advertised_udp_payload(ResolverKind::kGo, glibc_resolver_options(none)) == 1232);
  CHECK(advertised_udp_payload(ResolverKind::kDig, glibc_resolver_options(none)) == 1232);
  CHECK_FALSE(go_resolver_options(edns0).edns0);
}

}  // namespace
}  // namespace ekssim::dns
