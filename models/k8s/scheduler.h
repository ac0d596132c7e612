#pragma once
// kube-scheduler (pkg/scheduler): one pod at a time from the SchedulingQueue, each scheduling
// cycle an event of its own at the current instant (`scheduleOne`).
//
// A cycle (`schedulePod`):
// 1. Filter (node_fit.h) nodes in round-robin order from where the last cycle stopped
//    (`findNodesThatPassFilters`, nextStartNodeIndex), stopping once numFeasibleNodesToFind nodes
//    fit: all nodes below 100; else percentageOfNodesToScore of them, adaptive by default
//    (max(5, 50 - nodes/125) %) and never fewer than 100 (`numFeasibleNodesToFind`). This sampling
//    is what keeps 150,000 pods on 5,000 nodes near-linear.
// 2. No node fits: the FailedScheduling message (FitDiagnosis) and the pod back to the queue.
//    While nothing the filters read has changed (SchedulerCache::generation), a pod of the same
//    class would fail the same way, visiting every node again and leaving nextStartNodeIndex where
//    it was: the cycle reuses the last failure of its class instead (the pods of a workload,
//    retried together, would otherwise each visit all 5,000 nodes).
// 3. Score the feasible nodes and bind the best (`prioritizeNodes`, `selectHost`; ties broken
//    by reservoir sampling on the stream "scheduler", as upstream does with math/rand):
//    - NodeResourcesFit, LeastAllocated strategy, weight 1 (plugins/noderesources/
//      least_allocated.go): the mean over cpu and memory of (allocatable - requested) * 100 /
//      allocatable, where requested includes this pod and counts pods without requests as
//      100m cpu and 200 MiB (schedutil.GetNonzeroRequests).
//    - Spreading, weight 2: simplified from PodTopologySpread's system default constraints
//      (hostname maxSkew 3 and zone maxSkew 5, ScheduleAnyway) to the hostname constraint alone,
//      counting the pods of the same workload (same template) per node and normalising as
//      `NormalizeScore` does: 100 * (max + min - count) / max over the feasible nodes.
//    The other default scores (BalancedAllocation, ImageLocality, InterPodAffinity, NodeAffinity
//    preferred terms, TaintToleration PreferNoSchedule) are not modelled.
//
// Binding is immediate: the binding cycle's API call, and the client-side rate limit upstream
// puts on it (clientConnection qps 50, burst 100; EKS does not publish its own), are not
// modelled. With no node at all the cycle fails with "no nodes available to schedule pods"
// (ErrNoNodesAvailable), reason SchedulerError, and the pod backs off.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/k8s/api_server.h"
#include "models/k8s/node_fit.h"
#include "models/k8s/scheduler_cache.h"
#include "models/k8s/scheduling_queue.h"
#include "sim/kernel.h"
#include "sim/random.h"
#include "sim/timer.h"

namespace ekssim::k8s {

class Scheduler : public PodWatcher, public NodeWatcher {
 public:
  struct Config {
    SchedulingQueue::Config queue;
    int percentage_of_nodes_to_score = 0;  // 0: adaptive
    MessageStyle messages;
  };

  // Watches `api` from construction; schedules nothing before start().
  Scheduler(sim::Kernel& kernel, ApiServer& api, uint64_t scenario_seed, Config config);
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Only the first call counts.
  void start();

  const SchedulingQueue& queue() const { return queue_; }
  uint64_t cycles() const { return cycles_; }
  // What the scheduler's cache counts on a node (pods bound and not yet deleted).
  const NodeUsage& usage(NodeId node) const { return cache_.usage(node); }
  int num_feasible_nodes_to_find(int all_nodes) const;

  void pod_added(const Pod& pod) override;
  void pod_changed(const Pod& pod, PodChange change) override;
  void pod_removed(const Pod& pod) override;
  void node_added(const Node& node) override;
  void node_changed(const Node& node) override;
  void node_removed(const Node& node) override;

 private:
  void arm_cycle();
  void schedule_one();
  NodeId select_host(const Pod& pod, const PodTemplate& spec);
  void count_workload_pod(const Pod& pod, int sign);
  // A node event: requeue the unschedulable pods the node could take.
  void move_for_node(const Node& node);

  // The last failed cycle of a pod class, reusable while the cache's generation is the same.
  struct Failure {
    uint64_t generation = UINT64_MAX;
    PluginSet rejectors = 0;
    std::string message;
  };

  ApiServer& api_;
  Config config_;
  sim::RandomStream rng_;
  SchedulingQueue queue_;
  sim::Timer cycle_;
  bool started_ = false;
  uint64_t cycles_ = 0;
  SchedulerCache cache_;
  size_t next_start_ = 0;              // nextStartNodeIndex
  std::vector<Failure> last_failure_;  // by pod class
  // By template id: the workload's pod count per node id. Iterated only to fill spread_scratch_,
  // where order cannot matter.
  std::vector<std::unordered_map<uint32_t, uint32_t>> workload_pods_;
  std::vector<uint32_t> spread_scratch_;  // by node id, zero between cycles
  std::vector<int64_t> spread_scores_;    // select_host's, by count less the cycle's least

  // Per cycle, kept to reuse their memory.
  std::vector<NodeId> feasible_;
  FitDiagnosis diagnosis_;
};

}  // namespace ekssim::k8s
