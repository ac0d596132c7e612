#pragma once
// The API server as an object store: pods, pod templates and nodes, their status writes, the
// trace event for each fact, and watches for the controllers and agents built on top (the
// scheduler, kubelets, ReplicaSet and DaemonSet controllers; the endpoints controllers and
// kube-proxy the cluster adds).
//
// Watches are delivered synchronously, in registration order, at the instant of the write:
// informer latency (milliseconds upstream) is not modelled. A watcher that creates or deletes
// objects in reaction should defer that work to its own event (the controllers here do, like a
// workqueue), so that every watcher has seen a change before the next one starts.
//
// Validation is not modelled: callers pass valid objects; writes that break an invariant (binding
// a bound pod, an unknown id) are bugs and fail through sim::Kernel::fail. Admission is modelled
// only as mutating webhooks on pod CREATE (pod_admission.h).

#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "models/k8s/ids.h"
#include "models/k8s/node.h"
#include "models/k8s/pod.h"
#include "models/k8s/pod_admission.h"
#include "models/k8s/string_table.h"
#include "sim/kernel.h"
#include "sim/trace.h"

namespace ekssim::k8s {

// What a pod_changed notification is about.
enum class PodChange {
  kBound,
  kFailedScheduling,
  kSandboxFailed,
  kSandboxCreated,
  kRunning,
  kTerminating
};

class PodWatcher {
 public:
  virtual ~PodWatcher() = default;
  virtual void pod_added(const Pod&) {}
  virtual void pod_changed(const Pod&, PodChange) {}
  virtual void pod_removed(const Pod&) {}
};

class NodeWatcher {
 public:
  virtual ~NodeWatcher() = default;
  virtual void node_added(const Node&) {}
  // Readiness, taints, spec.unschedulable or the pod-eni capacity changed.
  virtual void node_changed(const Node&) {}
  virtual void node_removed(const Node&) {}
};

class ApiServer {
 public:
  ApiServer(sim::Kernel& kernel, sim::Trace& trace);
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  StringTable& strings() { return strings_; }
  const StringTable& strings() const { return strings_; }

  // --- Pod templates
  TemplateId add_template(PodTemplate spec);
  const PodTemplate& pod_template(TemplateId id) const { return templates_[id.index()]; }

  // --- Pods
  // Creates a Pending pod. The name must be free in the template's namespace (name_taken). The
  // admission webhooks see the template first; a pod they change gets a template of its own,
  // shared with every pod they changed the same way.
  PodId create_pod(TemplateId spec, std::string name);
  // Registers a mutating webhook for pod CREATE (not owned; called in registration order).
  void add_pod_admission(const PodAdmission* webhook) { pod_admission_.push_back(webhook); }
  bool name_taken(StrId ns, std::string_view name) const;
  // Live pods only; none if there is no such pod.
  PodId find_pod(std::string_view ns, std::string_view name) const;
  const Pod& pod(PodId id) const { return pods_[id.index()]; }
  const PodTemplate& spec_of(const Pod& pod) const { return pod_template(pod.spec); }
  std::string_view namespace_of(const Pod& pod) const { return strings_.view(spec_of(pod).ns); }
  // Every pod slot ever created (removed ones included), in creation order.
  size_t pod_slots() const { return pods_.size(); }

  // Status writes, each with its trace event.
  void bind(PodId pod, NodeId node);
  // A failed scheduling attempt: reason "Unschedulable" (a filter rejected every node) or
  // "SchedulerError"; `reason` must be a string literal.
  void record_failed_scheduling(PodId pod, std::string_view reason, std::string_view message);
  void record_sandbox_failure(PodId pod, std::string_view reason, std::string message);
  void set_sandbox(PodId pod, net::Ipv4 ip, std::string interface_id);
  void set_running(PodId pod);

