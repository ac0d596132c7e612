#include "tools/serve/cluster_state.h"

#include <map>

#include "tools/serve/branch_eni_state.h"

namespace ekssim::serve {

namespace {

using nlohmann::json;

json subnets(const cluster::World& world) {
  json out = json::array();
  for (const aws::Subnet& s : world.ec2().subnets()) {
    out.push_back({{"name", s.name},
                   {"az", s.availability_zone},
                   {"cidr", s.cidr.to_string()},
                   {"usable", s.addresses->usable_addresses()},
                   {"used", s.addresses->used_addresses()},
                   {"free", s.addresses->free_addresses()}});
  }
  return out;
}

// One ENI's cells: its primary address, then ipamd's addresses on it, then the free slots.
json eni_cells(sim::Time now, const aws::NetworkInterface& eni,
               const std::vector<cni::AddressInfo>& pool, const cni::WarmPoolConfig& config,
               int slots) {
  const bool prefixes = config.prefix_delegation;
  const sim::Duration cooldown = config.ip_cooldown;
  json cells = json::array();
  cells.push_back({{"ip", eni.primary_ip.to_string()}, {"state", "primary"}});
  int held = 0;
  for (const cni::AddressInfo& a : pool) {
    if (a.eni != eni.id) continue;
    ++held;
    std::string state = "warm";
    if (!a.key.empty()) {
      state = "assigned";
    } else if (a.unassigned_at && now - *a.unassigned_at < cooldown) {
      state = "cooling";
    }
    json cell = {{"ip", a.ip.to_string()}, {"state", state}};
    if (!a.key.empty()) cell["pod"] = a.key;
    cells.push_back(std::move(cell));
  }
  // Addresses EC2 gave the ENI that ipamd has not taken into its store yet.
  if (!prefixes) {
    for (const net::Ipv4 ip : eni.secondary_ips) {
      bool known = false;
      for (const cni::AddressInfo& a : pool)
        known = known || (a.eni == eni.id && a.ip == ip);
      if (!known) {
        cells.push_back({{"ip", ip.to_string()}, {"state", "attaching"}});
        ++held;
      }
    }
  }
  for (int i = held; i < slots; ++i)
    cells.push_back({{"state", "free"}});
  return cells;
}

json node_state(const cluster::World& world, sim::Time now, const cluster::NodeAgent& agent) {
  const aws::Instance& instance = world.ec2().instance(agent.instance());
  const bool prefixes = agent.ipamd().datastore().config().prefix_delegation;
  const int slots = (instance.type->ipv4_per_eni - 1) * (prefixes ? 16 : 1);
  const std::vector<cni::AddressInfo> pool = agent.ipamd().datastore().addresses();
  json enis = json::array();
  for (const aws::EniIndex e : instance.enis) {
    const aws::NetworkInterface& eni = world.ec2().eni(e);
    // The trunk holds no pod address (ipamd.go setupENI with isTrunkENI), so no free slots.
    const bool trunk = eni.interface_type == aws::InterfaceType::kTrunk;
    json entry = {
        {"id", eni.id},
        {"device", eni.device_index},
        {"subnet", world.ec2().subnet(eni.subnet).name},
        {"securityGroups", eni.security_groups},
        {"cells", eni_cells(now, eni, pool, agent.ipamd().datastore().config(), trunk ? 0 : slots)}};
    if (trunk) {
      entry["trunk"] = true;
      entry["branches"] = branch_enis(world, agent, e);
    }
    enis.push_back(std::move(entry));
  }
  std::string ready = "NotRegistered";
  const k8s::NodeId id = world.api().find_node(agent.name());
  if (id.valid()) ready = std::string(k8s::to_string(world.api().node(id).ready));
  return {{"name", agent.name()},
          {"group", agent.node_group()},
          {"type", instance.type->name},
          {"az", world.ec2().subnet(instance.subnet).availability_zone},
          {"subnet", world.ec2().subnet(instance.subnet).name},
          {"ip", agent.primary_ip().to_string()},
          {"ready", ready},
          {"maxEnis", instance.type->max_enis},
          {"enis", std::move(enis)}};
}

json pods(const cluster::World& world) {
  const k8s::ApiServer& api = world.api();
  json out = json::array();
  for (size_t i = 0; i < api.pod_slots(); ++i) {
    const k8s::Pod& pod = api.pod(k8s::PodId(static_cast<uint32_t>(i)));
    if (pod.removed) continue;
    json p = {{"ns", std::string(api.namespace_of(pod))},
              {"name", pod.name},
              {"phase", pod.terminating ? "Terminating" : std::string(k8s::to_string(pod.phase))},
              {"node", std::string(api.node_name(pod.node))},
              {"hostNetwork", api.spec_of(pod).host_network}};
    if (pod.has_ip) p["ip"] = pod.ip.to_string();
    add_pod_security_groups(world, pod, p);
    if (!pod.pending_reason.empty()) {
      p["reason"] = std::string(pod.pending_reason);
      p["message"] = pod.pending_message;
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

json cluster_state(const cluster::World& world, sim::Time now) {
  json nodes = json::array();
  for (const auto& group : world.node_groups()) {
    for (const auto& agent : group->nodes()) {
      if (!agent->terminated()) nodes.push_back(node_state(world, now, *agent));
    }
  }
  return {{"t", now.seconds_double()},
          {"subnets", subnets(world)},
          {"nodes", std::move(nodes)},
          {"pods", pods(world)}};
}

}  // namespace ekssim::serve
