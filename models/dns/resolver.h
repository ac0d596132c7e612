#pragma once
// The names a stub resolver tries for one lookup, in order: its search-list expansion.
//
// glibc (resolv/res_query.c __res_context_search), used by getaddrinfo:
// - a trailing dot: the name as given, only;
// - at least ndots dots: the name as given first, then each search domain;
// - otherwise: each search domain in order, then the name as given last.
// A search domain "." (the root) stands for the name as given, which is then not tried again.
// Go's resolver (net/dnsconfig.go nameList) builds the same list, minus names longer than 254
// characters. dig (without +search) asks for the name as given, made absolute.
//
// Lists are fixed-size values: generating one allocates nothing, since this runs for every
// lookup of every pod.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "models/dns/resolver_config.h"

namespace ekssim::dns {

enum class ResolverKind {
  kGlibc,  // getaddrinfo in glibc-based images (Debian, Ubuntu, Amazon Linux, UBI)
  kGo,     // Go's own resolver (CGO_ENABLED=0 binaries)
  kDig,    // dig from BIND 9 (9.16 era), without +search
};

enum class CandidateKind : uint8_t {
  kAsIsFirst,  // the name as given, tried before the search list
  kSearch,     // the name with a search domain appended
  kAsIsLast,   // the name as given, tried after the search list
};

struct Candidate {
  CandidateKind kind = CandidateKind::kAsIsLast;
  uint8_t domain = 0;  // kSearch: the index into ResolverConfig::search()

  bool as_is() const { return kind != CandidateKind::kSearch; }
};

class CandidateList {
 public:
  static constexpr size_t kCapacity = kMaxSearchDomains + 2;

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const Candidate& operator[](size_t i) const { return items_[i]; }
  const Candidate* begin() const { return items_.data(); }
  const Candidate* end() const { return items_.data() + size_; }
  void push_back(Candidate candidate) { items_[size_++] = candidate; }

 private:
  std::array<Candidate, kCapacity> items_{};
  size_t size_ = 0;
};

CandidateList candidates(ResolverKind kind, std::string_view name, const ResolverConfig& config);

// The fully qualified name a candidate puts on the wire, with its trailing dot
// ("airflow-pgbouncer.airflow.svc.cluster.local.ec2.internal."), appended to `out`; reuse `out`
// to stay allocation-free.
void append_candidate_name(std::string& out, std::string_view name, const ResolverConfig& config,
                           Candidate candidate);
std::string candidate_name(std::string_view name, const ResolverConfig& config,
                           Candidate candidate);

}  // namespace ekssim::dns
