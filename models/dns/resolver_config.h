#pragma once
// A resolv.conf as a stub resolver reads it (glibc resolv/res_init.c res_setoptions; Go
// net/dnsconfig_unix.go): the nameservers it uses, the search list and the options that shape a
// lookup. Built once per distinct resolv.conf (per namespace and node search domains) and shared
// by every lookup made with it, so that generating a lookup's candidates allocates nothing.
//
// The options are read twice, as glibc and as Go read them (resolver_options.h): the two agree
// on the defaults (ndots 1, timeout 5 s, attempts 2) but not on values out of range. At most 3
// nameservers (glibc's MAXNS; Go keeps 3 too).

#include <span>
#include <string>
#include <vector>

#include "models/dns/resolv_conf.h"
#include "models/dns/resolver_options.h"
#include "models/net/ipv4.h"
#include "sim/time.h"

namespace ekssim::dns {

class ResolverConfig {
 public:
  ResolverConfig() = default;
  explicit ResolverConfig(const ResolvConf& conf);

  std::span<const net::Ipv4> nameservers() const { return nameservers_; }
  std::span<const std::string> search() const { return search_; }
  // As glibc reads them (res_setoptions).
  const ResolverOptions& options() const { return glibc_options_; }
  // As Go's resolver reads them (dnsReadConfig).
  const ResolverOptions& go_options() const { return go_options_; }

 private:
  std::vector<net::Ipv4> nameservers_;
  std::vector<std::string> search_;
  ResolverOptions glibc_options_;
  ResolverOptions go_options_;
};

// glibc's MAXNS and kubelet's search-list limit; candidate lists are sized for them.
inline constexpr size_t kMaxResolverNameservers = 3;

}  // namespace ekssim::dns
