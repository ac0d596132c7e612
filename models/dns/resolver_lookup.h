#pragma once
// One name lookup by a stub resolver, as a pure state machine: it says which exchange to make
// next (candidate, nameserver, try, how long it will wait), is told how the exchange ended, and
// finally gives the result, the queries sent and the virtual time spent. Nothing here touches
// the network or the clock: a caller drives it, on the simulator's clock ("send now, complete
// after the latency or the timeout") or all at once with evaluate_lookup().
//
// One exchange is one send to one nameserver:
// - glibc getaddrinfo (resolv/res_send.c __res_context_send, send_dg): A and AAAA together on
//   one socket (one after the other with single-request). A reply of SERVFAIL or REFUSED moves
//   on to the next nameserver and try, like a timeout; the wait is timeout << server / servers
//   (5 s with one nameserver); an ICMP error ends the try at once. If one of the two replies
//   never comes, glibc waits out the timeout and resends both one at a time (the 5 s stall of
//   the conntrack race).
// - The candidates (res_query.c __res_context_search): NXDOMAIN and no-data go on to the next
//   search domain, so does a failure whose last reply was SERVFAIL; a failure where no server
//   could be reached (ICMP errors only) ends the lookup at once; any other failure (timeouts,
//   REFUSED) stops the search list but still tries the name as given. The final error is the
//   first as-is attempt's, else no-data if any candidate had no data, else try-again after a
//   SERVFAIL, else the last one's.
// - Go (net/dnsclient_unix.go tryOneName, goLookupIPCNAMEOrder): A and AAAA as two parallel
//   exchanges, each trying every nameserver `attempts` times, timeout each; NXDOMAIN and
//   no-data end a candidate, anything else is retried; every candidate is tried whatever the
//   error (StrictErrors off), and the error kept is the first one, or the as-is name's.
// - dig: one A query, 3 tries of 5 s per nameserver (dig's +tries/+timeout defaults, not
//   resolv.conf's); any reply, even SERVFAIL, ends it (+nofail); an ICMP error ends it.
// - Options as each resolver reads them (resolver_options.h). glibc with attempts of 0 or less
//   sends nothing: the lookup fails at once as if no server could be reached (ECONNREFUSED,
//   "try again"). With `rotate` and several nameservers, each query starts at the next server
//   (glibc res_send.c nameserver_offset: one step per __res_context_send, so per candidate,
//   from a per-process counter; Go dnsclient_unix.go serverOffset: one step per query type, so
//   two per candidate); LookupStart::rotation is where the counter stands at the lookup's first
//   query. glibc's wait grows with the server's index in resolv.conf, not its turn (send_dg's
//   retrans << ns).
// - glibc's switch to one query at a time after a lost reply (send_dg sets RES_F_SNGLKUP in
//   statp->_flags) lasts as long as the thread's resolver state: later lookups of that thread
//   start in it (LookupStart::single_request) and LookupResult::single_request says whether the
//   thread is in it afterwards. Go and dig keep no such state (Go resends the lost query type
//   only; dig is one process per lookup).
// - A truncated UDP reply (TC) is asked again over TCP, from the same server (glibc send_dg sets
//   v_circuit and __res_context_send goes to send_vc; Go's exchange moves on from "udp" to
//   "tcp"). When the TCP connection cannot be made, glibc's blocking connect() waits for the
//   kernel to give up, and makes at most one TCP attempt per server: no further tries follow
//   (__res_context_send sets tries = retry); Go's dial shares the exchange's deadline, so it
//   fails as a timeout and the next try follows as usual.
// Simplifications: each exchange's outcome applies to both A and AAAA (with Go's rotate, the
// AAAA query's server is not the A query's: the exchange stands for the A query's); `use-vc`
// (TCP from the start) is not modelled; after a TCP failure glibc asks the remaining servers
// over TCP at once (v_circuit stays set), which the model still does UDP first.

#include <cstdint>
#include <span>
#include <string_view>

#include "models/dns/resolver.h"
#include "models/dns/resolver_config.h"
#include "sim/time.h"

