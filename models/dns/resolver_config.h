#pragma once
// A resolv.conf as a stub resolver reads it (glibc resolv/res_init.c res_setoptions; Go
// net/dnsconfig_unix.go): the nameservers it uses, the search list and the options that shape a
// lookup. Built once per distinct resolv.conf (per namespace and node search domains) and shared
// by every lookup made with it, so that generating a lookup's candidates allocates nothing.
//
// Defaults and limits are glibc's: ndots 1 (at most 15), timeout 5 s (at most 30), attempts 2
// (at most 5), at most 3 nameservers (MAXNS). Go's parser agrees on the defaults and on ndots;
// simplification: Go's lack of a cap on timeout and attempts is not modelled.

#include <span>
#include <string>
#include <vector>

#include "models/dns/resolv_conf.h"
#include "models/net/ipv4.h"
#include "sim/time.h"

namespace ekssim::dns {

struct ResolverOptions {
  int ndots = 1;
  sim::Duration timeout = sim::Duration::seconds(5);  // per try and nameserver (RES_TIMEOUT)
  int attempts = 2;                                   // tries per nameserver (RES_DFLRETRY)
  bool single_request = false;                        // A, then AAAA once A is answered
  bool single_request_reopen = false;                 // the same on a new socket
};

class ResolverConfig {
 public:
  ResolverConfig() = default;
  explicit ResolverConfig(const ResolvConf& conf);

  std::span<const net::Ipv4> nameservers() const { return nameservers_; }
  std::span<const std::string> search() const { return search_; }
  const ResolverOptions& options() const { return options_; }

 private:
  std::vector<net::Ipv4> nameservers_;
  std::vector<std::string> search_;
  ResolverOptions options_;
};

// glibc's MAXNS and kubelet's search-list limit; candidate lists are sized for them.
inline constexpr size_t kMaxResolverNameservers = 3;

}  // namespace ekssim::dns
