#pragma once
// kube-scheduler's cache (pkg/scheduler/internal/cache, `NodeInfo`): the live nodes and what is
// bound to them, in the shape the filter loop wants. The loop visits only the nodes a pod class
// may take as far as the node alone decides (its cordon, taints and free resources), kept as one
// bit per node for each recently scheduled pod class (position_bitset.h); a cycle that finds no
// feasible node visits every node to count the reasons, so the work per node is a few reads of
// one array:
// - Node classes: nodes with the same cordon flag and taints share a class, and a pod class's
//   verdict from NodeUnschedulable and TaintToleration on a node class is computed once and kept.
//   Labels are not part of a class (each node has its own kubernetes.io/hostname), so a pod with
//   a nodeSelector is matched node by node.
// - Pod classes: pods whose tolerations, nodeSelector and requests are equal (everything the
//   filters read) share a class; the pods of one template always do.
// - generation(): bumped by every change the filters can see, so that the scheduler can tell a
//   cycle would repeat the last failed one of its pod class exactly.
// In this model a node's labels and allocatable never change after registration, except the
// pod-eni capacity the VPC resource controller advertises; its taints, cordon and readiness do.

#include <cstdint>
#include <deque>
#include <map>
#include <span>
#include <vector>

#include "models/k8s/api_server.h"
#include "models/k8s/node_fit.h"
#include "models/k8s/position_bitset.h"
#include "models/k8s/scheduling_queue.h"

namespace ekssim::k8s {

// A pod's requests as scoring counts them: 100m cpu and 200 MiB for a pod that requests none
// (pkg/scheduler/util/pod_resources.go, `GetNonzeroRequests`).
int64_t nonzero_cpu_millis(const PodTemplate& spec);
int64_t nonzero_memory_bytes(const PodTemplate& spec);

class SchedulerCache {
 public:
  explicit SchedulerCache(ApiServer& api);
  SchedulerCache(const SchedulerCache&) = delete;
  SchedulerCache& operator=(const SchedulerCache&) = delete;

  PodClassId pod_class(const Pod& pod);
  uint64_t generation() const { return generation_; }

  // Live nodes, in registration order (the order the filter loop goes round).
  const std::vector<NodeId>& nodes() const { return nodes_; }
  // Requests of the pods bound to the node and not yet removed.
  const NodeUsage& usage(NodeId node) const { return slots_[node.index()].used; }
  // The same with nonzero_cpu_millis and nonzero_memory_bytes.
  const NodeUsage& nonzero_usage(NodeId node) const { return slots_[node.index()].nonzero; }
  // The node's allocatable CPU and memory, as scoring reads them: from the slot the filters
  // have just read, not from the API server's node (a cache miss per node scored).
  int64_t allocatable_cpu_millis(NodeId node) const { return slots_[node.index()].cpu_millis; }
  int64_t allocatable_memory_bytes(NodeId node) const {
    return slots_[node.index()].memory_bytes;
  }

  void add_node(const Node& node);
  // Returns whether the change is one upstream requeues pods for (eventhandlers.go,
  // `nodeSchedulingPropertiesChange`): taints or the Ready condition changed, or the node was
  // uncordoned. Cordoning alone is not.
  bool update_node(const Node& node);
  void remove_node(const Node& node);
  // A pod bound to a node; a pod removed, returning whether it was bound (its requests freed).
  void add_pod(const Pod& pod);
  bool remove_pod(const Pod& pod);

  // The filters, node after node in round-robin order from `start`, until `to_find` nodes fit or
  // every node was visited (`findNodesThatPassFilters`): fitting nodes are appended to
  // `feasible`, the others' verdicts added to `diagnosis`. Returns the number of nodes visited.
  size_t find_feasible(PodClassId pod_class, size_t start, size_t to_find,
                       std::vector<NodeId>& feasible, FitDiagnosis& diagnosis);
  // `preCheckForNode`: the pod fits the node's resources and selector and tolerates its
  // NoSchedule taints. Cordoning is not checked, as upstream.
  bool pre_check(PodClassId pod_class, const Node& node) const;

 private:
  struct NodeClass {
    bool unschedulable = false;
    std::vector<Taint> taints;
  };
  // One pod class's verdict on one node class; fits() when both filters pass.
  struct ClassVerdict {
    bool known = false;
    NodeVerdict verdict;
  };
  struct PodClass {
    TemplateId representative;
    std::vector<ClassVerdict> verdicts;  // by node class, filled on demand
    // By position in nodes_: the node passes filters 1, 2 and 4 (all but the selector). Kept up
    // to date only while the class is tracked (tracked_).
    PositionBitset takes;
    bool tracked = false;
    uint64_t last_used = 0;  // use_clock_ at its last find_feasible
  };
  // Everything the filter loop reads of a node.
  struct Slot {
    uint32_t node_class = 0;
    int32_t max_pods = 0;
    int64_t cpu_millis = 0;
    int64_t memory_bytes = 0;
    int32_t pod_eni = 0;  // allocatable vpc.amazonaws.com/pod-eni
    NodeUsage used;
    NodeUsage nonzero;  // `used` with nonzero_cpu_millis and nonzero_memory_bytes
  };

  // At most this many pod classes keep their bitset, the least recently scheduled given up
  // first: every change to a node updates one bit per tracked class.
  static constexpr size_t kMaxTrackedClasses = 64;

  uint32_t node_class_of(const NodeSpec& spec);
  void account(const Pod& pod, int sign);
  // The pod class's verdict from filters 1 and 2 on a node class, worked out once.
  const NodeVerdict& class_verdict(PodClass& pc, uint32_t node_class);
  // Whether the node passes filters 1, 2 and 4 for the pod class: its bit in PodClass::takes.
  bool takes(PodClass& pc, const PodTemplate& spec, NodeId node);
  // Every tracked class's bit for a live node, after its slot changed.
  void refresh_bits(NodeId node);
  // The pod class's bitset, built from every live node if the class was not tracked.
  void track(uint32_t pod_class);
  void rebuild_bits(PodClass& pc);
  // find_feasible without the index: visits every node, and fills `diagnosis`.
  size_t visit_every_node(PodClass& pc, size_t start, size_t to_find,
                          std::vector<NodeId>& feasible, FitDiagnosis& diagnosis);

  ApiServer& api_;
  StrId unschedulable_key_;
  uint64_t generation_ = 0;

  std::vector<NodeId> nodes_;
  std::vector<uint32_t> position_;  // by node id: its index in nodes_, kNoPosition when not live
  std::vector<Slot> slots_;               // by node id
  std::vector<NodeReadiness> readiness_;  // by node id, as last seen
  std::deque<NodeClass> node_classes_;    // a deque: verdicts point at its taints
  std::map<std::vector<uint32_t>, uint32_t> node_class_index_;  // lookup only
  std::vector<PodClass> pod_classes_;
  std::map<std::vector<int64_t>, uint32_t> pod_class_index_;  // lookup only
  std::vector<uint32_t> template_class_;                      // by template id; kNone unknown
  std::vector<uint32_t> tracked_;  // the pod classes whose `takes` is kept, in no order
  uint64_t use_clock_ = 0;
  std::vector<uint8_t> counted_;  // by pod id: bound and in its node's usage

  std::vector<int> class_rejections_;  // find_feasible's count per node class, zero between calls
};

}  // namespace ekssim::k8s
