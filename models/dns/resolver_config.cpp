#include "models/dns/resolver_config.h"

#include <algorithm>

namespace ekssim::dns {

ResolverConfig::ResolverConfig(const ResolvConf& conf) {
  const size_t servers = std::min(conf.nameservers.size(), kMaxResolverNameservers);
  nameservers_.assign(conf.nameservers.begin(), conf.nameservers.begin() + servers);
  const size_t domains = std::min(conf.search.size(), kMaxSearchDomains);
  search_.assign(conf.search.begin(), conf.search.begin() + domains);
  glibc_options_ = glibc_resolver_options(conf.options);
  go_options_ = go_resolver_options(conf.options);
}

}  // namespace ekssim::dns
