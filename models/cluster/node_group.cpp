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

int NodeGroup::live_count() const {
  return static_cast<int>(
      std::count_if(nodes_.begin(), nodes_.end(), [](const auto& n) { return !n->terminated(); }));
}

int NodeGroup::live_in_zone(const std::string& zone) const {
  return static_cast<int>(std::count_if(nodes_.begin(), nodes_.end(), [&](const auto& n) {
    return !n->terminated() && n->subnet().availability_zone == zone;
  }));
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
  while (live_count() > desired_)
    terminate_one();
  while (live_count() < desired_) {
    if (!launch_one()) {
      retry_.schedule_in(kLaunchRetry, [this] { reconcile(); });
      return;
    }
  }
}

bool NodeGroup::launch_pinned() {
  while (pins_used_ < config_.pinned.size()) {
    const PinnedNodeConfig& pin = config_.pinned[pins_used_++];
    const GroupSubnet& subnet = config_.subnets[pin.subnet];
    if (failed_zones_.count(subnet.availability_zone) != 0) continue;
    const auto launched = services_.ec2.run_instance(
        *config_.type, subnet.subnet, config_.security_groups, services_.kernel.now(), pin.ip);
    if (!launched.error.ok()) continue;
    nodes_.push_back(
        std::make_unique<NodeAgent>(services_, config_, subnet, launched.instance, pin.name));
    nodes_.back()->launch();
    return true;
  }
  return false;
}

bool NodeGroup::launch_one() {
  if (launch_pinned()) return true;
  // Zones by how few instances they have (the ASG's AZ balancing), then, inside a zone, the
  // subnet with the fewest of the group's instances, then the order of the subnets. Counted in
  // one pass: a launch costs O(nodes + subnets log subnets).
  std::map<std::string_view, int> in_zone;
  std::map<aws::SubnetIndex, int> in_subnet;
  for (const auto& n : nodes_) {
    if (n->terminated()) continue;
    ++in_zone[n->subnet().availability_zone];
    ++in_subnet[n->subnet().subnet];
  }
  std::vector<const GroupSubnet*> order;
  for (const GroupSubnet& s : config_.subnets)
    order.push_back(&s);
  std::stable_sort(order.begin(), order.end(), [&](const GroupSubnet* a, const GroupSubnet* b) {
    return std::pair(in_zone[a->availability_zone], in_subnet[a->subnet]) <
           std::pair(in_zone[b->availability_zone], in_subnet[b->subnet]);
  });
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
    nodes_.push_back(std::make_unique<NodeAgent>(services_, config_, *subnet, launched.instance));
    nodes_.back()->launch();
    return true;
  }
  if (first_refused != nullptr) {
    services_.trace.emit(NodeGroupLaunchFailed{config_.name, first_refused->name, first_error.code,
                                               first_error.message});
  }
  return false;
}

void NodeGroup::terminate_one() {
  // The zone with the most instances, and in it the newest instance.
  NodeAgent* victim = nullptr;
  int most = -1;
  for (auto it = nodes_.rbegin(); it != nodes_.rend(); ++it) {
    NodeAgent& n = **it;
    if (n.terminated()) continue;
    const int in_zone = live_in_zone(n.subnet().availability_zone);
    if (in_zone > most) {
      most = in_zone;
      victim = &n;
    }
  }
  if (victim != nullptr) victim->terminate();
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
