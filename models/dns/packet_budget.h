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
// so this counts the packets of each whole second of virtual time, [s, s + 1 s), against 1024:
// at most 1024 pass in any second, and batches that cover overlapping intervals may be charged
// in any order. The price is the usual one of fixed windows: up to 2048 packets can pass in a
// one-second span that straddles a boundary (the same bound as a full one-second bucket).
//
// Which packets of an overloaded second pass. Callers charge a second before it happens (a
// lookup batch charges the seconds it spreads over; CoreDNS charges a retry 2 s ahead when it
// sends the first try), so "first charged, first admitted" would favour whatever the simulation
// happens to process first — retries over new queries, which keeps every retry alive and turns
// an overload into latency instead of the failures users see. AWS does not say how its limiter
// picks; a rate limiter under sustained overload passes each packet with the same chance. So
// with the caller's clock (`now`), a second is charged a fair share: each packet passes with
// chance 1024 / offered, the offered load estimated as the larger of the second's own so far and
// the last whole second before `now` (a steady overload's best guess). Shares are handed out by
// error diffusion (the running offered count times the share, floored), so they interleave
// without a random draw. Without `now` (or while the last whole second was within the limit) a
// second admits first come, first served, as before. Either way at most 1024 pass per second;
// when the offered load falls from one second to the next, a second admits that much fewer than
// 1024 (it admits offered × 1024 / the previous second's offered).
#include <cstdint>
#include <deque>
#include <optional>

#include "sim/time.h"

namespace ekssim::dns {

class PacketBudget {
 public:
  static constexpr int64_t kRoute53ResolverPacketsPerSecond = 1024;
  static constexpr int64_t kRetainedSeconds = 300;

  explicit PacketBudget(int64_t packets_per_second = kRoute53ResolverPacketsPerSecond);

  // Admits as many of `packets` packets sent in the second that holds `at` as that second has
  // room for; returns how many were admitted (the rest are dropped). With `now`, the caller's
  // clock, an overloaded second is shared fairly (above). Requires retains(at) (std::logic_error
  // otherwise: a caller's bug).
  int64_t admit(sim::Time at, int64_t packets, std::optional<sim::Time> now = std::nullopt);
  // `packets` packets sent evenly over [start, start + span) — the k-th at
  // start + ⌊span·k / packets⌋ — admitted second by second; returns how many were admitted.
  int64_t admit_spread(sim::Time start, sim::Duration span, int64_t packets,
                       std::optional<sim::Time> now = std::nullopt);
  // Room left in the second that holds `at`.
  int64_t remaining(sim::Time at) const;
  // Whether the second holding `at` is still counted (not older than kRetainedSeconds before the
  // newest second charged).
  bool retains(sim::Time at) const;

  int64_t packets_per_second() const { return limit_; }
  int64_t admitted_total() const { return admitted_total_; }
  int64_t dropped_total() const { return dropped_total_; }
  // The busiest second: the packets offered in it and when it began.
  int64_t peak_offered() const { return peak_offered_; }
  sim::Time peak_second() const { return peak_second_; }

 private:
  struct Second {
    int32_t offered = 0;
    int32_t admitted = 0;
  };
  static int64_t second_of(sim::Time at) { return at.nanoseconds() / 1'000'000'000; }
  Second& second(int64_t index);
  // The packets offered in the second `index` (0 when it is not retained).
  int64_t offered_in(int64_t index) const;

  int64_t limit_;
  int64_t first_second_ = 0;  // the second seconds_[0] counts
  std::deque<Second> seconds_;
  int64_t admitted_total_ = 0;
  int64_t dropped_total_ = 0;
  int64_t peak_offered_ = 0;
  sim::Time peak_second_;
};

}  // namespace ekssim::dns
