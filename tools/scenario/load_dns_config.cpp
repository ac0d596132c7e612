// A Deployment's dnsConfig: {nameservers, searches, options: [{name, value}]}, checked as
// Kubernetes' validatePodDNSConfig does (pkg/apis/core/validation: at most 3 nameservers, each an
// IP; at most 32 search domains, each a DNS-1123 subdomain, 2048 characters in all; every option
// named). An option a resolver would read other than as written (glibc's res_setoptions has no
// lower bound and matches prefixes, Go's dnsReadConfig clamps: dns::option_surprise) is a
// located warning: Kubernetes accepts it and the pod's resolver silently does something else.

#include <fmt/format.h>

#include "models/dns/resolv_conf.h"
#include "models/dns/resolver_options.h"
#include "tools/scenario/kubernetes_names.h"
#include "tools/scenario/sections.h"
#include "tools/scenario/workload_fields.h"

namespace ekssim::scenario {
namespace {

void load_option(Reader& reader, const YAML::Node& node, const std::string& label,
                 spec::PodDnsConfig& config) {
  MapReader map(reader, node, label, "a dnsConfig option");
  if (!map.ok()) return;
  spec::DnsConfigOption option;
  option.location = map.location();
  const auto name = map.text("name", Need::kRequired);
  const auto value_node = map.get("value");
  if (value_node) {
    if (auto value = reader.k8s_string(*value_node, "value")) option.value = *value;
  }
  map.finish();
  if (!name) return;
  option.name = *name;
  if (const auto surprise = dns::option_surprise(option.name, option.value)) {
    reader.warning(value_node && option.value ? *value_node : node, surprise->problem,
                   surprise->expected);
  }
  config.options.push_back(std::move(option));
}

}  // namespace

spec::PodDnsConfig load_dns_config(Reader& reader, const YAML::Node& node) {
  spec::PodDnsConfig config;
  MapReader map(reader, node, "dnsConfig", "a pod's dnsConfig");
  if (!map.ok()) return config;
  if (auto nameservers = map.get("nameservers")) {
    for_each_item(reader, *nameservers, "nameservers", "a list of IPv4 addresses",
                  [&](const YAML::Node& item, const std::string& item_label) {
                    if (auto ip = reader.ipv4(item, item_label)) config.nameservers.push_back(*ip);
                  });
    if (config.nameservers.size() > dns::kMaxNameservers) {
      reader.error(*nameservers,
                   fmt::format("dnsConfig has {} nameservers", config.nameservers.size()),
                   fmt::format("at most {} (validation.MaxDNSNameservers)", dns::kMaxNameservers));
    }
  }
  if (auto searches = map.get("searches")) {
    size_t chars = 0;
    for_each_item(reader, *searches, "searches", "a list of DNS names",
                  [&](const YAML::Node& item, const std::string& item_label) {
                    auto domain = reader.text(item, item_label, kDns1123SubdomainExpected);
                    if (!domain) return;
                    // Kubernetes allows one trailing dot.
                    std::string_view bare = *domain;
                    if (bare.ends_with('.')) bare.remove_suffix(1);
                    if (!is_dns1123_subdomain(bare)) {
                      reader.error(item, fmt::format("search domain '{}' is not valid", *domain),
                                   std::string(kDns1123SubdomainExpected));
                      return;
                    }
                    chars += domain->size() + (config.searches.empty() ? 0 : 1);
                    config.searches.push_back(*domain);
                  });
    if (config.searches.size() > dns::kMaxSearchDomains) {
      reader.error(
          *searches, fmt::format("dnsConfig has {} search domains", config.searches.size()),
          fmt::format("at most {} (validation.MaxDNSSearchPathsExpanded)", dns::kMaxSearchDomains));
    } else if (chars > dns::kMaxSearchLineChars) {
      reader.error(*searches, fmt::format("dnsConfig's search domains take {} characters", chars),
                   fmt::format("at most {} (validation.MaxDNSSearchListCharsExpanded)",
                               dns::kMaxSearchLineChars));
    }
  }
  if (auto options = map.get("options")) {
    for_each_item(reader, *options, "options", "a list of {name, value?}",
                  [&](const YAML::Node& item, const std::string& item_label) {
                    load_option(reader, item, item_label, config);
                  });
  }
  map.finish();
  return config;
}

}  // namespace ekssim::scenario
