#include "models/dns/resolver_config.h"

#include <algorithm>
#include <charconv>
#include <optional>

namespace ekssim::dns {

namespace {

// The number after "name:", clamped to [low, high]; nullopt if `option` is not "name:<n>".
std::optional<int> numeric_option(std::string_view option, std::string_view name, int low,
                                  int high) {
  if (!option.starts_with(name) || option.size() <= name.size() || option[name.size()] != ':') {
    return std::nullopt;
  }
  const std::string_view digits = option.substr(name.size() + 1);
  int value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end == digits.data()) return std::nullopt;
  return std::clamp(value, low, high);
}

}  // namespace

ResolverConfig::ResolverConfig(const ResolvConf& conf) {
  const size_t servers = std::min(conf.nameservers.size(), kMaxResolverNameservers);
  nameservers_.assign(conf.nameservers.begin(), conf.nameservers.begin() + servers);
  const size_t domains = std::min(conf.search.size(), kMaxSearchDomains);
  search_.assign(conf.search.begin(), conf.search.begin() + domains);
  // res_setoptions: RES_MAXNDOTS 15, RES_MAXRETRANS 30, RES_MAXRETRY 5; later options win.
  for (const std::string& option : conf.options) {
    if (const auto ndots = numeric_option(option, "ndots", 0, 15)) options_.ndots = *ndots;
    if (const auto timeout = numeric_option(option, "timeout", 1, 30)) {
      options_.timeout = sim::Duration::seconds(*timeout);
    }
    if (const auto attempts = numeric_option(option, "attempts", 1, 5)) {
      options_.attempts = *attempts;
    }
    if (option == "single-request") options_.single_request = true;
    if (option == "single-request-reopen") options_.single_request_reopen = true;
  }
}

}  // namespace ekssim::dns
