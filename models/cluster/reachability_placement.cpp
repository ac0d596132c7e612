#include "models/cluster/reachability_placement.h"

#include <fmt/format.h>

#include <stdexcept>
#include <utility>

#include "models/vpc/describe.h"

namespace ekssim::cluster::detail {

namespace {

// AWS reserves the first four addresses of a subnet and the last (AWS "Subnet CIDR blocks").
constexpr uint64_t kFirstUsable = 4;

bool coredns_tolerates(const spec::NodeGroup& group) {
  for (const spec::Taint& taint : group.taints) {
    if (taint.effect != spec::TaintEffect::kPreferNoSchedule) return false;
  }
  return true;
}

}  // namespace

Placement::Placement(const spec::Scenario& scenario)
    : vpc_(scenario.cluster.name + "-vpc", scenario.cluster.vpc.cidr), cluster_(scenario.cluster) {
  names_ = build_vpc(cluster_, vpc_);
  next_offset_.assign(vpc_.subnet_count(), kFirstUsable);
  cni_env_.insert(cluster_.addons.vpc_cni.env.begin(), cluster_.addons.vpc_cni.env.end());
  custom_networking_ = cni::env_flag(cni_env_, "AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG", false);
  // Hosts first: their addresses are fixed, the representatives' are picked around them.
  std::vector<Member> hosts;
  for (const spec::VpcHost& host : cluster_.vpc.hosts) {
    const vpc::SubnetId subnet = names_.subnets.at(host.subnet.name);
    const vpc::EniId eni = vpc_.add_eni(vpc::Eni{host.name,
                                                 subnet,
                                                 host.ip,
                                                 {},
                                                 {},
                                                 groups(host.security_groups),
                                                 std::nullopt,
                                                 vpc::EniRole::kInstance,
                                                 ""});
    hosts.push_back(
        Member{{host.name, EndpointKind::kHost, host.ip,
                fmt::format("host {}: {} in {}, with {}", host.name, host.ip.to_string(),
                            host.subnet.name, vpc::describe_groups(vpc_, vpc_.eni(eni)))},
               std::nullopt,
               eni});
  }
  add_node_groups(scenario);
  add_coredns(scenario);
  add_control_plane(scenario);
  add_interface_endpoints(scenario);
  members_.insert(members_.end(), std::make_move_iterator(hosts.begin()),
                  std::make_move_iterator(hosts.end()));
}

net::Ipv4 Placement::take_address(vpc::SubnetId subnet) {
  const vpc::Subnet& s = vpc_.subnet(subnet);
  uint64_t& offset = next_offset_[subnet.index()];
  while (offset + 1 < s.cidr.size()) {
    const net::Ipv4 address = s.cidr.at(offset++);
    if (!vpc_.owner_of(address)) return address;
  }
  throw std::runtime_error(
      fmt::format("subnet {} has no free address left for ekssim's representatives", s.name));
}

std::vector<vpc::SecurityGroupId> Placement::groups(const std::vector<spec::Ref>& refs) const {
  std::vector<vpc::SecurityGroupId> ids;
  for (const spec::Ref& ref : refs)
    ids.push_back(names_.security_groups.at(ref.name));
  return ids;
}

size_t Placement::add_node(const spec::NodeGroup& group, int number) {
  const vpc::SubnetId subnet = names_.subnets.at(group.subnets.front().name);
  std::vector<vpc::SecurityGroupId> node_groups = groups(group.security_groups);
  if (group.managed) node_groups.push_back(names_.cluster_security_group);
  RepresentativeNode node{fmt::format("{}-{}", group.name, number), {}, {}};
  const net::Ipv4 primary = take_address(subnet);
  // Custom networking: pods on a second ENI in the ENIConfig's subnet, with its groups or, when
  // it names none, the node's (awsutils createENIUsingCustomCfg); the primary ENI holds no pods.
  const spec::EniConfig* eni_config = nullptr;
  if (custom_networking_) {
    for (const spec::EniConfig& c : cluster_.addons.vpc_cni.eni_configs) {
      if (c.name == vpc_.subnet(subnet).availability_zone) eni_config = &c;
    }
  }
  if (eni_config == nullptr) {
    node.pod = take_address(subnet);
    node.enis.push_back(vpc_.add_eni(vpc::Eni{node.name + "/eth0",
                                              subnet,
                                              primary,
                                              {node.pod},
                                              {},
                                              node_groups,
                                              std::nullopt,
                                              vpc::EniRole::kInstance,
                                              ""}));
  } else {
    const vpc::SubnetId pod_subnet = names_.subnets.at(eni_config->subnet.name);
    std::vector<vpc::SecurityGroupId> pod_groups = groups(eni_config->security_groups);
    if (pod_groups.empty()) pod_groups = node_groups;
    node.enis.push_back(vpc_.add_eni(vpc::Eni{node.name + "/eth0",
                                              subnet,
                                              primary,
                                              {},
                                              {},
                                              node_groups,
                                              std::nullopt,
                                              vpc::EniRole::kInstance,
                                              ""}));
    const net::Ipv4 eth1 = take_address(pod_subnet);
    node.pod = take_address(pod_subnet);
    node.enis.push_back(vpc_.add_eni(vpc::Eni{node.name + "/eth1",
                                              pod_subnet,
                                              eth1,
                                              {node.pod},
                                              {},
                                              std::move(pod_groups),
                                              std::nullopt,
                                              vpc::EniRole::kInstance,
                                              ""}));
  }
  nodes_.push_back(std::move(node));
  return nodes_.size() - 1;
}

void Placement::add_node_groups(const spec::Scenario& scenario) {
  for (const spec::NodeGroup& group : scenario.cluster.node_groups) {
    if (group.subnets.empty()) continue;  // it can launch nothing
    const size_t sender = add_node(group, 1);
    const size_t receiver = add_node(group, 2);
    const RepresentativeNode& a = nodes_[sender];
    const RepresentativeNode& b = nodes_[receiver];
    const vpc::Eni& pod_eni = vpc_.eni(b.enis.back());
    members_.push_back(
        Member{{group.name, EndpointKind::kNodeGroup, b.pod,
                fmt::format("node group {}: pods {} on {} and {} on {} in {}, with {}", group.name,
                            a.pod.to_string(), a.name, b.pod.to_string(), b.name,
                            vpc_.subnet(pod_eni.subnet).name, vpc::describe_groups(vpc_, pod_eni))},
               sender,
               std::nullopt});
  }
}

void Placement::add_coredns(const spec::Scenario& scenario) {
  kube_dns_ = scenario.cluster.service_ipv4_cidr.base() + 10;
  std::string where;
  std::optional<size_t> node_index;
  if (scenario.cluster.addons.coredns.replicas == 0) {
    where = "no pod (replicas: 0)";
  } else {
    for (const spec::NodeGroup& group : scenario.cluster.node_groups) {
      if (group.desired_capacity == 0 || group.subnets.empty() || !coredns_tolerates(group)) {
        continue;
      }
      node_index = add_node(group, 3);
      const RepresentativeNode& node = nodes_[*node_index];
      coredns_pod_ = node.pod;
      where = fmt::format("pod {} on {}", node.pod.to_string(), node.name);
      break;
    }
    if (!coredns_pod_) {
      where = "no pod: no node group with nodes is free of NoSchedule and NoExecute taints";
    }
  }
  members_.push_back(
      Member{{"coredns", EndpointKind::kCoreDns, coredns_pod_,
              fmt::format("CoreDNS: {}, behind kube-dns {}", where, kube_dns_.to_string())},
             node_index,
             std::nullopt});
}

void Placement::add_control_plane(const spec::Scenario& scenario) {
  const spec::Cluster& c = scenario.cluster;
  if (!c.endpoints.private_access || c.node_groups.empty() ||
      c.node_groups.front().subnets.empty()) {
    return;
  }
  // EKS puts these ENIs in the cluster's subnets; ekssim uses the node groups' (as World does).
  const std::string& subnet_name = c.node_groups.front().subnets.front().name;
  const vpc::SubnetId subnet = names_.subnets.at(subnet_name);
  const net::Ipv4 address = take_address(subnet);
  const vpc::EniId eni = vpc_.add_eni(vpc::Eni{"eks-control-plane/" + subnet_name,
                                               subnet,
                                               address,
                                               {},
                                               {},
                                               {names_.cluster_security_group},
                                               std::nullopt,
                                               vpc::EniRole::kEksControlPlane,
                                               "eks"});
  members_.push_back(
      Member{{"control-plane", EndpointKind::kControlPlane, address,
              fmt::format("EKS control plane (private endpoint): {} in {}, with {}",
                          address.to_string(), subnet_name, names_.cluster_security_group_name)},
             std::nullopt,
             eni});
}

void Placement::add_interface_endpoints(const spec::Scenario& scenario) {
  for (const spec::VpcEndpoint& endpoint : scenario.cluster.vpc.endpoints) {
    if (endpoint.type != spec::VpcEndpoint::Type::kInterface || endpoint.subnets.empty()) continue;
    const std::string& subnet_name = endpoint.subnets.front().name;
    const vpc::SubnetId subnet = names_.subnets.at(subnet_name);
    const net::Ipv4 address = take_address(subnet);
    const std::string name = "vpce-" + endpoint.service;
    const vpc::EniId eni = vpc_.add_eni(vpc::Eni{name + "/" + subnet_name,
                                                 subnet,
                                                 address,
                                                 {},
                                                 {},
                                                 groups(endpoint.security_groups),
                                                 std::nullopt,
                                                 vpc::EniRole::kInterfaceEndpoint,
                                                 endpoint.service});
    members_.push_back(Member{
        {name, EndpointKind::kInterfaceEndpoint, address,
         fmt::format("interface endpoint {}: {} in {}, with {}", endpoint.service,
                     address.to_string(), subnet_name, vpc::describe_groups(vpc_, vpc_.eni(eni)))},
        std::nullopt,
        std::nullopt});
  }
}

}  // namespace ekssim::cluster::detail
