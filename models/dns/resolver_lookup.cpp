#include "models/dns/resolver_lookup.h"

#include <algorithm>

namespace ekssim::dns {

namespace {

// dig's defaults (bin/dig/dighost.c): UDP_TIMEOUT 5 s and +tries=3.
constexpr sim::Duration kDigTimeout = sim::Duration::seconds(5);
constexpr int kDigTries = 3;

bool is_response(Reply reply) {
  return reply == Reply::kAnswer || reply == Reply::kNoData || reply == Reply::kNxdomain;
}

}  // namespace

Lookup::Lookup(ResolverKind kind, std::string_view name, const ResolverConfig& config,
               LookupStart start)
    : kind_(kind),
      config_(config),
      candidates_(dns::candidates(kind, name, config)),
      rotation_(start.rotation),
      switched_to_single_request_(kind == ResolverKind::kGlibc && start.single_request) {
  if (candidates_.empty()) {
    // Go refuses a name too long to be a domain name: "no such host", nothing sent.
    finish(false, Reply::kNxdomain, 0);
  } else if (config_.nameservers().empty()) {
    // glibc and Go then query 127.0.0.1:53, where nothing listens in a pod.
    finish(false, Reply::kUnreachable, 0);
  } else if (tries_per_server() <= 0) {
    // glibc's try loop (res_send.c __res_context_send) runs `retry` times: none for attempts:0,
    // so nothing is sent and errno is ECONNREFUSED, which ends the search at once (res_query.c).
    result_.candidates_tried = 1;
    finish(false, Reply::kUnreachable, 0);
  } else {
    start_candidate(0);
  }
}

const ResolverOptions& Lookup::options() const {
  return kind_ == ResolverKind::kGo ? config_.go_options() : config_.options();
}

uint8_t Lookup::server_at(uint8_t shift) const {
  const auto servers = static_cast<uint32_t>(config_.nameservers().size());
  if (kind_ == ResolverKind::kDig || !options().rotate || servers <= 1) return shift;
  return static_cast<uint8_t>((shift + rotation_) % servers);
}

void Lookup::start_candidate(size_t index) {
  if (index > 0) {
    // A new query: with rotate, glibc takes the counter's next step for it, Go two (A and AAAA).
    rotation_ += kind_ == ResolverKind::kGo ? 2 : 1;
  }
  shift_ = 0;
  const uint8_t server = server_at(0);
  next_ = Exchange{static_cast<uint8_t>(index), server, 0, wait_for(server)};
  result_.candidates_tried = static_cast<int>(index) + 1;
  reached_ = false;
  tcp_attempt_failed_ = false;  // each query is its own __res_context_send
}

sim::Duration Lookup::wait_for(uint8_t server) const {
  switch (kind_) {
    case ResolverKind::kGlibc: {
      // send_dg: retrans << ns, divided among the servers after the first, at least 1 s.
      const int64_t servers = static_cast<int64_t>(config_.nameservers().size());
      int64_t seconds = options().timeout.whole_seconds() << server;
      if (server > 0) seconds /= servers;
      return sim::Duration::seconds(std::max<int64_t>(seconds, 1));
    }
    case ResolverKind::kGo:
      return options().timeout;
    case ResolverKind::kDig:
      break;
  }
  return kDigTimeout;
}

int Lookup::tries_per_server() const {
  return kind_ == ResolverKind::kDig ? kDigTries : options().attempts;
}

bool Lookup::next_exchange() {
  // Worked out on a copy: when the candidate has no exchange left, next_ stays the last one made,
  // so that finish() reports the nameserver that exchange went to. (Stepping next_ itself left
  // dig's server one past the end, read out of bounds by failure_message, issue 16.)
  const auto servers = static_cast<uint8_t>(config_.nameservers().size());
  const auto tries = static_cast<uint8_t>(tries_per_server());
  Exchange following = next_;
  if (kind_ == ResolverKind::kDig) {
    // dig retries one server before it moves on to the next.
    if (++following.attempt == tries) {
      following.attempt = 0;
      if (++following.server == servers) return false;
    }
  } else {
    // The stub resolvers go round the servers once per try, from the candidate's offset.
    uint8_t shift = shift_;
    if (++shift == servers) {
      shift = 0;
      if (++following.attempt == tries || tcp_attempt_failed_) return false;
    }
    shift_ = shift;
    following.server = server_at(shift);
  }
  following.timeout = wait_for(following.server);
  next_ = following;
  return true;
}

bool Lookup::pair_on_one_socket() const {
  const ResolverOptions& o = options();
  return kind_ == ResolverKind::kGlibc && !o.single_request && !o.single_request_reopen &&
         !switched_to_single_request_;
}

void Lookup::account(const ExchangeResult& result) {
  const ResolverOptions& options = this->options();
  const bool pair = kind_ != ResolverKind::kDig;
  // One after the other: glibc's single-request modes (set, or switched to after a lost reply),
  // or Go's singleRequest (a whole A lookup, then a whole AAAA lookup, which takes twice as long
  // when both fare the same).
  const bool sequential = pair && (options.single_request || options.single_request_reopen ||
                                   switched_to_single_request_);
  const sim::Duration wait = next_.timeout;
  if (result.reply == Reply::kTimeout && result.over_tcp && kind_ == ResolverKind::kGlibc) {
    // The UDP queries were answered (truncated); the TCP connection never came up, and glibc's
    // connect() waited as long as the kernel retried its SYN.
    result_.queries += pair ? 2 : 1;
    result_.elapsed += result.latency;
    tcp_attempt_failed_ = true;
    return;
  }
  if (result.reply == Reply::kTimeout) {
    const bool glibc_stops_after_a = sequential && kind_ == ResolverKind::kGlibc;
    result_.queries += !pair || glibc_stops_after_a ? 1 : 2;
    result_.elapsed += sequential && kind_ == ResolverKind::kGo ? wait * 2 : wait;
    return;
  }
  result_.queries += pair ? 2 : 1;
  result_.elapsed += sequential ? result.latency * 2 : result.latency;
  if (pair && result.one_reply_lost && is_response(result.reply)) {
    // The missing reply is waited for until the timeout. glibc then resends both queries, one
    // at a time (send_dg's switch to RES_SNGLKUP); Go retries only the lost query type.
    if (kind_ == ResolverKind::kGlibc) {
      result_.queries += 2;
      result_.elapsed += wait - result.latency + result.latency * 2;
      switched_to_single_request_ = true;
    } else {
      result_.queries += 1;
      result_.elapsed += wait;
    }
  }
}

void Lookup::complete(const ExchangeResult& result) {
  account(result);
  const Reply reply = result.reply;
  if (kind_ == ResolverKind::kDig) {
    // Any reply ends dig, SERVFAIL included (+nofail); so does an ICMP error.
    if (reply != Reply::kTimeout) {
      finish(reply == Reply::kAnswer, reply, next_.server);
    } else if (!next_exchange()) {
      finish(false, Reply::kTimeout, next_.server);
    }
    return;
  }
  if (is_response(reply)) {
    buffer_servfail_ = false;
    end_candidate(reply, false);
    return;
  }
  if (reply == Reply::kServfail || reply == Reply::kRefused)
    buffer_servfail_ = reply == Reply::kServfail;
  if (reply != Reply::kUnreachable) reached_ = true;
  last_failure_ = reply;
  if (!next_exchange()) end_candidate(last_failure_, true);
}

void Lookup::end_candidate(Reply reply, bool failed) {
  if (!failed && reply == Reply::kAnswer) {
    result_.answered_candidate = next_.candidate;
    finish(true, Reply::kAnswer, next_.server);
  } else if (kind_ == ResolverKind::kGlibc) {
    end_glibc_candidate(reply, failed);
  } else {
    end_go_candidate(reply, failed);
  }
}

void Lookup::end_glibc_candidate(Reply reply, bool failed) {
  // A failure where no server was reached (ICMP errors only) is errno ECONNREFUSED.
  const Reply cause = failed && !reached_ ? Reply::kUnreachable : reply;
  last_cause_ = cause;
  switch (candidates_[next_.candidate].kind) {
    case CandidateKind::kAsIsFirst:
      // With a trailing dot this was the only candidate; otherwise the search list follows,
      // whatever the error.
      tried_as_is_ = true;
      saved_error_ = true;
      saved_cause_ = cause;
      return go_on_or_finish();
    case CandidateKind::kAsIsLast:
      return finish_glibc();
    case CandidateKind::kSearch:
      break;
  }
  if (cause == Reply::kUnreachable) {
    // "If no server present, give up": no as-is attempt, try-again whatever came before.
    return finish(false, Reply::kUnreachable, next_.server);
  }
  if (!failed) {
    got_nodata_ = got_nodata_ || reply == Reply::kNoData;
    return go_on_or_finish();
  }
  if (buffer_servfail_) {
    got_servfail_ = true;
    return go_on_or_finish();
  }
  // Any other failure stops the search list; the name as given is still tried.
  const size_t last = candidates_.size() - 1;
  if (candidates_[last].kind == CandidateKind::kAsIsLast && !tried_as_is_) {
    return start_candidate(last);
  }
  finish_glibc();
}

void Lookup::go_on_or_finish() {
  const size_t following = next_.candidate + 1u;
  if (following < candidates_.size()) return start_candidate(following);
  finish_glibc();
}

// res_query.c: the first as-is error if there was one, else no-data if any candidate had no
// data, else try-again after a SERVFAIL, else the last candidate's error.
void Lookup::finish_glibc() {
  Reply final = last_cause_;
  if (saved_error_) {
    final = saved_cause_;
  } else if (got_nodata_) {
    final = Reply::kNoData;
  } else if (got_servfail_) {
    final = Reply::kServfail;
  }
  finish(false, final, next_.server);
}

void Lookup::end_go_candidate(Reply reply, bool failed) {
  const Reply error = failed ? last_failure_ : reply;
  // "Prefer error for original name": the first error, unless the as-is name fails too.
  if (!have_error_ || candidates_[next_.candidate].as_is()) {
    have_error_ = true;
    go_error_ = error;
    go_error_server_ = next_.server;
  }
  const size_t following = next_.candidate + 1u;
  if (following < candidates_.size()) {
    start_candidate(following);
  } else {
    finish(false, go_error_, go_error_server_);
  }
}

void Lookup::finish(bool resolved, Reply cause, uint8_t server) {
  done_ = true;
  result_.single_request = switched_to_single_request_;
  result_.resolved = resolved;
  result_.cause = cause;
  result_.last_server = server;
}

LookupResult evaluate_lookup(ResolverKind kind, std::string_view name, const ResolverConfig& config,
                             std::span<const ExchangeResult> outcomes, LookupStart start) {
  Lookup lookup(kind, name, config, start);
  while (!lookup.done()) {
    const size_t candidate = std::min<size_t>(lookup.next().candidate, outcomes.size() - 1);
    lookup.complete(outcomes[candidate]);
  }
  return lookup.result();
}

}  // namespace ekssim::dns
