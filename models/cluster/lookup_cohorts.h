#pragma once
// Many identical lookups run as one: `count` pods of a workload on equivalent nodes look up the
// same name with the same resolv.conf, so their resolver state machines (dns::Lookup) differ only
// in how each exchange ended. The walk keeps a cohort per distinct history: at each exchange the
// caller splits the cohort's members by outcome (which endpoint kube-proxy picked, whether the
// path let the query through, what CoreDNS answered), and each part goes on as its own cohort.
// The cost is O(distinct outcomes × exchanges), not O(count × exchanges).
//
// glibc keeps the socket of a candidate's first try for its retries (resolv/res_send.c keeps
// EXT(statp).nssocks open until the query ends), so retries carry the same source port, match the
// same conntrack entry and reach the endpoint kube-proxy picked for the first try; a new
// candidate opens a new socket and kube-proxy picks again. Each cohort remembers its pick.

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "models/dns/resolver.h"
#include "models/dns/resolver_config.h"
#include "models/dns/resolver_lookup.h"
#include "models/net/ipv4.h"
#include "sim/time.h"

namespace ekssim::cluster {

inline constexpr uint32_t kNoPick = ~uint32_t{0};

// One exchange for the members of a cohort.
struct ExchangeRequest {
  std::string_view wire_name;  // the candidate's name with its trailing dot
  size_t candidate = 0;        // index into the lookup's candidates
  net::Ipv4 server;            // the nameserver of resolv.conf
  sim::Duration sent;          // since the lookup started
  sim::Duration timeout;
  uint32_t pick = kNoPick;  // the endpoint an earlier try of this candidate went to
  int64_t count = 0;
  // A and AAAA leave together from one socket (dns::Lookup::pair_on_one_socket): the two
  // packets can race each other through conntrack.
  bool same_socket_pair = false;
  // The UDP payload the query's EDNS0 OPT record advertises; 0 for none (dns/message_size.h).
  uint16_t udp_payload = 0;
  // How long the client tries to open a TCP connection after a truncated reply.
  sim::Duration tcp_give_up{};
};

// Some members of a cohort and how their exchange ended.
struct ExchangeShare {
  int64_t count = 0;
  dns::ExchangeResult result;
  uint32_t pick = kNoPick;  // the endpoint that took them (kept for the candidate's retries)
  uint32_t cause = 0;       // the caller's number for why it failed; 0: no failure
};

using AnswerExchange =
    std::function<void(const ExchangeRequest& request, std::vector<ExchangeShare>& shares)>;

struct CohortResult {
  int64_t count = 0;
  dns::LookupResult result;
  uint32_t cause = 0;  // the cause of the last failed exchange
};

// What the members bring to their lookups (dns::LookupStart), as counts: member k (0 ≤ k <
// count) starts at nameserver offset `rotation + k` (glibc's and Go's rotate counters advance
// with every query a process sends, so over many lookups a pod's offsets spread evenly over the
// nameservers), and the first `single_request` members' threads are in glibc's single-request
// mode already.
struct CohortStart {
  uint64_t rotation = 0;
  int64_t single_request = 0;
};

// Runs `count` lookups of `name`; the shares the callback returns must sum to the request's count.
std::vector<CohortResult> run_lookup_cohorts(dns::ResolverKind kind, std::string_view name,
                                             const dns::ResolverConfig& config, int64_t count,
                                             const AnswerExchange& answer,
                                             const CohortStart& start = {});

}  // namespace ekssim::cluster
