// The World's data plane: Services and kube-proxy, the pods' network path, the VPC resolver,
// CoreDNS and the workloads' traffic (service_registry.h, pod_network.h, coredns_fleet.h,
// workload_traffic.h).

#include "models/cluster/world.h"

namespace ekssim::cluster {

void World::build_dataplane() {
  const spec::Cluster& c = scenario_.cluster;
  node_directory_ =
      std::make_unique<NodeDirectory>([this](std::string_view name) { return find_node(name); });
  api_.watch_nodes(node_directory_.get());
  services_registry_ = std::make_unique<ServiceRegistry>(scenario_, kernel_, api_, seed_,
                                                         endpoints_->control_plane_addresses());
  std::vector<net::Cidr> vpc_cidrs{c.vpc.cidr};
  vpc_cidrs.insert(vpc_cidrs.end(), c.vpc.secondary_cidrs.begin(), c.vpc.secondary_cidrs.end());
  network_ = std::make_unique<PodNetwork>(kernel_, ec2_, *addresses_, vpc_, *services_registry_,
                                          cni_env_, vpc_cidrs);
  build_network_policies();
  for (const spec::ExternalHost& h : scenario_.external_hosts)
    external_hosts_.add(h.name, h.ip, h.ttl);
  dns::VpcResolverConfig resolver;
  resolver.vpc_cidr = c.vpc.cidr;
  resolver.secondary_cidrs = c.vpc.secondary_cidrs;
  resolver.region = c.region;
  resolver.enable_dns_support = c.vpc.enable_dns_support;
  vpc_resolver_ = std::make_unique<dns::VpcResolver>(kernel_, resolver, external_hosts_);
  auto find = [this](k8s::NodeId id) { return node_agent(id); };
  coredns_ = std::make_unique<CoreDnsFleet>(scenario_, kernel_, seed_, api_, *services_registry_,
                                            *network_, *vpc_resolver_, dns_names_, find);
  exchanges_ = std::make_unique<DnsExchanges>(*services_registry_, *network_, *coredns_,
                                              *vpc_resolver_, dns_names_);
  traffic_context_ = std::make_unique<TrafficContext>(
      TrafficContext{scenario_, kernel_, api_, *services_registry_, *network_, *exchanges_,
                     *vpc_resolver_, *services_registry_, find});
  traffic_ = std::make_unique<WorkloadTraffic>(*traffic_context_, seed_, trace_);
  probe_ = std::make_unique<TrafficProbe>(*traffic_context_, seed_);
}

// The policies and the Services whose ClusterIPs an egress rule can allow: the scenario's, and
// kube-dns and default/kubernetes as service_registry.h creates them.
void World::build_network_policies() {
  policies_ = std::make_unique<NetworkPolicies>(scenario_, kernel_, api_, cni_env_);
  netpol::ServiceInfo dns;
  dns.ns = "kube-system";
  dns.name = "kube-dns";
  dns.selector = netpol::LabelMap{{"k8s-app", "kube-dns"}};
  dns.ports = {{53, 53, "", net::Protocol::udp()},
               {53, 53, "", net::Protocol::tcp()},
               {9153, 9153, "", net::Protocol::tcp()}};
  policies_->add_service(services_registry_->kube_dns_ip(), std::move(dns));
  if (const auto ip = services_registry_->cluster_ip("default", "kubernetes")) {
    netpol::ServiceInfo api;
    api.ns = "default";
    api.name = "kubernetes";
    api.ports = {{443, 443, "", net::Protocol::tcp()}};
    policies_->add_service(*ip, std::move(api));
  }
  for (const spec::Workload& w : scenario_.workloads) {
    const auto* s = std::get_if<spec::Service>(&w);
    if (s == nullptr) continue;
    const auto ip = services_registry_->cluster_ip(s->ns, s->name);
    if (!ip) continue;
    netpol::ServiceInfo info;
    info.ns = s->ns;
    info.name = s->name;
    info.headless = s->headless;
    if (s->selector) info.selector = netpol::LabelMap(s->selector->begin(), s->selector->end());
    for (const spec::ServicePort& p : s->ports) {
      info.ports.push_back({static_cast<uint16_t>(p.port), static_cast<uint16_t>(p.target_port),
                            p.target_port_name, p.protocol});
    }
    policies_->add_service(*ip, std::move(info));
  }
  network_->set_policies(policies_.get());
  network_->set_branch_enis(branch_enis_.get());
}

const NodeAgent* World::node_agent(k8s::NodeId node) const {
  return node_directory_->agent(node);
}

std::optional<k8s::NodeProxyView> World::proxy_view(std::string_view node_name) const {
  const NodeAgent* agent = find_node(node_name);
  const k8s::NodeId node = api_.find_node(node_name);
  if (agent == nullptr || !node.valid()) return std::nullopt;
  return k8s::NodeProxyView{services_registry_->table(), services_registry_->proxy_config(),
                            api_.node(node).name_id, agent->primary_ip()};
}

}  // namespace ekssim::cluster
