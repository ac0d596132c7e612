#pragma once
// A pod's DNS lookup, exchange by exchange, for the page's pod story: every search-list candidate
// in order, the nameserver each query went to (kube-dns's cluster IP, which kube-proxy DNATs to a
// CoreDNS pod), the try, how long the resolver waited, and the reply.
//
// The trace reports a lookup's outcome (DnsLookupFailed with its reason and root cause, or
// DnsLookupSucceeded with the queries sent); the walk is that outcome replayed through the
// resolver's own state machine (models/dns/resolver_lookup.h: glibc, Go or dig) with the pod's
// resolv.conf as kubelet writes it (models/dns/resolv_conf.h, pod_resolv_conf). Simplification:
// the answered candidate of a success is inferred from the queries sent (A and AAAA per
// candidate), and every exchange of a failed lookup is taken to end as its reason says.

#include <nlohmann/json.hpp>
#include <string_view>

#include "models/cluster/world.h"

namespace ekssim::serve {

struct LookupOutcome {
  bool resolved = false;
  std::string_view reason;  // failed: DnsTimeout, DnsServfail, DnsRefused, DnsNxdomain
  int64_t queries = 0;      // resolved: queries sent
};

// {"resolver", "search", "ndots", "exchanges": [{"candidate", "server", "attempt", "wait",
// "reply"}]}
nlohmann::json dns_walk(const cluster::World& world, std::string_view ns, std::string_view pod,
                        std::string_view name, const LookupOutcome& outcome);

}  // namespace ekssim::serve
