#include "models/k8s/scheduler.h"

#include <algorithm>

namespace ekssim::k8s {
namespace {

// pkg/scheduler/schedule_one.go
constexpr int kMinFeasibleNodesToFind = 100;
constexpr int kMinFeasibleNodesPercentageToFind = 5;
constexpr int64_t kMaxNodeScore = 100;
constexpr int64_t kSpreadWeight = 2;
// plugins/noderesources/least_allocated.go, `leastRequestedScore`.
int64_t least_requested(int64_t requested, int64_t capacity) {
  if (capacity == 0 || requested > capacity) return 0;
  return (capacity - requested) * kMaxNodeScore / capacity;
}

}  // namespace

Scheduler::Scheduler(sim::Kernel& kernel, ApiServer& api, uint64_t scenario_seed, Config config)
    : api_(api),
      config_(config),
      rng_(scenario_seed, "scheduler"),
      queue_(kernel, config.queue, [this] { arm_cycle(); }),
      cycle_(kernel),
      cache_(api) {
  api_.watch_pods(this);
  api_.watch_nodes(this);
}

void Scheduler::start() {
  if (started_) return;
  started_ = true;
  queue_.start();
  arm_cycle();
}

int Scheduler::num_feasible_nodes_to_find(int all_nodes) const {
  if (all_nodes < kMinFeasibleNodesToFind) return all_nodes;
  int percentage = config_.percentage_of_nodes_to_score;
  if (percentage == 0) {
    percentage = std::max(50 - all_nodes / 125, kMinFeasibleNodesPercentageToFind);
  }
  return std::max(all_nodes * percentage / 100, kMinFeasibleNodesToFind);
}

void Scheduler::arm_cycle() {
  if (started_ && !cycle_.pending() && queue_.active_size() > 0) {
    cycle_.schedule_in(sim::Duration::zero(), [this] { schedule_one(); });
  }
}

void Scheduler::schedule_one() {
  const std::optional<PodId> next = queue_.pop();
  arm_cycle();
  if (!next) return;
  ++cycles_;
  const Pod& pod = api_.pod(*next);
  const PodTemplate& spec = api_.spec_of(pod);
  const PodClassId pod_class = cache_.pod_class(pod);
  // Back to the queue before the failure is written: a watcher may react to it.
  const std::vector<NodeId>& nodes = cache_.nodes();
  if (nodes.empty()) {
    queue_.add_unschedulable(pod.id, 0, pod_class);
    api_.record_failed_scheduling(pod.id, "SchedulerError", "no nodes available to schedule pods");
    return;
  }
  if (pod_class.index() >= last_failure_.size()) last_failure_.resize(pod_class.index() + 1);
  Failure& failure = last_failure_[pod_class.index()];
  if (failure.generation == cache_.generation()) {
    queue_.add_unschedulable(pod.id, failure.rejectors, pod_class);
    api_.record_failed_scheduling(pod.id, "Unschedulable", failure.message);
    return;
  }

  const size_t all = nodes.size();
  const size_t to_find = static_cast<size_t>(num_feasible_nodes_to_find(static_cast<int>(all)));
  feasible_.clear();
  diagnosis_.clear();
  const size_t visited =
      cache_.find_feasible(pod_class, next_start_, to_find, feasible_, diagnosis_);
  next_start_ = (next_start_ + visited) % all;

  if (feasible_.empty()) {
    failure.generation = cache_.generation();
    failure.rejectors = diagnosis_.rejectors();
    failure.message = diagnosis_.message(all, api_.strings(), config_.messages);
    queue_.add_unschedulable(pod.id, failure.rejectors, pod_class);
    api_.record_failed_scheduling(pod.id, "Unschedulable", failure.message);
    return;
  }
  const NodeId chosen = feasible_.size() == 1 ? feasible_.front() : select_host(pod, spec);
  api_.bind(pod.id, chosen);
}

NodeId Scheduler::select_host(const Pod& pod, const PodTemplate& spec) {
  const int64_t pod_cpu = nonzero_cpu_millis(spec);
  const int64_t pod_memory = nonzero_memory_bytes(spec);

  // Spreading: the workload's pods on each feasible node.
  const bool spread = spec.owner_kind != OwnerKind::kNone &&
                      pod.spec.index() < workload_pods_.size() &&
                      !workload_pods_[pod.spec.index()].empty();
  uint32_t most = 0;
  uint32_t least = UINT32_MAX;
  if (spread) {
    for (const auto& [node, count] : workload_pods_[pod.spec.index()]) {
      spread_scratch_[node] = count;
    }
    for (const NodeId node : feasible_) {
      most = std::max(most, spread_scratch_[node.index()]);
      least = std::min(least, spread_scratch_[node.index()]);
    }
    // The spreading score of each count between least and most, once per cycle rather than a
    // division per node.
    spread_scores_.clear();
    for (int64_t count = least; count <= most && most > 0; ++count) {
      spread_scores_.push_back(kSpreadWeight * (kMaxNodeScore * (most + least - count) / most));
    }
  }

  NodeId selected;
  int64_t best = -1;
  uint64_t ties = 0;
  for (const NodeId node : feasible_) {
    const int64_t cpu = cache_.allocatable_cpu_millis(node);
    const int64_t memory = cache_.allocatable_memory_bytes(node);
    const NodeUsage& used = cache_.nonzero_usage(node);
    int64_t sum = 0;
    int64_t weights = 0;
    if (cpu > 0) {
      sum += least_requested(used.cpu_millis + pod_cpu, cpu);
      ++weights;
    }
    if (memory > 0) {
      sum += least_requested(used.memory_bytes + pod_memory, memory);
      ++weights;
    }
    // Weights are 0, 1 or 2 and the sum is never negative: a shift, not a division per node.
    int64_t score = weights == 2 ? sum / 2 : sum;
    if (spread && most > 0) {
      score += spread_scores_[spread_scratch_[node.index()] - least];
    } else {
      score += kSpreadWeight * kMaxNodeScore;
    }
    if (score > best) {
      best = score;
      selected = node;
      ties = 1;
    } else if (score == best) {
      ++ties;
      if (rng_.below(ties) == 0) selected = node;
    }
  }

  if (spread) {
    for (const auto& [node, count] : workload_pods_[pod.spec.index()]) {
      spread_scratch_[node] = 0;
    }
  }
  return selected;
}

void Scheduler::count_workload_pod(const Pod& pod, int sign) {
  const uint32_t node = pod.node.index();
  if (pod.spec.index() >= workload_pods_.size()) workload_pods_.resize(pod.spec.index() + 1);
  auto& per_node = workload_pods_[pod.spec.index()];
  if (sign > 0) {
    ++per_node[node];
  } else if (--per_node[node] == 0) {
    per_node.erase(node);
  }
}

void Scheduler::pod_added(const Pod& pod) {
  if (!pod.node.valid()) queue_.add(pod.id, api_.spec_of(pod).priority);
}

void Scheduler::pod_changed(const Pod& pod, PodChange change) {
  if (change != PodChange::kBound) return;
  queue_.remove(pod.id);
  cache_.add_pod(pod);
  count_workload_pod(pod, +1);
}

void Scheduler::pod_removed(const Pod& pod) {
  queue_.remove(pod.id);
  if (cache_.remove_pod(pod)) {
    count_workload_pod(pod, -1);
    // eventhandlers.go, `deletePodFromCache`: AssignedPodDelete, with no pre-enqueue check.
    queue_.move_all(kPodDeletePlugins);
  }
}

void Scheduler::move_for_node(const Node& node) {
  queue_.move_all(kNodeEventPlugins,
                  [&](PodClassId pod_class) { return cache_.pre_check(pod_class, node); });
}

void Scheduler::node_added(const Node& node) {
  if (spread_scratch_.size() <= node.id.index()) spread_scratch_.resize(node.id.index() + 1, 0);
  cache_.add_node(node);
  move_for_node(node);  // `addNodeToCache`: NodeAdd
}

void Scheduler::node_changed(const Node& node) {
  // `updateNodeInCache`: only a change that can make the node more schedulable requeues.
  if (cache_.update_node(node)) move_for_node(node);
}

void Scheduler::node_removed(const Node& node) {
  cache_.remove_node(node);
  if (next_start_ >= cache_.nodes().size()) next_start_ = 0;
}

}  // namespace ekssim::k8s
