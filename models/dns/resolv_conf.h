#pragma once
// A pod's /etc/resolv.conf as kubelet composes it (kubernetes/kubernetes
// pkg/kubelet/network/dns/dns.go Configurer.GetPodDNS) and containerd writes it
// (pkg/cri parseDNSOptions: "search", then "nameserver" lines, then "options").
//
// - ClusterFirst (the default), and ClusterFirstWithHostNet for hostNetwork pods: nameserver the
//   cluster DNS service, search "<ns>.svc.<domain> svc.<domain> <domain>" followed by the node's
//   own search domains, options "ndots:5" (the node's options are dropped).
// - Default, and ClusterFirst on a hostNetwork pod: the node's resolv.conf (kubelet
//   --resolv-conf) as it is.
// - None: only what the pod's dnsConfig gives.
// A pod's dnsConfig is appended in every case (duplicates dropped, options merged by name), then
// the limits apply: 3 nameservers; 32 search domains, none longer than 253 characters, 2048
// characters on the search line (the ExpandedDNSConfig limits, GA since 1.28); kubelet records
// an event when it trims.
// Simplification: upstream merges options through a Go map, so their order varies; here the
// node's order is kept, with dnsConfig's new options after it.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/net/ipv4.h"

namespace ekssim::dns {

struct ResolvConf {
  std::vector<net::Ipv4> nameservers;
  std::vector<std::string> search;
  std::vector<std::string> options;  // "ndots:5", "single-request-reopen", …

  // kubelet's parseResolvConf: "nameserver" lines accumulate (non-IPv4 ones are skipped here),
  // the last "search" line wins (trailing dots trimmed), the last "options" line wins.
  static ResolvConf parse(std::string_view text);
  // containerd's layout.
  std::string to_text() const;

  bool operator==(const ResolvConf&) const = default;
};

// The domain the VPC's DHCP options give instances (AWS "DHCP option sets"): "ec2.internal" in
// us-east-1, "<region>.compute.internal" elsewhere.
std::string ec2_search_domain(std::string_view region);

// A node's resolv.conf as DHCP leaves it: the Amazon-provided resolver and the region's domain.
// Simplification: resolver options the AMI may add are not included.
ResolvConf ec2_node_resolv_conf(std::string_view region, net::Ipv4 vpc_resolver);

enum class DnsPolicy { kClusterFirst, kClusterFirstWithHostNet, kDefault, kNone };

struct DnsConfigOption {
  std::string name;
  std::optional<std::string> value;
};

// The pod's spec.dnsConfig.
struct PodDnsConfig {
  std::vector<net::Ipv4> nameservers;
  std::vector<std::string> searches;
  std::vector<DnsConfigOption> options;
};

// kubelet's DNS settings: --cluster-dns, --cluster-domain and the parsed --resolv-conf file.
struct KubeletDnsSettings {
  std::vector<net::Ipv4> cluster_dns;
  std::string cluster_domain = "cluster.local";
  ResolvConf host;
};

struct PodResolvConf {
  ResolvConf conf;
  // The Warning events kubelet records ("MissingClusterDNS", "DNSConfigForming"), their messages
  // verbatim.
  std::vector<std::string> events;
};

PodResolvConf pod_resolv_conf(const KubeletDnsSettings& kubelet, std::string_view ns,
                              DnsPolicy policy, bool host_network,
                              const PodDnsConfig* dns_config = nullptr);

// validation.MaxDNSNameservers, MaxDNSSearchPathsExpanded, MaxDNSSearchListCharsExpanded and
// utilvalidation.DNS1123SubdomainMaxLength.
inline constexpr size_t kMaxNameservers = 3;
inline constexpr size_t kMaxSearchDomains = 32;
inline constexpr size_t kMaxSearchLineChars = 2048;
inline constexpr size_t kMaxSearchDomainChars = 253;

}  // namespace ekssim::dns
