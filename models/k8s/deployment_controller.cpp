#include "models/k8s/deployment_controller.h"

#include <algorithm>
#include <bit>
#include <unordered_map>
#include <utility>

#include "models/k8s/pod_names.h"

namespace ekssim::k8s {
namespace {

// controller_utils.go, `podPhaseToOrdinal`: Pending < Unknown < Running.
int phase_ordinal(PodPhase phase) {
  return phase == PodPhase::kRunning ? 2 : 0;
}

// controller_utils.go, `logarithmicRankDiff`: floor(log2(now - t)) in nanoseconds, -1 for a
// zero or negative age. The bit width gives the floor exactly where Go rounds through float64.
int log2_age(sim::Time now, sim::Time t) {
  const int64_t age = (now - t).nanoseconds();
  return age > 0 ? static_cast<int>(std::bit_width(static_cast<uint64_t>(age))) - 1 : -1;
}

}  // namespace

DeploymentController::DeploymentController(sim::Kernel& kernel, ApiServer& api,
                                           uint64_t scenario_seed)
    : kernel_(kernel), api_(api), seed_(scenario_seed), sync_timer_(kernel) {
  api_.watch_pods(this);
}

uint32_t DeploymentController::add(DeploymentSpec spec) {
  const auto index = static_cast<uint32_t>(deployments_.size());
  Deployment& d = deployments_.emplace_back(seed_, "deployment/" + spec.ns + "/" + spec.name);
  StringTable& strings = api_.strings();
  spec.pod.ns = strings.intern(spec.ns);
  spec.pod.owner_kind = OwnerKind::kReplicaSet;
  spec.pod.owner_name = strings.intern(spec.name);
  spec.pod.owner_index = index;
  d.replica_set = spec.name + "-" + pod_template_hash(spec.ns, spec.name);
  d.ns = std::move(spec.ns);
  d.name = std::move(spec.name);
  d.replicas = spec.replicas;
  d.spec = api_.add_template(std::move(spec.pod));
  mark_dirty(index);
  return index;
}

void DeploymentController::scale(uint32_t deployment, int replicas) {
  deployments_[deployment].replicas = replicas;
  mark_dirty(deployment);
}

std::optional<uint32_t> DeploymentController::find(std::string_view ns,
                                                   std::string_view name) const {
  for (uint32_t i = 0; i < deployments_.size(); ++i) {
    if (deployments_[i].ns == ns && deployments_[i].name == name) return i;
  }
  return std::nullopt;
}

bool DeploymentController::owns(const Pod& pod) const {
  return api_.spec_of(pod).owner_kind == OwnerKind::kReplicaSet;
}

void DeploymentController::forget(const Pod& pod) {
  if (pod.id.index() >= tracked_.size() || tracked_[pod.id.index()] == 0) return;
  tracked_[pod.id.index()] = 0;
  const uint32_t index = api_.spec_of(pod).owner_index;
  auto& active = deployments_[index].active;
  const uint32_t position = position_[pod.id.index()];
  active[position] = active.back();
  position_[active[position].index()] = position;
  active.pop_back();
  mark_dirty(index);
}

void DeploymentController::pod_changed(const Pod& pod, PodChange change) {
  if (change == PodChange::kTerminating && owns(pod)) forget(pod);
}

void DeploymentController::pod_removed(const Pod& pod) {
  if (owns(pod)) forget(pod);
}

void DeploymentController::mark_dirty(uint32_t deployment) {
  Deployment& d = deployments_[deployment];
  if (!d.dirty) {
    d.dirty = true;
    dirty_.push_back(deployment);
  }
  if (!sync_timer_.pending()) {
    sync_timer_.schedule_in(sim::Duration::zero(), [this] { sync_all(); });
  }
}

void DeploymentController::sync_all() {
  const std::vector<uint32_t> dirty = std::exchange(dirty_, {});
  for (const uint32_t deployment : dirty) {
    deployments_[deployment].dirty = false;
    sync(deployment);
  }
}

void DeploymentController::sync(uint32_t deployment) {
  Deployment& d = deployments_[deployment];
  const auto have = static_cast<int>(d.active.size());
  if (have > d.replicas) {
    // Deleting marks each pod Terminating, which calls forget() through the watch.
    for (const PodId pod : pods_to_delete(d, static_cast<size_t>(have - d.replicas))) {
      api_.delete_pod(pod);
    }
    return;
  }
  const StrId ns = api_.pod_template(d.spec).ns;
  for (int i = have; i < d.replicas; ++i) {
    std::string name;
    do {
      name = d.replica_set + "-" + random_suffix(d.rng);
    } while (api_.name_taken(ns, name));
    const PodId pod = api_.create_pod(d.spec, std::move(name));
    if (pod.index() >= tracked_.size()) {
      tracked_.resize(pod.index() + 1, 0);
      position_.resize(pod.index() + 1, 0);
    }
    tracked_[pod.index()] = 1;
    position_[pod.index()] = static_cast<uint32_t>(d.active.size());
    d.active.push_back(pod);
  }
}

std::vector<PodId> DeploymentController::pods_to_delete(const Deployment& d, size_t count) const {
  // Rank: the ReplicaSet's active pods on the same node (unscheduled pods share the node "").
  std::unordered_map<uint32_t, int> on_node;  // lookup only
  for (const PodId id : d.active)
    ++on_node[api_.pod(id).node.index()];
  struct Candidate {
    const Pod* pod;
    int rank;
  };
  std::vector<Candidate> candidates;
  candidates.reserve(d.active.size());
  for (const PodId id : d.active) {
    const Pod& pod = api_.pod(id);
    candidates.push_back({&pod, on_node[pod.node.index()]});
  }
  const sim::Time now = kernel_.now();
  auto less = [now](const Candidate& a, const Candidate& b) {
    const Pod& i = *a.pod;
    const Pod& j = *b.pod;
    if (i.node != j.node && (!i.node.valid() || !j.node.valid())) return !i.node.valid();
    if (phase_ordinal(i.phase) != phase_ordinal(j.phase)) {
      return phase_ordinal(i.phase) < phase_ordinal(j.phase);
    }
    if (a.rank != b.rank) return a.rank > b.rank;
    if (i.phase == PodPhase::kRunning && i.running != j.running) {
      const int diff = log2_age(now, i.running) - log2_age(now, j.running);
      return diff == 0 ? i.uid < j.uid : diff < 0;
    }
    if (i.created != j.created) {
      const int diff = log2_age(now, i.created) - log2_age(now, j.created);
      return diff == 0 ? i.uid < j.uid : diff < 0;
    }
    return false;
  };
  std::stable_sort(candidates.begin(), candidates.end(), less);
  std::vector<PodId> victims;
  for (size_t k = 0; k < count && k < candidates.size(); ++k)
    victims.push_back(candidates[k].pod->id);
  return victims;
}

}  // namespace ekssim::k8s
