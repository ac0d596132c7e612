#include "models/dns/zone_answers.h"

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

const KubernetesAnswer& ZoneAnswers::answer(NameId name, std::string_view text, QueryType type) {
  if (services_.answers_version() != version_ || answers_.size() >= kMaxAnswers) {
    answers_.clear();
    version_ = services_.answers_version();
  }
  const uint64_t key = uint64_t{name} << 1 | static_cast<uint64_t>(type);
  const auto it = answers_.find(key);
  if (it != answers_.end()) return it->second;
  return answers_.emplace(key, resolve(text, type)).first->second;
}

const KubernetesAnswer& ZoneAnswers::answer(NameId name, const NameTable& names, QueryType type) {
  // A memoized answer without the text; anything else (a miss, a new version, a full memo) as
  // answer() above does it.
  if (services_.answers_version() == version_ && answers_.size() < kMaxAnswers) {
    const auto it = answers_.find(uint64_t{name} << 1 | static_cast<uint64_t>(type));
    if (it != answers_.end()) return it->second;
  }
  return answer(name, names.text(name), type);
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
