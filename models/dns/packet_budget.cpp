#include "models/dns/packet_budget.h"

#include <algorithm>
#include <climits>
#include <stdexcept>
#include <string>

namespace ekssim::dns {

namespace {
constexpr int64_t kSecond = 1'000'000'000;

// How many of `packets` packets spread as admit_spread describes are sent before `x`.
int64_t sent_before(sim::Time start, sim::Duration span, int64_t packets, sim::Time x) {
  if (x <= start) return 0;
  if (span <= sim::Duration::zero()) return packets;
  const __int128 elapsed = (x - start).nanoseconds();
  const __int128 k = (elapsed * packets + span.nanoseconds() - 1) / span.nanoseconds();
  return static_cast<int64_t>(std::min<__int128>(k, packets));
}
}  // namespace

PacketBudget::PacketBudget(int64_t packets_per_second) : limit_(packets_per_second) {}

PacketBudget::Second& PacketBudget::second(int64_t index) {
  if (seconds_.empty()) first_second_ = index;
  // retains() holds, so the front grows only within the retained span.
  while (index < first_second_) {
    seconds_.push_front({});
    --first_second_;
  }
  while (index >= first_second_ + static_cast<int64_t>(seconds_.size()))
    seconds_.push_back({});
  while (static_cast<int64_t>(seconds_.size()) > kRetainedSeconds) {
    seconds_.pop_front();
    ++first_second_;
  }
  return seconds_[static_cast<size_t>(index - first_second_)];
}

int64_t PacketBudget::offered_in(int64_t index) const {
  const int64_t i = index - first_second_;
  if (i < 0 || i >= static_cast<int64_t>(seconds_.size())) return 0;
  return seconds_[static_cast<size_t>(i)].offered;
}

int64_t PacketBudget::admit(sim::Time at, int64_t packets, std::optional<sim::Time> now) {
  if (packets <= 0) return 0;
  if (!retains(at)) {
    throw std::logic_error("PacketBudget: second " + std::to_string(second_of(at)) +
                           " is older than the retained " + std::to_string(kRetainedSeconds) +
                           " s");
  }
  const int64_t last_whole = now ? offered_in(second_of(*now) - 1) : 0;
  Second& s = second(second_of(at));
  const int64_t offered = s.offered + packets;
  // The share: offered × limit / max(limit, estimate), never past the limit; with an estimate
  // no larger than the offered count this is first come, first served.
  const int64_t estimate = std::max({limit_, offered, last_whole});
  const int64_t target = std::min<int64_t>(
      limit_, static_cast<int64_t>(static_cast<__int128>(offered) * limit_ / estimate));
  const int64_t admitted = std::clamp<int64_t>(target - s.admitted, 0, packets);
  s.offered = static_cast<int32_t>(std::min<int64_t>(offered, INT32_MAX));
  s.admitted += static_cast<int32_t>(admitted);
  admitted_total_ += admitted;
  dropped_total_ += packets - admitted;
  if (s.offered > peak_offered_) {
    peak_offered_ = s.offered;
    peak_second_ = sim::Time::at(sim::Duration::nanoseconds(second_of(at) * kSecond));
  }
  return admitted;
}

int64_t PacketBudget::admit_spread(sim::Time start, sim::Duration span, int64_t packets,
                                   std::optional<sim::Time> now) {
  if (packets <= 0) return 0;
  if (span <= sim::Duration::zero()) return admit(start, packets, now);
  int64_t admitted = 0;
  int64_t sent = 0;
  for (int64_t second = second_of(start); sent < packets; ++second) {
    const sim::Time end = sim::Time::at(sim::Duration::nanoseconds((second + 1) * kSecond));
    const int64_t upto = sent_before(start, span, packets, end);
    admitted +=
        admit(sim::Time::at(sim::Duration::nanoseconds(second * kSecond)), upto - sent, now);
    sent = upto;
  }
  return admitted;
}

int64_t PacketBudget::remaining(sim::Time at) const {
  const int64_t index = second_of(at) - first_second_;
  if (seconds_.empty() || index < 0 || index >= static_cast<int64_t>(seconds_.size()))
    return limit_;
  return std::max<int64_t>(0, limit_ - seconds_[static_cast<size_t>(index)].admitted);
}

bool PacketBudget::retains(sim::Time at) const {
  if (seconds_.empty()) return true;
  const int64_t newest = first_second_ + static_cast<int64_t>(seconds_.size()) - 1;
  return second_of(at) > newest - kRetainedSeconds;
}

}  // namespace ekssim::dns