  // Deletion with the pod's grace period: a pod that never was scheduled goes at once; a bound
  // pod becomes Terminating and goes when its kubelet calls finish_pod_deletion. (A pod on a
  // node whose kubelet is dead stays Terminating, as upstream until the node is deleted.)
  void delete_pod(PodId pod);
  // The deletePod event: the pod `name` of `ns` (none: no-op, as `kubectl delete --ignore-not-
  // found`), or with an empty name every live pod of `ns` whose labels match `selector`
  // (`kubectl delete pods -l`). Returns how many were deleted.
  size_t delete_pods(std::string_view ns, std::string_view name, const Labels& selector);
  void finish_pod_deletion(PodId pod);

  // --- Nodes
  NodeId register_node(NodeSpec spec, NodeReadiness ready, std::string_view reason,
                       std::string message);
  // Live nodes only; none if there is no such node.
  NodeId find_node(std::string_view name) const;
  const Node& node(NodeId id) const { return nodes_[id.index()]; }
  std::string_view node_name(NodeId id) const {
    return id.valid() ? std::string_view(node(id).spec.name) : std::string_view();
  }
  size_t node_slots() const { return nodes_.size(); }
  // Pods bound to the node and not yet removed, in binding order except after removals.
  const std::vector<PodId>& pods_on(NodeId node) const { return node_pods_[node.index()]; }

  void set_node_readiness(NodeId node, NodeReadiness ready, std::string_view reason,
                          std::string message);
  void set_node_unschedulable(NodeId node, bool unschedulable);
  // status.capacity and allocatable of vpc.amazonaws.com/pod-eni, as the VPC resource controller
  // patches them (K8sAPI AdvertiseCapacityIfNotSet).
  void set_node_pod_eni(NodeId node, int32_t capacity);
  // The Node object is deleted (its instance terminated). Its pods are deleted with it, at once:
  // the pod garbage collector's `gcOrphaned` (pkg/controller/podgc) does it on its next pass.
  void remove_node(NodeId node);

  // --- Watches (watchers are not owned and must outlive the ApiServer's use)
  void watch_pods(PodWatcher* watcher) { pod_watchers_.push_back(watcher); }
  // Only the pods bound to `node`: the kubelet's watch with fieldSelector spec.nodeName.
  void watch_node_pods(NodeId node, PodWatcher* watcher);
  void watch_nodes(NodeWatcher* watcher) { node_watchers_.push_back(watcher); }

 private:
  Pod& mutable_pod(PodId id, const char* what);
  Node& mutable_node(NodeId id, const char* what);
  std::string pod_key(StrId ns, std::string_view name) const;
  void notify_changed(const Pod& pod, PodChange change);
  void remove_pod(Pod& pod);
  void update_readiness_taints(Node& node);
  // The template a pod of `spec` is stored with, once the admission webhooks have run.
  TemplateId admit(TemplateId spec);

  sim::Kernel& kernel_;
  sim::Trace& trace_;
  StringTable strings_;
  StrId not_ready_key_;
  StrId unreachable_key_;

  // Deques: a reference to an object stays valid while watchers create more.
  std::deque<PodTemplate> templates_;
  std::deque<Pod> pods_;
  std::deque<Node> nodes_;
  std::vector<std::vector<PodId>> node_pods_;
  std::vector<uint32_t> position_on_node_;  // by pod id: index in node_pods_[its node]
  // Lookup only, never iterated.
  std::unordered_map<std::string, PodId> pods_by_name_;
  std::unordered_map<std::string, NodeId> nodes_by_name_;

  std::vector<const PodAdmission*> pod_admission_;
  // By controller template: the templates admission made of it, in creation order.
  std::map<uint32_t, std::vector<TemplateId>> admitted_;
  std::vector<PodWatcher*> pod_watchers_;
  std::vector<std::vector<PodWatcher*>> node_pod_watchers_;
  std::vector<NodeWatcher*> node_watchers_;
};

}  // namespace ekssim::k8s
