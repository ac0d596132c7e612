#pragma once
// DaemonSets (pkg/controller/daemon): one pod of each DaemonSet on every node whose labels match
// its nodeSelector, created when the node registers and bound to it directly. In EKS these are
// aws-node and kube-proxy: host-network pods that count against the node's max pods like any
// other (the scheduler's cache counts every bound pod).
//
// Simplifications: upstream the DaemonSet controller sets node affinity and lets kube-scheduler
// bind the pod; here the controller binds it. Taints are not checked: EKS's DaemonSets tolerate
// every taint (`operator: Exists`). A deleted DaemonSet pod is replaced once it is gone, not
// while it terminates (its host ports would clash). Pods are `<daemonset>-<5 chars>`, drawn from
// the stream "daemonset/<namespace>/<name>". Creation happens in a sync at the same instant, in
// its own event.

#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "models/k8s/api_server.h"
#include "sim/kernel.h"
#include "sim/random.h"
#include "sim/timer.h"

namespace ekssim::k8s {

class DaemonSetController : public PodWatcher, public NodeWatcher {
 public:
  struct DaemonSetSpec {
    std::string ns;
    std::string name;
    // The pod template; the controller fills in ns, owner_kind, owner_name and owner_index.
    PodTemplate pod;
  };

  DaemonSetController(sim::Kernel& kernel, ApiServer& api, uint64_t scenario_seed);
  DaemonSetController(const DaemonSetController&) = delete;
  DaemonSetController& operator=(const DaemonSetController&) = delete;

  // Returns the DaemonSet's index; pods for the nodes already registered come in the next sync.
  uint32_t add(DaemonSetSpec spec);

  void node_added(const Node& node) override;
  void pod_removed(const Pod& pod) override;

 private:
  struct DaemonSet {
    DaemonSet(uint64_t seed, const std::string& stream_name) : rng(seed, stream_name) {}
    std::string ns;
    std::string name;
    TemplateId spec;
    sim::RandomStream rng;
  };

  void want(uint32_t daemon_set, NodeId node);
  void sync();

  ApiServer& api_;
  uint64_t seed_;
  std::deque<DaemonSet> daemon_sets_;
  std::vector<std::pair<uint32_t, NodeId>> wanted_;  // pods to create, in request order
  sim::Timer sync_timer_;
};

}  // namespace ekssim::k8s
