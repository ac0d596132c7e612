#pragma once
// Deployments and their ReplicaSet (pkg/controller/deployment, pkg/controller/replicaset): keeps
// each Deployment's count of active pods at its replicas.
//
// - One ReplicaSet per Deployment, named `<deployment>-<pod-template-hash>`; rollouts (a second
//   template) are not modelled. Pods are `<replicaset>-<5 chars>` (pod_names.h), the suffix drawn
//   from the stream "deployment/<namespace>/<name>".
// - Active pods (`IsPodActive`: not terminating, not finished) count; a pod being deleted is
//   replaced at once, while it is still Terminating, as upstream.
// - Scale-down deletes the pods that sort first by `ActivePodsWithRanks.Less`
//   (pkg/controller/controller_utils.go, with LogarithmicScaleDown on, its default since 1.22):
//   unscheduled before scheduled; Pending before Running (a Running pod is Ready here, so
//   "not ready first" is the same rule); more pods of the ReplicaSet on the same node first
//   (`getPodsRankedByRelatedPodsOnSameNode`); then the more recently Ready, then the more recently
//   created, comparing floor(log2(age in ns)) and breaking equal buckets by uid (pseudo-random).
//   Pod deletion cost and restart counts are not modelled. Equal pods keep their list order
//   (a stable sort; upstream's sort is not stable).
// - A change is acted on in a sync at the same instant, in its own event, like the controller's
//   workqueue; the slow-start batches and burstReplicas (500 per sync) are not modelled: all
//   missing pods are created in one sync.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/k8s/api_server.h"
#include "sim/kernel.h"
#include "sim/random.h"
#include "sim/timer.h"

namespace ekssim::k8s {

class DeploymentController : public PodWatcher {
 public:
  struct DeploymentSpec {
    std::string ns;
    std::string name;
    int replicas = 1;
    // The pod template; the controller fills in ns, owner_kind, owner_name and owner_index.
    PodTemplate pod;
  };

  DeploymentController(sim::Kernel& kernel, ApiServer& api, uint64_t scenario_seed);
  DeploymentController(const DeploymentController&) = delete;
  DeploymentController& operator=(const DeploymentController&) = delete;

  // Returns the deployment's index; its pods are created in the next sync.
  uint32_t add(DeploymentSpec spec);
  void scale(uint32_t deployment, int replicas);
  std::optional<uint32_t> find(std::string_view ns, std::string_view name) const;

  int replicas(uint32_t deployment) const { return deployments_[deployment].replicas; }
  const std::string& replica_set_name(uint32_t deployment) const {
    return deployments_[deployment].replica_set;
  }
  // The active pods, in no particular order.
  const std::vector<PodId>& active_pods(uint32_t deployment) const {
    return deployments_[deployment].active;
  }

  void pod_changed(const Pod& pod, PodChange change) override;
  void pod_removed(const Pod& pod) override;

 private:
  struct Deployment {
    Deployment(uint64_t seed, const std::string& stream_name) : rng(seed, stream_name) {}
    std::string ns;
    std::string name;
    std::string replica_set;
    TemplateId spec;
    int replicas = 0;
    sim::RandomStream rng;
    std::vector<PodId> active;
    bool dirty = false;
  };

  bool owns(const Pod& pod) const;
  void forget(const Pod& pod);
  void mark_dirty(uint32_t deployment);
  void sync_all();
  void sync(uint32_t deployment);
  std::vector<PodId> pods_to_delete(const Deployment& d, size_t count) const;

  sim::Kernel& kernel_;
  ApiServer& api_;
  uint64_t seed_;
  std::deque<Deployment> deployments_;
  std::vector<uint32_t> dirty_;
  std::vector<uint32_t> position_;  // by pod id: index in its deployment's `active`
  std::vector<uint8_t> tracked_;    // by pod id: in some `active`
  sim::Timer sync_timer_;
};

}  // namespace ekssim::k8s
