#include "models/cluster/traffic_context.h"

namespace ekssim::cluster {

dns::ResolverConfig TrafficContext::pod_resolver(std::string_view ns, k8s::DnsPolicy policy,
                                                 bool host_network) const {
  dns::KubeletDnsSettings kubelet;
  kubelet.cluster_dns = {services.kube_dns_ip()};
  kubelet.host = dns::ec2_node_resolv_conf(scenario.cluster.region, vpc_resolver.address());
  return dns::ResolverConfig(
      dns::pod_resolv_conf(kubelet, ns, to_resolver_dns_policy(policy), host_network).conf);
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
