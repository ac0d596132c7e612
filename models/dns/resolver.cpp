#include "models/dns/resolver.h"

#include <algorithm>

namespace ekssim::dns {

namespace {

bool is_root(std::string_view domain) {
  return domain.empty() || domain == ".";
}

// The length of the candidate's name with its trailing dot.
size_t fqdn_length(std::string_view name, const ResolverConfig& config, Candidate candidate) {
  const size_t base = name.ends_with('.') ? name.size() : name.size() + 1;
  if (candidate.as_is()) return base;
  const std::string_view domain = config.search()[candidate.domain];
  return is_root(domain) ? base : base + domain.size() + 1;
}

CandidateList glibc_list(std::string_view name, const ResolverConfig& config) {
  CandidateList list;
  const auto dots = static_cast<int>(std::count(name.begin(), name.end(), '.'));
  if (name.ends_with('.')) {
    list.push_back({CandidateKind::kAsIsFirst, 0});
    return list;
  }
  const bool as_is_first = dots >= config.options().ndots;
  if (as_is_first) list.push_back({CandidateKind::kAsIsFirst, 0});
  bool root_on_list = false;
  for (size_t i = 0; i < config.search().size(); ++i) {
    root_on_list = root_on_list || is_root(config.search()[i]);
    list.push_back({CandidateKind::kSearch, static_cast<uint8_t>(i)});
  }
  if (!as_is_first && !root_on_list) list.push_back({CandidateKind::kAsIsLast, 0});
  return list;
}

// nameList: names longer than 254 characters (with the dot) are skipped.
CandidateList go_list(std::string_view name, const ResolverConfig& config) {
  CandidateList list;
  const bool rooted = name.ends_with('.');
  if (name.size() > 254 || (name.size() == 254 && !rooted)) return list;
  if (rooted) {
    list.push_back({CandidateKind::kAsIsFirst, 0});
    return list;
  }
  const bool has_ndots =
      static_cast<int>(std::count(name.begin(), name.end(), '.')) >= config.go_options().ndots;
  if (has_ndots) list.push_back({CandidateKind::kAsIsFirst, 0});
  for (size_t i = 0; i < config.search().size(); ++i) {
    // dnsconfig_unix.go drops a root search domain while reading resolv.conf.
    if (is_root(config.search()[i])) continue;
    const Candidate candidate{CandidateKind::kSearch, static_cast<uint8_t>(i)};
    if (fqdn_length(name, config, candidate) <= 254) list.push_back(candidate);
  }
  if (!has_ndots) list.push_back({CandidateKind::kAsIsLast, 0});
  return list;
}

}  // namespace

CandidateList candidates(ResolverKind kind, std::string_view name, const ResolverConfig& config) {
  switch (kind) {
    case ResolverKind::kGlibc:
      return glibc_list(name, config);
    case ResolverKind::kGo:
      return go_list(name, config);
    case ResolverKind::kDig:
      break;
  }
  CandidateList list;
  list.push_back({CandidateKind::kAsIsFirst, 0});
  return list;
}

void append_candidate_name(std::string& out, std::string_view name, const ResolverConfig& config,
                           Candidate candidate) {
  if (name.ends_with('.')) name.remove_suffix(1);
  out.append(name);
  out += '.';
  if (candidate.as_is()) return;
  const std::string_view domain = config.search()[candidate.domain];
  if (is_root(domain)) return;
  out.append(domain);
  if (!domain.ends_with('.')) out += '.';
}

std::string candidate_name(std::string_view name, const ResolverConfig& config,
                           Candidate candidate) {
  std::string text;
  append_candidate_name(text, name, config, candidate);
  return text;
}

}  // namespace ekssim::dns
