#include "tools/serve/branch_eni_state.h"

#include <algorithm>
#include <map>
#include <string>

namespace ekssim::serve {

namespace {

using nlohmann::json;

// Whether the ENI holds `ip` as its primary or a secondary address, or in a delegated prefix.
bool holds(const aws::NetworkInterface& eni, net::Ipv4 ip) {
  if (eni.primary_ip == ip) return true;
  if (std::find(eni.secondary_ips.begin(), eni.secondary_ips.end(), ip) != eni.secondary_ips.end())
    return true;
  return std::any_of(eni.prefixes.begin(), eni.prefixes.end(),
                     [&](const net::Cidr& p) { return p.contains(ip); });
}

}  // namespace

json branch_enis(const cluster::World& world, const cluster::NodeAgent& agent,
                 aws::EniIndex trunk) {
  const k8s::ApiServer& api = world.api();
  const k8s::NodeId node = api.find_node(agent.name());
  // The pods holding a branch on this node, by the branch's ENI.
  std::map<aws::EniIndex, const k8s::Pod*> owners;
  if (node.valid()) {
    for (const k8s::PodId p : api.pods_on(node)) {
      if (const cluster::BranchEni* b = world.branch_enis().branch_of(p))
        owners[b->eni] = &api.pod(p);
    }
  }
  // By VLAN id, as `aws ec2 describe-trunk-interface-associations` lists them.
  std::map<int, json> by_vlan;
  const std::vector<aws::EniIndex> branches =
      node.valid() ? world.branch_enis().branches_on(node) : std::vector<aws::EniIndex>{};
  for (const aws::EniIndex e : branches) {
    const aws::NetworkInterface& eni = world.ec2().eni(e);
    if (eni.trunk != trunk) continue;
    json b = {{"id", eni.id},
              {"vlan", eni.vlan},
              {"ip", eni.primary_ip.to_string()},
              {"subnet", world.ec2().subnet(eni.subnet).name},
              {"securityGroups", eni.security_groups}};
    if (const auto it = owners.find(e); it != owners.end()) {
      b["pod"] = std::string(api.namespace_of(*it->second)) + "/" + it->second->name;
    } else {
      b["cooling"] = true;
    }
    by_vlan.emplace(eni.vlan, std::move(b));
  }
  json out = json::array();
  for (auto& [vlan, b] : by_vlan)
    out.push_back(std::move(b));
  return out;
}

void add_pod_security_groups(const cluster::World& world, const k8s::Pod& pod, json& out) {
  if (!pod.has_ip) return;
  if (const cluster::BranchEni* b = world.branch_enis().branch_of(pod.id)) {
    out["branchEni"] = b->id;
    out["securityGroups"] = b->security_groups;
    return;
  }
  const cluster::NodeAgent* agent = world.node_agent(pod.node);
  if (agent == nullptr) return;
  const bool host = world.api().spec_of(pod).host_network;
  for (const aws::EniIndex e : world.ec2().instance(agent->instance()).enis) {
    const aws::NetworkInterface& eni = world.ec2().eni(e);
    if (host ? eni.device_index == 0 : holds(eni, pod.ip)) {
      out["securityGroups"] = eni.security_groups;
      return;
    }
  }
}

}  // namespace ekssim::serve