namespace ekssim::dns {

// How one exchange ended.
enum class Reply : uint8_t {
  kAnswer,      // NOERROR with addresses
  kNoData,      // NOERROR without addresses (e.g. AAAA for an IPv4-only name)
  kNxdomain,    // the name does not exist
  kServfail,    // SERVFAIL (CoreDNS could not reach its upstream)
  kRefused,     // REFUSED (CoreDNS max_concurrent)
  kTimeout,     // nothing came back (dropped on the way)
  kUnreachable  // ICMP port unreachable (kube-proxy REJECT: the service has no endpoints)
};

struct ExchangeResult {
  Reply reply = Reply::kAnswer;
  sim::Duration latency;        // until the reply or the ICMP error; unused for kTimeout
  bool one_reply_lost = false;  // kAnswer/kNoData/kNxdomain: one of A and AAAA was lost
  // The UDP reply came truncated (TC) and the exchange went on over TCP (message_size.h):
  // `latency` is then the whole exchange, the UDP round trip, the TCP handshake and the TCP
  // query, or with kTimeout how long until the TCP connection gave up.
  bool over_tcp = false;
};

struct Exchange {
  uint8_t candidate = 0;  // index into Lookup::candidates()
  uint8_t server = 0;     // index into ResolverConfig::nameservers()
  uint8_t attempt = 0;
  sim::Duration timeout;  // how long the resolver waits for this exchange
};

struct LookupResult {
  bool resolved = false;
  int answered_candidate = -1;  // resolved: the candidate that answered
  // Not resolved: the kind of reply the reported error stands for. glibc reports NXDOMAIN as
  // "not found", no-data as "no address", and the rest (kTimeout, kServfail, kRefused,
  // kUnreachable) as "try again"; failure_message() spells each resolver's text.
  Reply cause = Reply::kAnswer;
  uint8_t last_server = 0;  // the nameserver of the exchange behind `cause`, < nameservers()
  int candidates_tried = 0;
  int64_t queries = 0;  // DNS queries sent (A and AAAA count one each)
  sim::Duration elapsed;
  // glibc: the thread's resolver state is in single-request mode after the lookup (it started
  // so, or a reply was lost); later lookups of the thread start in it.
  bool single_request = false;
};

// What a lookup inherits from the process and thread that make it.
struct LookupStart {
  uint32_t rotation = 0;        // with `rotate`: the nameserver offset of the first query
  bool single_request = false;  // glibc: the thread switched to single-request earlier
};

// `config` must outlive the lookup; the name is only read by the constructor.
class Lookup {
 public:
  Lookup(ResolverKind kind, std::string_view name, const ResolverConfig& config,
         LookupStart start = {});

  const CandidateList& candidates() const { return candidates_; }
  bool done() const { return done_; }
  // The exchange to make now. Requires !done().
  const Exchange& next() const { return next_; }
  // How next() ended; the machine moves on. Requires !done().
  void complete(const ExchangeResult& result);
  // Requires done().
  const LookupResult& result() const { return result_; }
  // Whether next() sends A and AAAA together from one socket, so that the two can race each
  // other through conntrack: glibc, unless single-request is set or it switched to it.
  bool pair_on_one_socket() const;

 private:
  void start_candidate(size_t index);
  // Moves next_ to the following server or try; false, leaving next_ as the last exchange made,
  // when the candidate has none left.
  bool next_exchange();
  void account(const ExchangeResult& result);
  // The candidate is over: answered (kAnswer), negative (kNoData, kNxdomain), or failed.
  void end_candidate(Reply reply, bool failed);
  void end_glibc_candidate(Reply reply, bool failed);
  void end_go_candidate(Reply reply, bool failed);
  void go_on_or_finish();
  void finish_glibc();
  void finish(bool resolved, Reply cause, uint8_t server);
  sim::Duration wait_for(uint8_t server) const;
  int tries_per_server() const;
  const ResolverOptions& options() const;
  // The nameserver a query takes on its `shift`-th turn round the list.
  uint8_t server_at(uint8_t shift) const;

  ResolverKind kind_;
  const ResolverConfig& config_;
  CandidateList candidates_;
  Exchange next_;
  uint8_t shift_ = 0;      // next_'s turn round the nameservers
  uint32_t rotation_ = 0;  // the current candidate's nameserver offset (rotate)
  LookupResult result_;
  bool done_ = false;
  // The current candidate's exchanges so far.
  bool reached_ = false;  // a server replied or timed out (glibc's gotsomewhere)
  Reply last_failure_ = Reply::kTimeout;
  // glibc's search state (__res_context_search).
  bool tried_as_is_ = false;
  bool saved_error_ = false;  // the first as-is attempt failed: its error is the one reported
  Reply saved_cause_ = Reply::kTimeout;
  bool got_nodata_ = false;
  bool got_servfail_ = false;
  Reply last_cause_ = Reply::kTimeout;  // the last candidate's error
  bool buffer_servfail_ = false;        // the answer buffer holds a SERVFAIL reply
  // glibc lost one reply of a pair and sends one query at a time from then on (send_dg sets
  // RES_SNGLKUP in statp->options).
  bool switched_to_single_request_ = false;
  // glibc made a TCP attempt that failed: no further tries (tries = retry).
  bool tcp_attempt_failed_ = false;
  // Go's kept error (goLookupIPCNAMEOrder's lastErr).
  bool have_error_ = false;
  Reply go_error_ = Reply::kTimeout;
  uint8_t go_error_server_ = 0;
};

// Drives a Lookup to the end, every exchange of candidate i ending as outcomes[i] (the last
// outcome repeats for candidates beyond the span, which must not be empty).
LookupResult evaluate_lookup(ResolverKind kind, std::string_view name, const ResolverConfig& config,
                             std::span<const ExchangeResult> outcomes, LookupStart start = {});

}  // namespace ekssim::dns
