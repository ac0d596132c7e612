#pragma once
// kube-scheduler's Filter plugins, in the default profile's order, and the FailedScheduling
// message built from their verdicts. A node is rejected by the first plugin that fails
// (pkg/scheduler/framework/runtime/framework.go, `RunFilterPlugins`):
// 1. NodeUnschedulable (plugins/nodeunschedulable): spec.unschedulable, unless the pod tolerates
//    node.kubernetes.io/unschedulable:NoSchedule -> "node(s) were unschedulable".
// 2. TaintToleration (plugins/tainttoleration): the first NoSchedule/NoExecute taint the pod
//    does not tolerate -> "node(s) had untolerated taint {key: value}". A NotReady node fails here
//    on its node.kubernetes.io/not-ready taint; this is how "Ready nodes only" is enforced.
// 3. NodeAffinity (plugins/nodeaffinity), nodeSelector only ->
//    "node(s) didn't match Pod's node affinity/selector".
// 4. NodeResourcesFit (plugins/noderesources/fit.go, `fitsRequest`): "Too many pods" when the
//    node's pod count + 1 exceeds allocatable pods (host-network DaemonSet pods count, as in EKS),
//    then "Insufficient cpu", "Insufficient memory" for requests above what is left, then each
//    extended resource ("Insufficient vpc.amazonaws.com/pod-eni" when the pod requests a branch
//    ENI and none is left, or the node advertises none); one node can give several of these.
// The first three are UnschedulableAndUnresolvable, so preemption reports them as "Preemption is
// not helpful for scheduling"; NodeResourcesFit is Unschedulable, and with no lower-priority pod
// to evict preemption reports "No preemption victims found for incoming pod"
// (plugins/defaultpreemption, `SelectVictimsOnNode`). Preemption itself is not modelled: no pod is
// ever evicted for another.

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "models/k8s/node.h"
#include "models/k8s/pod.h"
#include "models/k8s/scheduling_queue.h"
#include "models/k8s/string_table.h"

namespace ekssim::k8s {

// What the scheduler's cache knows of a node's use: every pod bound to it and not yet deleted.
struct NodeUsage {
  int64_t cpu_millis = 0;
  int64_t memory_bytes = 0;
  int32_t pods = 0;
  int32_t pod_eni = 0;
};

struct NodeVerdict {
  PluginSet rejected_by = 0;  // one FilterPlugin bit; 0 when the pod fits
  const Taint* taint = nullptr;
  bool too_many_pods = false;
  bool insufficient_cpu = false;
  bool insufficient_memory = false;
  bool insufficient_pod_eni = false;
  bool fits() const { return rejected_by == 0; }
};

// Filters 1 and 2, which read only the node's cordon flag and taints (the same for every node of
// a SchedulerCache node class). `unschedulable_key` is the interned
// node.kubernetes.io/unschedulable.
NodeVerdict check_cordon_and_taints(const PodTemplate& pod, bool unschedulable,
                                    std::span<const Taint> taints, StrId unschedulable_key);

// Filter 3, nodeSelector only.
inline bool matches_selector(const PodTemplate& pod, const NodeSpec& node) {
  return node.labels.matches(pod.node_selector);
}

// Filter 4 (`fitsRequest`), against the node's allocatable (NodeSpec) and what is bound to it.
// Inline: the filter loop runs it for thousands of nodes per cycle.
inline NodeVerdict check_resources(const PodTemplate& pod, int64_t allocatable_cpu_millis,
                                   int64_t allocatable_memory_bytes, int32_t max_pods,
                                   const NodeUsage& usage, int32_t allocatable_pod_eni = 0) {
  NodeVerdict verdict;
  verdict.too_many_pods = usage.pods + 1 > max_pods;
  verdict.insufficient_cpu =
      pod.cpu_millis > 0 && pod.cpu_millis > allocatable_cpu_millis - usage.cpu_millis;
  verdict.insufficient_memory =
      pod.memory_bytes > 0 && pod.memory_bytes > allocatable_memory_bytes - usage.memory_bytes;
  verdict.insufficient_pod_eni =
      pod.pod_eni > 0 && pod.pod_eni > allocatable_pod_eni - usage.pod_eni;
  if (verdict.too_many_pods || verdict.insufficient_cpu || verdict.insufficient_memory ||
      verdict.insufficient_pod_eni) {
    verdict.rejected_by = kNodeResourcesFit;
  }
  return verdict;
}

// The wording of a Kubernetes minor version: before 1.30 the preemption part ends with two
// periods (kubernetes/kubernetes#123301, fixed in 1.30); from 1.35 the taint is no longer named
// (kubernetes/kubernetes#134740: "node(s) had untolerated taint(s)").
struct MessageStyle {
  int kubernetes_minor = 29;
};

// Collects the verdicts of every rejected node and writes `FitError.Error()`
// (pkg/scheduler/framework/types.go): "0/N nodes are available: " + the reason histogram, each
// "<count> <reason>" sorted as strings (so "10 …" sorts before "2 …"), joined by ", ", then ".",
// then " preemption: 0/N nodes are available: " + the preemption histogram + ".".
class FitDiagnosis {
 public:
  void clear();
  // The verdict of `nodes` nodes.
  void add(const NodeVerdict& verdict, int nodes = 1);
  std::string message(size_t all_nodes, const StringTable& strings, MessageStyle style) const;
  PluginSet rejectors() const { return rejectors_; }

 private:
  int unschedulable_ = 0;
  int affinity_ = 0;
  int too_many_pods_ = 0;
  int cpu_ = 0;
  int memory_ = 0;
  int pod_eni_ = 0;
  std::vector<std::pair<Taint, int>> taints_;  // by (key, value); a handful at most
  int unresolvable_nodes_ = 0;
  int resolvable_nodes_ = 0;
  PluginSet rejectors_ = 0;
};

}  // namespace ekssim::k8s
