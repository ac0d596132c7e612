#pragma once
// Registered nodes' agents by NodeId, kept from the API server's node watch: how the data plane
// finds the NodeAgent (its ENIs, its address) of the node a pod runs on in O(1).

#include <functional>
#include <string_view>
#include <vector>

#include "models/k8s/api_server.h"

namespace ekssim::cluster {

class NodeAgent;

class NodeDirectory final : public k8s::NodeWatcher {
 public:
  using FindByName = std::function<const NodeAgent*(std::string_view)>;
  explicit NodeDirectory(FindByName find) : find_(std::move(find)) {}

  // Null for none, or a node that is gone.
  const NodeAgent* agent(k8s::NodeId node) const {
    return node.valid() && node.index() < agents_.size() ? agents_[node.index()] : nullptr;
  }

  void node_added(const k8s::Node& node) override {
    if (agents_.size() <= node.id.index()) agents_.resize(node.id.index() + 1, nullptr);
    agents_[node.id.index()] = find_(node.spec.name);
  }
  void node_removed(const k8s::Node& node) override {
    if (node.id.index() < agents_.size()) agents_[node.id.index()] = nullptr;
  }

 private:
  FindByName find_;
  std::vector<const NodeAgent*> agents_;
};

}  // namespace ekssim::cluster
