#include "models/cluster/node_group.h"

#include <algorithm>

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

bool NodeGroup::launch_one() {
  // Zones by how few instances they have, then by the order of the subnets.
  std::vector<const GroupSubnet*> order;
  for (const GroupSubnet& s : config_.subnets)
    order.push_back(&s);
  std::stable_sort(order.begin(), order.end(), [this](const GroupSubnet* a, const GroupSubnet* b) {
    return live_in_zone(a->availability_zone) < live_in_zone(b->availability_zone);
  });
  for (const GroupSubnet* subnet : order) {
    if (failed_zones_.count(subnet->availability_zone) != 0) continue;
    const auto launched = services_.ec2.run_instance(
        *config_.type, subnet->subnet, config_.security_groups, services_.kernel.now());
    if (!launched.error.ok()) continue;  // the next zone, as the ASG does
    nodes_.push_back(std::make_unique<NodeAgent>(services_, config_, *subnet, launched.instance));
    nodes_.back()->launch();
    return true;
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

void NodeGroup::fail_zone(const std::string& availability_zone) {
  failed_zones_.insert(availability_zone);
  for (auto& n : nodes_) {
    if (!n->terminated() && n->subnet().availability_zone == availability_zone) n->terminate();
  }
  reconcile();
}

}  // namespace ekssim::cluster
