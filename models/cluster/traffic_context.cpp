#include "models/cluster/traffic_context.h"

#include <optional>

namespace ekssim::cluster {

dns::ResolverConfig TrafficContext::pod_resolver(std::string_view ns, k8s::DnsPolicy policy,
                                                 bool host_network,
                                                 const spec::PodDnsConfig* dns_config) const {
  dns::KubeletDnsSettings kubelet;
  kubelet.cluster_dns = {services.kube_dns_ip()};
  kubelet.host = dns::ec2_node_resolv_conf(scenario.cluster.region, vpc_resolver.address());
  std::optional<dns::PodDnsConfig> pod_config;
  if (dns_config != nullptr) {
    pod_config.emplace();
    pod_config->nameservers = dns_config->nameservers;
    pod_config->searches = dns_config->searches;
    for (const spec::DnsConfigOption& option : dns_config->options)
      pod_config->options.push_back({option.name, option.value});
  }
  return dns::ResolverConfig(dns::pod_resolv_conf(kubelet, ns, to_resolver_dns_policy(policy),
                                                  host_network, pod_config ? &*pod_config : nullptr)
                                 .conf);
}

dns::DnsPolicy to_resolver_dns_policy(k8s::DnsPolicy policy) {
  switch (policy) {
    case k8s::DnsPolicy::kClusterFirst:
      return dns::DnsPolicy::kClusterFirst;
    case k8s::DnsPolicy::kClusterFirstWithHostNet:
      return dns::DnsPolicy::kClusterFirstWithHostNet;
    case k8s::DnsPolicy::kDefault:
      return dns::DnsPolicy::kDefault;
  }
  return dns::DnsPolicy::kClusterFirst;
}

}  // namespace ekssim::cluster
