#pragma once
// kube-scheduler's scheduling queue (pkg/scheduler/internal/queue/scheduling_queue.go,
// `PriorityQueue`): three places a waiting pod can be.
// - activeQ: pods to try now, highest priority first, then the earliest queue timestamp
//   (`PrioritySort.Less`; the timestamp is when the pod last entered the queue, not its
//   creation), then pod id.
// - backoffQ: pods that failed and wait out their backoff, initial 1 s doubling up to 10 s with
//   each attempt (`calculateBackoffDuration`). `flushBackoffQCompleted` runs every second and
//   moves the pods whose backoff has ended.
// - unschedulablePods: pods the filters rejected. A cluster event moves them back
//   (`movePodsToActiveOrBackoffQueue`; to backoffQ while their backoff lasts) if it concerns one
//   of the plugins that rejected them (`podMatchesEvent`, with the events each plugin registers
//   in `EventsToRegister`) and, for a node event, if the pod passes the node's pre-enqueue check
//   (pkg/scheduler/eventhandlers.go, `preCheckForNode`: the pod fits the node's resources and
//   selector and tolerates its NoSchedule taints); `flushUnschedulablePodsLeftover` runs every
//   30 s and moves the pods that have waited longer than podMaxInUnschedulablePodsDuration
//   (5 min). Pods assigned elsewhere move only pods with pod affinity to them
//   (`AssignedPodAdded`), which is not modelled, so a bind moves nothing.
// A pod that failed with no rejecting plugin (an error such as "no nodes available") goes to
// backoffQ directly (`AddUnschedulableIfNotPresent`).
//
// Unschedulable pods are kept in groups of one pod class (pods whose filters read the same
// tolerations, selector and requests, so the pre-enqueue check answers the same for all) and one
// set of rejecting plugins: a cluster event costs a check per group, not per pod, which is what
// keeps 150,000 pending pods and 5,000 node events linear. The order in which a move visits the
// pods cannot matter: activeQ and backoffQ order them by their own keys.
//
// The two flushes run on their own 1 s and 30 s grids from start(), like wait.Until; they are
// computed, not polled. Simplifications: queueing hints (off by default before 1.32; from 1.32
// they replace the pre-enqueue check with each plugin's own test of the node, to much the same
// effect) and the moveRequestCycle race (a cycle is instantaneous here) are not modelled.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <queue>
#include <utility>
#include <vector>

#include "models/k8s/ids.h"
#include "sim/kernel.h"
#include "sim/timer.h"

namespace ekssim::k8s {

// The Filter plugins that can reject a pod, as bits (pkg/scheduler/framework/plugins/names).
enum FilterPlugin : uint8_t {
  kNodeUnschedulable = 1 << 0,
  kTaintToleration = 1 << 1,
  kNodeAffinity = 1 << 2,
  kNodeResourcesFit = 1 << 3,
};
using PluginSet = uint8_t;
// The plugins whose registered events include Node/Add and Node/Update.
inline constexpr PluginSet kNodeEventPlugins =
    kNodeUnschedulable | kTaintToleration | kNodeAffinity | kNodeResourcesFit;
// The plugins whose registered events include Pod/Delete (freed resources).
inline constexpr PluginSet kPodDeletePlugins = kNodeResourcesFit;

// Pods whose tolerations, node selector and requests are the same, numbered by the scheduler.
using PodClassId = Id<struct PodClassTag>;

class SchedulingQueue {
 public:
  struct Config {
    sim::Duration initial_backoff = sim::Duration::seconds(1);  // podInitialBackoffSeconds
    sim::Duration max_backoff = sim::Duration::seconds(10);     // podMaxBackoffSeconds
    sim::Duration max_in_unschedulable = sim::Duration::minutes(5);
    sim::Duration backoff_flush_period = sim::Duration::seconds(1);
    sim::Duration unschedulable_flush_period = sim::Duration::seconds(30);
  };

  // `on_active` is called whenever a pod enters activeQ.
  SchedulingQueue(sim::Kernel& kernel, Config config, std::function<void()> on_active);

  // The flush grids start now.
  void start();

  // A new pod: straight to activeQ.
  void add(PodId pod, int32_t priority);
  // The next pod to schedule, counting the attempt; none if activeQ is empty.
  std::optional<PodId> pop();
  // After a failed attempt: to unschedulablePods, or to backoffQ if no plugin rejected it.
  void add_unschedulable(PodId pod, PluginSet rejectors, PodClassId pod_class);
  // Whether a node event can help pods of a class (`PreEnqueueCheck`).
  using PreEnqueueCheck = std::function<bool(PodClassId)>;
  // A cluster event of interest to `interested` plugins; with `check`, only the pods it passes.
  void move_all(PluginSet interested, const PreEnqueueCheck& check = {});
  // The pod is gone or scheduled: forget it wherever it waits.
  void remove(PodId pod);

  size_t active_size() const { return active_count_; }
  size_t backoff_size() const { return backoff_count_; }
  size_t unschedulable_size() const { return unschedulable_count_; }

 private:
  enum class Where : uint8_t { kNone, kActive, kBackoff, kUnschedulable, kPopped };
  struct Entry {
    Where where = Where::kNone;
    uint32_t version = 0;  // bumped on every move, so stale heap entries are skipped
    int32_t priority = 0;
    int attempts = 0;
    PluginSet rejectors = 0;
    sim::Time timestamp;
    uint32_t group = 0;     // while kUnschedulable: the index in groups_
    uint32_t position = 0;  // and in that group's pods
  };
  struct Group {
    PodClassId pod_class;
    PluginSet rejectors = 0;
    std::vector<PodId> pods;
  };
  struct ActiveKey {
    int32_t priority;
    sim::Time timestamp;
    uint32_t pod;
    uint32_t version;
    // std::priority_queue is a max-heap: "less" means "later in line".
    bool operator<(const ActiveKey& o) const {
      if (priority != o.priority) return priority < o.priority;
      if (timestamp != o.timestamp) return timestamp > o.timestamp;
      return pod > o.pod;
    }
  };
  struct BackoffKey {
    sim::Time expiry;
    uint32_t pod;
    uint32_t version;
    bool operator<(const BackoffKey& o) const {
      if (expiry != o.expiry) return expiry > o.expiry;
      return pod > o.pod;
    }
  };

  Entry& entry(PodId pod);
  void leave(Entry& e);
  void to_active(PodId pod, Entry& e);
  void to_backoff(PodId pod, Entry& e);
  sim::Time backoff_expiry(const Entry& e) const;
  sim::Time next_tick(sim::Time at_or_after, sim::Duration period) const;
  void arm_backoff_flush();
  void flush_backoff();
  void arm_unschedulable_flush();
  void flush_unschedulable();
  // To backoffQ while the pod's backoff lasts, else to activeQ.
  void requeue(PodId pod, Entry& e);

  sim::Kernel& kernel_;
  Config config_;
  std::function<void()> on_active_;
  sim::Time start_;
  std::vector<Entry> entries_;  // by pod id
  std::priority_queue<ActiveKey> active_;
  size_t active_count_ = 0;
  std::priority_queue<BackoffKey> backoff_;
  size_t backoff_count_ = 0;
  std::vector<Group> groups_;  // in creation order; empty groups stay for reuse
  std::map<std::pair<uint32_t, PluginSet>, uint32_t> group_index_;  // lookup only
  size_t unschedulable_count_ = 0;
  std::vector<PodId> moving_;  // the pods a move takes, reused
  sim::Timer backoff_flush_;
  sim::Timer unschedulable_flush_;
};

}  // namespace ekssim::k8s
