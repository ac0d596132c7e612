#include "models/cluster/node_group.h"

#include <algorithm>
#include <map>
#include <string_view>

#include "models/cluster/cluster_events.h"

namespace ekssim::cluster {

namespace {
constexpr sim::Duration kLaunchRetry = sim::Duration::seconds(10);
}

NodeGroup::NodeGroup(NodeServices& services, NodeGroupConfig config)
    : services_(services), config_(std::move(config)), retry_(services.kernel) {}

void NodeGroup::Tally::add(const GroupSubnet& subnet, int sign) {
  live += sign;
  in_zone[subnet.availability_zone] += sign;
  in_subnet[subnet.subnet] += sign;
}

NodeGroup::Tally NodeGroup::tally() const {
  Tally t;
  for (const auto& n : nodes_) {
    if (!n->terminated()) t.add(n->subnet(), +1);
  }
  return t;
}

void NodeGroup::set_desired(int desired) {
  desired_ = desired;
  reconcile();
}

NodeAgent* NodeGroup::live_node(size_t index) {
  size_t seen = 0;
  for (auto& n : nodes_) {
    if (n->terminated()) continue;
    if (seen++ == index) return n.get();
  }
  return nullptr;
}

void NodeGroup::reconcile() {
  Tally t = tally();
  while (t.live > desired_)
    terminate_one(t);
  while (t.live < desired_) {
    if (!launch_one(t)) {
      retry_.schedule_in(kLaunchRetry, [this] { reconcile(); });
      return;
    }
  }
}

bool NodeGroup::launch_pinned(Tally& tally) {
  while (pins_used_ < config_.pinned.size()) {
    const PinnedNodeConfig& pin = config_.pinned[pins_used_++];
    const GroupSubnet& subnet = config_.subnets[pin.subnet];
    if (failed_zones_.count(subnet.availability_zone) != 0) continue;
    const auto launched = services_.ec2.run_instance(
        *config_.type, subnet.subnet, config_.security_groups, services_.kernel.now(), pin.ip);
    if (!launched.error.ok()) continue;
    add_node(std::make_unique<NodeAgent>(services_, config_, subnet, launched.instance, pin.name),
             tally);
    return true;
  }
  return false;
}

void NodeGroup::add_node(std::unique_ptr<NodeAgent> node, Tally& tally) {
  tally.add(node->subnet(), +1);
  by_name_[node->name()] = node.get();
  nodes_.push_back(std::move(node));
  nodes_.back()->launch();
}

const NodeAgent* NodeGroup::find_live(std::string_view name) const {
  const auto it = by_name_.find(name);
  return it != by_name_.end() && !it->second->terminated() ? it->second : nullptr;
}

bool NodeGroup::launch_one(Tally& tally) {
  if (launch_pinned(tally)) return true;
  // Zones by how few instances they have (the ASG's AZ balancing), then, inside a zone, the
  // subnet with the fewest of the group's instances, then the order of the subnets.
  std::vector<const GroupSubnet*> order;
  for (const GroupSubnet& s : config_.subnets)
    order.push_back(&s);
  const auto load = [&](const GroupSubnet* s) {
    const auto zone = tally.in_zone.find(s->availability_zone);
    const auto subnet = tally.in_subnet.find(s->subnet);
    return std::pair(zone != tally.in_zone.end() ? zone->second : 0,
                     subnet != tally.in_subnet.end() ? subnet->second : 0);
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](const GroupSubnet* a, const GroupSubnet* b) { return load(a) < load(b); });
  const GroupSubnet* first_refused = nullptr;
  aws::Ec2Error first_error;
  for (const GroupSubnet* subnet : order) {
    if (failed_zones_.count(subnet->availability_zone) != 0) continue;
    const auto launched = services_.ec2.run_instance(
        *config_.type, subnet->subnet, config_.security_groups, services_.kernel.now());
    if (!launched.error.ok()) {  // the next zone, as the ASG does
      if (first_refused == nullptr) {
        first_refused = subnet;
        first_error = launched.error;
      }
      continue;
    }
    add_node(std::make_unique<NodeAgent>(services_, config_, *subnet, launched.instance), tally);
    return true;
  }
  if (first_refused != nullptr) {
    services_.trace.emit(NodeGroupLaunchFailed{config_.name, first_refused->name, first_error.code,
                                               first_error.message});
  }
  return false;
}

void NodeGroup::terminate_one(Tally& tally) {
  // The zone with the most instances, and in it the newest instance.
  NodeAgent* victim = nullptr;
  int most = -1;
  for (auto it = nodes_.rbegin(); it != nodes_.rend(); ++it) {
    NodeAgent& n = **it;
    if (n.terminated()) continue;
    const int in_zone = tally.in_zone[n.subnet().availability_zone];
    if (in_zone > most) {
      most = in_zone;
      victim = &n;
    }
  }
  if (victim == nullptr) {
    tally.live = desired_;  // nothing left to terminate
    return;
  }
  tally.add(victim->subnet(), -1);
  victim->terminate();
}

void NodeGroup::instance_gone(NodeAgent& node) {
  node.terminate();
  reconcile();
}

bool NodeGroup::terminate_instance(size_t index) {
  NodeAgent* node = live_node(index);
  if (node != nullptr) instance_gone(*node);
  return node != nullptr;
}

bool NodeGroup::terminate_instance(std::string_view name) {
  for (auto& n : nodes_) {
    if (!n->terminated() && n->name() == name) {
      instance_gone(*n);
      return true;
    }
  }
  return false;
}

void NodeGroup::restart_ipamd(std::string_view node) {
  for (auto& n : nodes_) {
    if (node.empty() || n->name() == node) n->restart_ipamd();
  }
}

void NodeGroup::fail_zone(const std::string& availability_zone) {
  failed_zones_.insert(availability_zone);
  for (auto& n : nodes_) {
    if (!n->terminated() && n->subnet().availability_zone == availability_zone) n->terminate();
  }
  reconcile();
}

}  // namespace ekssim::cluster
