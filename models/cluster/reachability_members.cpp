#include "models/cluster/reachability_members.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "models/cluster/node_agent.h"
#include "models/vpc/describe.h"

namespace ekssim::cluster::detail {

namespace {

// A node group's representative pod on one node.
struct NodePod {
  PodSender sender;
  std::string what;  // "pod airflow/web-7c9d-2 10.0.0.37" or "free address 10.0.0.41"
};

// The first Running pod on the node with an address of its own (by name), else the first free
// address ipamd holds for it (where the node's next pod would go), else the node's own address
// (so also for a node whose kubelet has not registered it, where no kube-proxy runs).
NodePod pod_on(const World& world, const NodeAgent& node) {
  const k8s::ApiServer& api = world.api();
  const k8s::NodeId id = api.find_node(node.name());
  if (!id.valid() || api.node(id).removed) {
    // Its kubelet never registered it: no pod, no kube-proxy; the node itself sends.
    return NodePod{{&node, k8s::NodeId(), node.primary_ip(), true},
                   fmt::format("the node's own address {} (not registered)",
                               node.primary_ip().to_string())};
  }
  const k8s::Pod* best = nullptr;
  for (k8s::PodId p : api.pods_on(id)) {
    const k8s::Pod& pod = api.pod(p);
    if (pod.removed || pod.phase != k8s::PodPhase::kRunning || !pod.has_ip) continue;
    if (api.spec_of(pod).host_network) continue;
    if (world.branch_enis().branch_of(pod.id) != nullptr) continue;  // a SecurityGroupPolicy's
    if (best == nullptr || pod.name < best->name) best = &pod;
  }
  if (best != nullptr) {
    return NodePod{{&node, id, best->ip},
                   fmt::format("pod {}/{} {}", api.namespace_of(*best), best->name,
                               best->ip.to_string())};
  }
  for (const cni::AddressInfo& a : node.ipamd().datastore().addresses()) {
    if (a.key.empty()) {
      return NodePod{{&node, id, a.ip}, fmt::format("free address {}", a.ip.to_string())};
    }
  }
  return NodePod{{&node, id, node.primary_ip(), true},
                 fmt::format("the node's own address {} (no pod address yet)",
                             node.primary_ip().to_string())};
}

std::string eni_text(const World& world, net::Ipv4 address) {
  const vpc::Vpc& vpc = world.vpc();
  const std::optional<vpc::EniId> eni = vpc.owner_of(address);
  if (!eni) return "";
  return fmt::format(" in {}, with {}", vpc.subnet(vpc.eni(*eni).subnet).name,
                     vpc::describe_groups(vpc, vpc.eni(*eni)));
}

// Sends from a pod on the group's first usable node (launch order), is reached at a pod on its
// second (the first when it has one), so that a group's traffic to itself crosses the network.
Member node_group_member(const World& world, const NodeGroup& group) {
  std::vector<NodePod> pods;
  for (const auto& node : group.nodes()) {
    if (node->terminated()) continue;
    pods.push_back(pod_on(world, *node));
    if (pods.size() == 2) break;
  }
  const std::string& name = group.config().name;
  if (pods.empty()) {
    return {{name, EndpointKind::kNodeGroup, std::nullopt,
             fmt::format("node group {}: no node", name)},
            std::nullopt,
            std::nullopt};
  }
  const NodePod& a = pods.front();
  const NodePod& b = pods.back();
  const std::string description =
      pods.size() == 1
          ? fmt::format("node group {}: {} on {}{}", name, a.what, a.sender.node->name(),
                        eni_text(world, a.sender.pod))
          : fmt::format("node group {}: {} on {} and {} on {}{}", name, a.what,
                        a.sender.node->name(), b.what, b.sender.node->name(),
                        eni_text(world, b.sender.pod));
  return {{name, EndpointKind::kNodeGroup, b.sender.pod, description}, a.sender, std::nullopt};
}

// CoreDNS's pods carry k8s-app=kube-dns, the kube-dns Service's selector.
bool is_kube_dns(const k8s::ApiServer& api, const k8s::Pod& pod) {
  const k8s::StrId key = api.strings().find("k8s-app");
  const k8s::StrId value = api.strings().find("kube-dns");
  for (const k8s::Label& l : api.spec_of(pod).labels.items()) {
    if (l.key == key && l.value == value) return true;
  }
  return false;
}

// The first live ENI of `role` (and `service`), in the order the VPC created them.
std::optional<vpc::EniId> first_eni(const vpc::Vpc& vpc, vpc::EniRole role,
                                    std::string_view service = "") {
  for (size_t i = 0; i < vpc.eni_count(); ++i) {
    const vpc::EniId id(static_cast<uint32_t>(i));
    if (!vpc.eni_exists(id)) continue;
    const vpc::Eni& eni = vpc.eni(id);
    if (eni.role == role && (service.empty() || eni.service == service)) return id;
  }
  return std::nullopt;
}

void add_aws_members(const World& world, std::vector<Member>& members) {
  const vpc::Vpc& vpc = world.vpc();
  if (const auto cp = first_eni(vpc, vpc::EniRole::kEksControlPlane)) {
    const net::Ipv4 address = vpc.eni(*cp).primary_ip;
    members.push_back({{"control-plane", EndpointKind::kControlPlane, address,
                        fmt::format("EKS control plane (private endpoint): {}{}",
                                    address.to_string(), eni_text(world, address))},
                       std::nullopt,
                       cp});
  }
  for (const spec::VpcEndpoint& e : world.scenario().cluster.vpc.endpoints) {
    if (e.type != spec::VpcEndpoint::Type::kInterface) continue;
    const auto eni = first_eni(vpc, vpc::EniRole::kInterfaceEndpoint, e.service);
    if (!eni) continue;
    const net::Ipv4 address = vpc.eni(*eni).primary_ip;
    members.push_back({{"vpce-" + e.service, EndpointKind::kInterfaceEndpoint, address,
                        fmt::format("interface endpoint {}: {}{}", e.service,
                                    address.to_string(), eni_text(world, address))},
                       std::nullopt,
                       std::nullopt});
  }
  for (const spec::VpcHost& h : world.scenario().cluster.vpc.hosts) {
    const auto eni = vpc.owner_of(h.ip);
    if (!eni) continue;
    members.push_back({{h.name, EndpointKind::kHost, h.ip,
                        fmt::format("host {}: {}{}", h.name, h.ip.to_string(),
                                    eni_text(world, h.ip))},
                       std::nullopt,
                       eni});
  }
}

// Each SecurityGroupPolicy by its first Running pod (by name) with a branch ENI that the policy
// applies to; none yet: it sends nothing and is not reached.
void add_security_group_policy_members(const World& world, std::vector<Member>& members) {
  const k8s::ApiServer& api = world.api();
  // The policies now, those the timeline applied included.
  for (const spec::SecurityGroupPolicy& p : world.security_group_policies().all()) {
    const spec::SecurityGroupPolicy* policy = &p;
    const std::string name = fmt::format("sgp {}/{}", policy->ns, policy->name);
    const k8s::Pod* best = nullptr;
    for (size_t i = 0; i < api.pod_slots(); ++i) {
      const k8s::Pod& pod = api.pod(k8s::PodId(static_cast<uint32_t>(i)));
      if (pod.removed || pod.phase != k8s::PodPhase::kRunning || !pod.has_ip) continue;
      if (api.namespace_of(pod) != policy->ns) continue;
      if (world.branch_enis().branch_of(pod.id) == nullptr) continue;
      std::map<std::string, std::string> labels;
      for (const k8s::Label& l : api.spec_of(pod).labels.items())
        labels[std::string(api.strings().view(l.key))] = api.strings().view(l.value);
      const auto applying = world.security_group_policies().policies_for(
          policy->ns, labels, api.strings().view(api.spec_of(pod).service_account));
      if (std::find(applying.begin(), applying.end(), policy->ns + "/" + policy->name) ==
          applying.end()) {
        continue;
      }
      if (best == nullptr || pod.name < best->name) best = &pod;
    }
    const NodeAgent* node = best != nullptr ? world.node_agent(best->node) : nullptr;
    if (best == nullptr || node == nullptr) {
      members.push_back({{name, EndpointKind::kPodSecurityGroup, std::nullopt,
                          fmt::format("SecurityGroupPolicy {}/{}: no running pod with a branch "
                                      "ENI",
                                      policy->ns, policy->name)},
                         std::nullopt,
                         std::nullopt});
      continue;
    }
    members.push_back(
        {{name, EndpointKind::kPodSecurityGroup, best->ip,
          fmt::format("SecurityGroupPolicy {}/{}: pod {}/{} {} on {}, its branch ENI{}",
                      policy->ns, policy->name, policy->ns, best->name, best->ip.to_string(),
                      node->name(), eni_text(world, best->ip))},
         PodSender{node, best->node, best->ip},
         std::nullopt});
  }
}

}  // namespace

Member coredns_member(const World& world) {
  const k8s::ApiServer& api = world.api();
  const net::Ipv4 kube_dns = world.services().kube_dns_ip();
  const k8s::Pod* best = nullptr;
  for (size_t i = 0; i < api.pod_slots(); ++i) {
    const k8s::Pod& pod = api.pod(k8s::PodId(static_cast<uint32_t>(i)));
    if (pod.removed || pod.phase != k8s::PodPhase::kRunning || !pod.has_ip) continue;
    if (api.namespace_of(pod) != "kube-system" || !is_kube_dns(api, pod)) continue;
    if (best == nullptr || pod.name < best->name) best = &pod;
  }
  const NodeAgent* node = best != nullptr ? world.node_agent(best->node) : nullptr;
  if (best == nullptr || node == nullptr) {
    return {{"coredns", EndpointKind::kCoreDns, std::nullopt,
             fmt::format("CoreDNS: no running pod, behind kube-dns {}", kube_dns.to_string())},
            std::nullopt,
            std::nullopt};
  }
  return {{"coredns", EndpointKind::kCoreDns, best->ip,
           fmt::format("CoreDNS: pod kube-system/{} {} on {}, behind kube-dns {}", best->name,
                       best->ip.to_string(), node->name(), kube_dns.to_string())},
          PodSender{node, best->node, best->ip},
          std::nullopt};
}

std::vector<Member> find_members(const World& world) {
  std::vector<Member> members;
  for (const auto& group : world.node_groups())
    members.push_back(node_group_member(world, *group));
  members.push_back(coredns_member(world));
  add_aws_members(world, members);
  add_security_group_policy_members(world, members);
  return members;
}

}  // namespace ekssim::cluster::detail
