#include "models/dns/resolv_conf.h"

#include <fmt/format.h>

#include <algorithm>

namespace ekssim::dns {

namespace {

std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
      ++i;
    const size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
      ++i;
    if (i > start) fields.push_back(line.substr(start, i - start));
  }
  return fields;
}

template <typename T>
void append_unique(std::vector<T>& list, const T& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) {
    if (!text.empty()) text += ' ';
    text += item;
  }
  return text;
}

// generateSearchesForDNSClusterFirst.
std::vector<std::string> cluster_first_search(const KubeletDnsSettings& kubelet,
                                              std::string_view ns) {
  if (kubelet.cluster_domain.empty()) return kubelet.host.search;
  const std::string& domain = kubelet.cluster_domain;
  std::vector<std::string> search = {fmt::format("{}.svc.{}", ns, domain),
                                     fmt::format("svc.{}", domain), domain};
  for (const std::string& host : kubelet.host.search)
    append_unique(search, host);
  return search;
}

// mergeDNSOptions: dnsConfig's options override the existing ones by name.
void merge_options(std::vector<std::string>& options, const std::vector<DnsConfigOption>& extra) {
  for (const DnsConfigOption& option : extra) {
    const std::string text = option.value ? option.name + ":" + *option.value : option.name;
    const auto same_name = [&](const std::string& existing) {
      return existing.substr(0, existing.find(':')) == option.name;
    };
    const auto it = std::find_if(options.begin(), options.end(), same_name);
    if (it == options.end()) {
      options.push_back(text);
    } else {
      *it = text;
    }
  }
}

// formDNSSearchFitsLimits.
bool fit_search(std::vector<std::string>& search) {
  bool exceeded = false;
  if (search.size() > kMaxSearchDomains) {
    search.resize(kMaxSearchDomains);
    exceeded = true;
  }
  // glibc 2.28 aborts on a search domain longer than 255 characters.
  const auto too_long = [](const std::string& domain) {
    return domain.size() > kMaxSearchDomainChars;
  };
  if (std::any_of(search.begin(), search.end(), too_long)) {
    search.erase(std::remove_if(search.begin(), search.end(), too_long), search.end());
    exceeded = true;
  }
  size_t line = join(search).size();
  if (line > kMaxSearchLineChars) {
    while (!search.empty() && line > kMaxSearchLineChars) {
      line -= std::min(line, search.back().size() + 1);
      search.pop_back();
    }
    exceeded = true;
  }
  return exceeded;
}

}  // namespace

ResolvConf ResolvConf::parse(std::string_view text) {
  ResolvConf conf;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    const std::vector<std::string_view> fields = fields_of(line);
    if (fields.empty() || fields[0].starts_with('#')) continue;
    if (fields[0] == "nameserver" && fields.size() >= 2) {
      if (const auto ip = net::Ipv4::parse(fields[1])) conf.nameservers.push_back(*ip);
    } else if (fields[0] == "search") {
      conf.search.clear();
      for (size_t i = 1; i < fields.size(); ++i) {
        std::string_view domain = fields[i];
        if (domain.ends_with('.')) domain.remove_suffix(1);
        conf.search.emplace_back(domain);
      }
    } else if (fields[0] == "options") {
      conf.options.assign(fields.begin() + 1, fields.end());
    }
  }
  return conf;
}

std::string ResolvConf::to_text() const {
  std::string text;
  if (!search.empty()) text += "search " + join(search) + "\n";
  for (const net::Ipv4 server : nameservers)
    text += "nameserver " + server.to_string() + "\n";
  if (!options.empty()) text += "options " + join(options) + "\n";
  return text;
}

std::string ec2_search_domain(std::string_view region) {
  if (region == "us-east-1") return "ec2.internal";
  return fmt::format("{}.compute.internal", region);
}

ResolvConf ec2_node_resolv_conf(std::string_view region, net::Ipv4 vpc_resolver) {
  return ResolvConf{{vpc_resolver}, {ec2_search_domain(region)}, {}};
}

PodResolvConf pod_resolv_conf(const KubeletDnsSettings& kubelet, std::string_view ns,
                              DnsPolicy policy, bool host_network, const PodDnsConfig* dns_config) {
  PodResolvConf pod;
  const bool cluster = policy == DnsPolicy::kClusterFirstWithHostNet ||
                       (policy == DnsPolicy::kClusterFirst && !host_network);
  if (policy == DnsPolicy::kNone) {
    // An empty base: only dnsConfig below.
  } else if (cluster && !kubelet.cluster_dns.empty()) {
    pod.conf.nameservers = kubelet.cluster_dns;
    pod.conf.search = cluster_first_search(kubelet, ns);
    pod.conf.options = {"ndots:5"};
  } else {
    if (cluster) {
      pod.events.push_back(
          "kubelet does not have ClusterDNS IP configured and cannot create Pod using "
          "\"ClusterFirst\" policy. Falling back to \"Default\" policy.");
    }
    pod.conf = kubelet.host;
  }

  if (dns_config != nullptr) {
    for (const net::Ipv4 server : dns_config->nameservers)
      append_unique(pod.conf.nameservers, server);
    for (const std::string& domain : dns_config->searches)
      append_unique(pod.conf.search, domain);
    merge_options(pod.conf.options, dns_config->options);
  }

  if (pod.conf.nameservers.size() > kMaxNameservers) {
    pod.conf.nameservers.resize(kMaxNameservers);
    std::string line;
    for (const net::Ipv4 server : pod.conf.nameservers) {
      line += (line.empty() ? "" : " ") + server.to_string();
    }
    pod.events.push_back(fmt::format(
        "Nameserver limits were exceeded, some nameservers have been omitted, the applied "
        "nameserver line is: {}",
        line));
  }
  if (fit_search(pod.conf.search)) {
    pod.events.push_back(fmt::format(
        "Search Line limits were exceeded, some search paths have been omitted, the applied "
        "search line is: {}",
        join(pod.conf.search)));
  }
  return pod;
}

}  // namespace ekssim::dns
