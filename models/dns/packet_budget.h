#pragma once
// The Route 53 Resolver's packet limit for one network interface: at most 1024 packets per
// second to the Amazon-provided DNS server (VPC base + 2 and 169.254.169.253); the quota cannot
// be raised and packets above it are dropped, unseen by Flow Logs and query logs (AWS whitepaper
// "Hybrid Cloud DNS Options for Amazon VPC", Constraints; knowledge-center article
// "vpc-find-cause-of-failed-dns-queries"; ../shared/reference/dataplane.md §b).
//
// Why a per-second count and not models/aws/token_bucket.h (which dns may not include anyway):
// a token bucket holding one second of tokens lets 2048 packets through in a second that follows
// a quiet one, and it needs its callers to arrive in time order. AWS states the limit per second,
// so this counts the packets of each whole second of virtual time, [s, s + 1 s), against 1024.
// 1,500 packets in one second give exactly 476 drops however they are spread inside it, and
// batches that cover overlapping intervals may be charged in any order: the total admitted in a
// second is min(offered, 1024) whatever the order, only which caller's packets were the dropped
// ones depends on it. The price is the usual one of fixed windows: up to 2048 packets can pass in
// a one-second span that straddles a boundary (the same bound as a full one-second bucket).
//
// Memory: one 32-bit counter per second over the last kRetainedSeconds seconds. Charging a second
// older than that is a caller's bug; retains() lets the owner check it first (VpcResolver does,
// and stops the run with the virtual time and component).

#include <cstdint>
#include <deque>

#include "sim/time.h"

namespace ekssim::dns {

class PacketBudget {
 public:
  static constexpr int64_t kRoute53ResolverPacketsPerSecond = 1024;
  static constexpr int64_t kRetainedSeconds = 300;

  explicit PacketBudget(int64_t packets_per_second = kRoute53ResolverPacketsPerSecond);

  // Admits as many of `packets` packets sent in the second that holds `at` as that second has
  // room for; returns how many were admitted (the rest are dropped). Requires retains(at)
  // (std::logic_error otherwise: a caller's bug).
  int64_t admit(sim::Time at, int64_t packets);
  // `packets` packets sent evenly over [start, start + span) — the k-th at
  // start + ⌊span·k / packets⌋ — admitted second by second; returns how many were admitted.
  int64_t admit_spread(sim::Time start, sim::Duration span, int64_t packets);
  // Room left in the second that holds `at`.
  int64_t remaining(sim::Time at) const;
  // Whether the second holding `at` is still counted (not older than kRetainedSeconds before the
  // newest second charged).
  bool retains(sim::Time at) const;

  int64_t packets_per_second() const { return limit_; }
  int64_t admitted_total() const { return admitted_total_; }
  int64_t dropped_total() const { return dropped_total_; }

 private:
  static int64_t second_of(sim::Time at) { return at.nanoseconds() / 1'000'000'000; }
  int32_t& used(int64_t second);

  int64_t limit_;
  int64_t first_second_ = 0;  // the second used_[0] counts
  std::deque<int32_t> used_;
  int64_t admitted_total_ = 0;
  int64_t dropped_total_ = 0;
};

}  // namespace ekssim::dns
