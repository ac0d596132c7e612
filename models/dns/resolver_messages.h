#pragma once
// What an application prints when a lookup fails, per resolver:
// - glibc getaddrinfo: gai_strerror of the error (curl, Python, ping …): "Name or service not
//   known" (EAI_NONAME, NXDOMAIN), "No address associated with hostname" (EAI_NODATA),
//   "Temporary failure in name resolution" (EAI_AGAIN: timeouts, SERVFAIL, REFUSED, ICMP).
// - Go: net.DNSError, "lookup <name> on <server>:53: <error>" with "no such host", "server
//   misbehaving", or the socket error "read udp <client>-><server>:53: i/o timeout" /
//   "…: read: connection refused".
// - dig (BIND 9.16): ";; connection timed out; no servers could be reached", ";; communications
//   error to <server>#53: connection refused", or the reply's status ("status: NXDOMAIN").

#include <cstdint>
#include <string>
#include <string_view>

#include "models/dns/resolver.h"
#include "models/dns/resolver_config.h"
#include "models/dns/resolver_lookup.h"
#include "models/net/ipv4.h"

namespace ekssim::dns {

// The pod's end of its DNS socket; Go's socket errors name it.
struct ClientSocket {
  net::Ipv4 ip;
  uint16_t port = 0;
};

// Empty for a resolved lookup. `name` is the name the application asked for.
std::string failure_message(ResolverKind kind, const LookupResult& result, std::string_view name,
                            const ResolverConfig& config, ClientSocket client);

// A stable code for reports (DnsLookupFailed.reason): DnsTimeout, DnsRefused (ICMP: nothing
// listens, e.g. a service without endpoints), DnsServfail, DnsRcodeRefused, DnsNxdomain,
// DnsNoData, DnsNoQuerySent (glibc with attempts:0 sends nothing); empty for a resolved lookup.
std::string_view failure_reason(const LookupResult& result);

}  // namespace ekssim::dns
