#pragma once
// What the workloads' traffic and the probes send through: the live cluster's Services, the data
// path, the DNS exchanges and the resolvers. Built once by the World.

#include <functional>
#include <string_view>

#include "models/cluster/dns_exchanges.h"
#include "models/cluster/pod_network.h"
#include "models/cluster/service_registry.h"
#include "models/dns/resolv_conf.h"
#include "models/dns/resolver_config.h"
#include "models/dns/vpc_resolver.h"
#include "models/k8s/api_server.h"
#include "models/spec/scenario.h"
#include "sim/kernel.h"

namespace ekssim::cluster {

class NodeAgent;

struct TrafficContext {
  const spec::Scenario& scenario;
  sim::Kernel& kernel;
  k8s::ApiServer& api;
  const ServiceRegistry& services;
  const PodNetwork& network;
  DnsExchanges& exchanges;
  const dns::VpcResolver& vpc_resolver;
  const dns::ServiceDirectory& directory;
  std::function<const NodeAgent*(k8s::NodeId)> find_node;

  // A pod's resolver as kubelet configures it (pkg/kubelet/network/dns): --cluster-dns is
  // kube-dns's ClusterIP, the node's own resolv.conf comes from the VPC's DHCP options; the
  // pod's dnsConfig, if any, is appended.
  dns::ResolverConfig pod_resolver(std::string_view ns, k8s::DnsPolicy policy, bool host_network,
                                   const spec::PodDnsConfig* dns_config = nullptr) const;
};

// A pod template's dnsPolicy as the resolver model takes it.
dns::DnsPolicy to_resolver_dns_policy(k8s::DnsPolicy policy);

}  // namespace ekssim::cluster
