#pragma once
// The DNS vocabulary the server-side models share: question types, response codes, answers and
// names.
//
// Names are kept the way CoreDNS's request.Request.Name() keeps them, lowercased, but without the
// trailing dot: "kube-dns.kube-system.svc.cluster.local". DNS compares names without regard to
// case (RFC 4343), so lowercasing once at the edge makes every later comparison a plain string
// compare. At scale names are interned: a NameId indexes a NameTable, so caches key on integers
// and 150,000 pods share one copy of each candidate name.
//
// Simplification: only the two questions getaddrinfo asks, A and AAAA, are modelled (no PTR, SRV,
// TXT), and every answer holds IPv4 addresses only (the clusters are IPv4 single-stack).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "models/net/ipv4.h"
#include "sim/time.h"

namespace ekssim::dns {

enum class QueryType : uint8_t { kA, kAAAA };
std::string_view to_string(QueryType type);  // "A", "AAAA"

// RFC 1035 §4.1.1 response codes, with the numbers CoreDNS's errors plugin prints.
enum class Rcode : uint8_t { kNoError = 0, kServFail = 2, kNxDomain = 3, kRefused = 5 };
std::string_view to_string(Rcode rcode);  // "NOERROR", "SERVFAIL", "NXDOMAIN", "REFUSED"

// A response as a resolver sees it: the data it asked for, NOERROR with no data (RFC 2308
// "NODATA", e.g. AAAA for an IPv4-only name), or one of the error codes.
enum class ResponseKind : uint8_t { kAnswer, kNoData, kNxDomain, kServFail, kRefused };
std::string_view to_string(ResponseKind kind);  // "answer", "nodata", "nxdomain", …

struct DnsAnswer {
  Rcode rcode = Rcode::kNoError;
  std::vector<net::Ipv4> addresses;  // A records; never set for AAAA
  // The records' TTL; for NXDOMAIN and NODATA the negative TTL (RFC 2308 §5: the SOA's minimum).
  sim::Duration ttl;

  static DnsAnswer records(std::vector<net::Ipv4> addresses, sim::Duration ttl);
  static DnsAnswer no_data(sim::Duration negative_ttl);
  static DnsAnswer nxdomain(sim::Duration negative_ttl);
  static DnsAnswer servfail();

  // Inline: CoreDNS's walk asks it for every answer it hands out (millions per hour).
  ResponseKind kind() const {
    switch (rcode) {
      case Rcode::kNoError:
        return addresses.empty() ? ResponseKind::kNoData : ResponseKind::kAnswer;
      case Rcode::kServFail:
        return ResponseKind::kServFail;
      case Rcode::kNxDomain:
        return ResponseKind::kNxDomain;
      case Rcode::kRefused:
        return ResponseKind::kRefused;
    }
    return ResponseKind::kServFail;
  }
  bool operator==(const DnsAnswer&) const = default;
};

// Lowercases ASCII letters and drops one trailing dot: "Gitlab.Cloudopz.Co." →
// "gitlab.cloudopz.co".
std::string normalize_name(std::string_view name);
// The name as CoreDNS prints it in logs (request.Request.Name()): with the trailing dot.
std::string fqdn(std::string_view name);
// Whether `name` is `zone` or below it, label-wise ("a.cluster.local" is in "cluster.local",
// "acluster.local" is not). Both normalized.
bool is_in_zone(std::string_view name, std::string_view zone);
// "10-0-1-5" → 10.0.1.5: the dashed form of an IPv4 address used by pod names and by node names
// ("ip-10-0-1-5"). Exactly three dashes and four decimal octets without leading zeros (Go's
// net.ParseIP, which CoreDNS uses, has refused leading zeros since Go 1.17).
std::optional<net::Ipv4> parse_dashed_ipv4(std::string_view label);

// An interned, normalized name. Ids are dense and never reused, so a model may index by them.
using NameId = uint32_t;

class NameTable {
 public:
  NameTable() = default;
  NameTable(const NameTable&) = delete;
  NameTable& operator=(const NameTable&) = delete;

  // Normalizes `name` and returns its id, adding it on first sight.
  NameId intern(std::string_view name);
  // The id of the normalized `name` if it was interned.
  std::optional<NameId> find(std::string_view name) const;
  std::string_view text(NameId id) const { return *texts_[id]; }
  // wire_name_length(text(id)), kept in a dense array: sizing every answer read the text from
  // the map's node and its heap, a cache miss or two per exchange (perf, the 5,000-node hour).
  size_t wire_length(NameId id) const { return wire_lengths_[id]; }
  size_t size() const { return texts_.size(); }

 private:
  // Lookup only, never iterated; node keys are stable, so texts_ may point into them.
  std::unordered_map<std::string, NameId> ids_;
  std::vector<const std::string*> texts_;
  std::vector<uint32_t> wire_lengths_;
};

}  // namespace ekssim::dns
