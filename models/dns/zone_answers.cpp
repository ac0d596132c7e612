#include "models/dns/zone_answers.h"

#include <algorithm>
#include <cstddef>

namespace ekssim::dns {

namespace {
// plugin/backend_lookup.go: a CNAME chain longer than this is not followed (maxCnameChainLength).
constexpr int kMaxCnameChain = 10;
// Names asked once each (a crawler's) would grow the memo without end; past this many answers it
// starts again, which costs a recomputation each, not a different answer.
constexpr size_t kMaxAnswers = size_t{1} << 18;
}  // namespace

ZoneAnswers::ZoneAnswers(const KubernetesZone& zone, const ServiceDirectory& services)
    : zone_(zone), services_(services), version_(services.answers_version()) {}

const KubernetesAnswer* ZoneAnswers::memoized(NameId name, QueryType type) const {
  if (services_.answers_version() != version_) return nullptr;
  const size_t slot = slot_of(name, type);
  if (slot >= memo_.size() || memo_[slot].generation != generation_) return nullptr;
  return &answers_[memo_[slot].index];
}

const KubernetesAnswer& ZoneAnswers::answer(NameId name, std::string_view text, QueryType type) {
  if (const KubernetesAnswer* known = memoized(name, type)) return *known;
  return add(name, text, type);
}

const KubernetesAnswer& ZoneAnswers::answer(NameId name, const NameTable& names, QueryType type) {
  // The name's text is read only on a miss.
  if (const KubernetesAnswer* known = memoized(name, type)) return *known;
  return add(name, names.text(name), type);
}

const KubernetesAnswer& ZoneAnswers::add(NameId name, std::string_view text, QueryType type) {
  if (services_.answers_version() != version_ || answers_.size() >= kMaxAnswers) {
    answers_.clear();
    if (++generation_ == 0) {
      // Wrapped: the entries of the generation now starting again are forgotten by hand.
      std::fill(memo_.begin(), memo_.end(), Memo{});
      generation_ = 1;
    }
    version_ = services_.answers_version();
  }
  const size_t slot = slot_of(name, type);
  if (slot >= memo_.size()) memo_.resize(slot + 1);
  memo_[slot] = Memo{generation_, static_cast<uint32_t>(answers_.size())};
  return answers_.emplace_back(resolve(text, type));
}

bool ZoneAnswers::in_zone(NameId name, const NameTable& names) {
  constexpr uint8_t kOutside = 1;
  constexpr uint8_t kInside = 2;
  if (in_zone_.size() <= name) in_zone_.resize(names.size(), 0);
  uint8_t& known = in_zone_[name];
  if (known == 0) known = is_in_zone(names.text(name), zone_.zone) ? kInside : kOutside;
  return known == kInside;
}

KubernetesAnswer ZoneAnswers::resolve(std::string_view name, QueryType type) const {
  KubernetesAnswer answer = answer_cluster_name(name, type, zone_, services_);
  for (int hop = 0; !answer.cname.empty() && is_in_zone(answer.cname, zone_.zone); ++hop) {
    if (hop == kMaxCnameChain || answer.cname == name) return {DnsAnswer::no_data(zone_.ttl), {}};
    KubernetesAnswer next = answer_cluster_name(answer.cname, type, zone_, services_);
    if (next.cname.empty()) {
      if (next.answer.kind() != ResponseKind::kAnswer) return {DnsAnswer::no_data(zone_.ttl), {}};
      return next;
    }
    answer = std::move(next);
  }
  return answer;
}

}  // namespace ekssim::dns
