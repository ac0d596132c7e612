#pragma once
// A node group: an EC2 Auto Scaling group of instances that join the cluster as nodes (eksctl's
// nodeGroups / EKS managed node groups).
//
// Behaviour follows the Auto Scaling user guide:
//  - it keeps `desired` instances, launching across its subnets so that availability zones stay
//    balanced ("Rebalancing activities": a launch goes to the zone with the fewest instances);
//    inside a zone with several of the group's subnets, to the one with the fewest of its
//    instances (an assumption: AWS documents no order there), ties by the order of the subnets;
//  - scale-in terminates from the zone with the most instances, and in it the instance launched
//    last (the default policy's later criteria — launch template age, billing hour — reduce to
//    this here);
//  - a failed launch (the subnet has no free address, the zone is down) is retried in another
//    zone, and after 10 s if every zone failed (the real back-off grows; say so in the docs);
//  - an instance terminated from outside (an event, a zone failure) is replaced;
//  - extension: the group's first launches take its pinned nodes (NodeGroupConfig::pinned), in
//    order, each in the subnet holding its address, zone balance aside (an Auto Scaling group
//    cannot pin addresses; tests and imported clusters need known names). A pin is used once:
//    later launches, replacements included, get addresses EC2 picks. A pin whose launch fails
//    (its zone is down, its address taken) is skipped.
// Each instance becomes a NodeAgent, which models its bring-up.

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "models/cluster/node_agent.h"
#include "sim/timer.h"

namespace ekssim::cluster {

class NodeGroup {
 public:
  NodeGroup(NodeServices& services, NodeGroupConfig config);
  NodeGroup(const NodeGroup&) = delete;
  NodeGroup& operator=(const NodeGroup&) = delete;

  void set_desired(int desired);
  // An instance of this group was terminated (event, zone failure): it will be replaced.
  void instance_gone(NodeAgent& node);
  void fail_zone(const std::string& availability_zone);
  // The terminateInstance event: the live node `index` in launch order, or the live node named
  // `node`; returns whether one was terminated (it is replaced).
  bool terminate_instance(size_t index);
  bool terminate_instance(std::string_view node);
  // The restartDaemon (ipamd) and setEnv events: aws-node restarts on the live node named `node`
  // (empty: on every live node).
  void restart_ipamd(std::string_view node = {});

  const NodeGroupConfig& config() const { return config_; }
  int desired() const { return desired_; }
  // Every node ever launched by the group, in launch order (terminated ones included).
  const std::vector<std::unique_ptr<NodeAgent>>& nodes() const { return nodes_; }
  NodeAgent* live_node(size_t index_in_launch_order);
  // The live node named `name`, or null; O(log nodes).
  const NodeAgent* find_live(std::string_view name) const;

 private:
  // The group's live instances, counted once per reconcile and kept up to date by its launches
  // and terminations: a reconcile that launches n instances costs O(nodes + n · subnets log
  // subnets), not O(n · nodes) (100,000-node clusters launch tens of thousands per group).
  struct Tally {
    int live = 0;
    std::map<std::string_view, int> in_zone;
    std::map<aws::SubnetIndex, int> in_subnet;
    void add(const GroupSubnet& subnet, int sign);
  };
  Tally tally() const;
  void reconcile();
  // Appends a launched instance's agent and starts it.
  void add_node(std::unique_ptr<NodeAgent> node, Tally& tally);
  bool launch_one(Tally& tally);
  bool launch_pinned(Tally& tally);
  void terminate_one(Tally& tally);

  NodeServices& services_;
  NodeGroupConfig config_;
  int desired_ = 0;
  std::set<std::string> failed_zones_;
  std::vector<std::unique_ptr<NodeAgent>> nodes_;
  // The newest node of each name: a name (from the private address) comes back only after its
  // earlier holder is gone.
  std::map<std::string, const NodeAgent*, std::less<>> by_name_;
  size_t pins_used_ = 0;
  sim::Timer retry_;
};

}  // namespace ekssim::cluster
