#include "models/dns/packet_budget.h"

#include <algorithm>
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

int32_t& PacketBudget::used(int64_t second) {
  if (used_.empty()) first_second_ = second;
  // retains() holds, so the front grows only within the retained span.
  while (second < first_second_) {
    used_.push_front(0);
    --first_second_;
  }
  while (second >= first_second_ + static_cast<int64_t>(used_.size()))
    used_.push_back(0);
  while (static_cast<int64_t>(used_.size()) > kRetainedSeconds) {
    used_.pop_front();
    ++first_second_;
  }
  return used_[static_cast<size_t>(second - first_second_)];
}

int64_t PacketBudget::admit(sim::Time at, int64_t packets) {
  if (packets <= 0) return 0;
  if (!retains(at)) {
    throw std::logic_error("PacketBudget: second " + std::to_string(second_of(at)) +
                           " is older than the retained " + std::to_string(kRetainedSeconds) +
                           " s");
  }
  int32_t& count = used(second_of(at));
  const int64_t admitted = std::min<int64_t>(packets, std::max<int64_t>(0, limit_ - count));
  count += static_cast<int32_t>(admitted);
  admitted_total_ += admitted;
  dropped_total_ += packets - admitted;
  return admitted;
}

int64_t PacketBudget::admit_spread(sim::Time start, sim::Duration span, int64_t packets) {
  if (packets <= 0) return 0;
  if (span <= sim::Duration::zero()) return admit(start, packets);
  int64_t admitted = 0;
  int64_t sent = 0;
  for (int64_t second = second_of(start); sent < packets; ++second) {
    const sim::Time end = sim::Time::at(sim::Duration::nanoseconds((second + 1) * kSecond));
    const int64_t upto = sent_before(start, span, packets, end);
    admitted += admit(sim::Time::at(sim::Duration::nanoseconds(second * kSecond)), upto - sent);
    sent = upto;
  }
  return admitted;
}

int64_t PacketBudget::remaining(sim::Time at) const {
  const int64_t second = second_of(at);
  const int64_t index = second - first_second_;
  if (used_.empty() || index < 0 || index >= static_cast<int64_t>(used_.size())) return limit_;
  return std::max<int64_t>(0, limit_ - used_[static_cast<size_t>(index)]);
}

bool PacketBudget::retains(sim::Time at) const {
  if (used_.empty()) return true;
  const int64_t newest = first_second_ + static_cast<int64_t>(used_.size()) - 1;
  return second_of(at) > newest - kRetainedSeconds;
}

}  // namespace ekssim::dns
