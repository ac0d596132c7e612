#include "models/k8s/api_server.h"

#include <utility>

#include "models/k8s/api_events.h"
#include "sim/random.h"

namespace ekssim::k8s {
namespace {

constexpr const char* kComponent = "kube-apiserver";

}  // namespace

ApiServer::ApiServer(sim::Kernel& kernel, sim::Trace& trace)
    : kernel_(kernel),
      trace_(trace),
      not_ready_key_(strings_.intern(kTaintNodeNotReady)),
      unreachable_key_(strings_.intern(kTaintNodeUnreachable)) {}

TemplateId ApiServer::add_template(PodTemplate spec) {
  templates_.push_back(std::move(spec));
  return TemplateId(static_cast<uint32_t>(templates_.size() - 1));
}

std::string ApiServer::pod_key(StrId ns, std::string_view name) const {
  std::string key(strings_.view(ns));
  key += '/';
  key += name;
  return key;
}

bool ApiServer::name_taken(StrId ns, std::string_view name) const {
  return pods_by_name_.contains(pod_key(ns, name));
}

PodId ApiServer::find_pod(std::string_view ns, std::string_view name) const {
  const StrId ns_id = strings_.find(ns);
  if (ns_id == StringTable::kMissing) return PodId::none();
  const auto it = pods_by_name_.find(pod_key(ns_id, name));
  return it == pods_by_name_.end() ? PodId::none() : it->second;
}

TemplateId ApiServer::admit(TemplateId spec) {
  if (pod_admission_.empty()) return spec;
  PodTemplate admitted = pod_template(spec);
  for (const PodAdmission* webhook : pod_admission_)
    webhook->admit(admitted);
  if (admitted == pod_template(spec)) return spec;
  std::vector<TemplateId>& made = admitted_[spec.index()];
  for (const TemplateId id : made) {
    if (pod_template(id) == admitted) return id;
  }
  made.push_back(add_template(std::move(admitted)));
  return made.back();
}

PodId ApiServer::create_pod(TemplateId spec, std::string name) {
  kernel_.check(spec.valid() && spec.index() < templates_.size(), kComponent,
                "create_pod: unknown pod template");
  spec = admit(spec);
  const PodId id(static_cast<uint32_t>(pods_.size()));
  std::string key = pod_key(pod_template(spec).ns, name);
  if (!pods_by_name_.try_emplace(key, id).second) {
    kernel_.fail(kComponent, "create_pod: pod " + key + " already exists");
  }
  Pod& pod = pods_.emplace_back();
  pod.id = id;
  pod.spec = spec;
  pod.name = std::move(name);
  pod.uid = sim::stable_hash(key);
  pod.created = kernel_.now();
  position_on_node_.push_back(0);
  const PodTemplate& t = pod_template(spec);
  trace_.emit(PodCreated{strings_.view(t.ns), pod.name, strings_.view(t.owner_name)});
  for (size_t i = 0; i < pod_watchers_.size(); ++i)
    pod_watchers_[i]->pod_added(pod);
  return id;
}

Pod& ApiServer::mutable_pod(PodId id, const char* what) {
  if (!id.valid() || id.index() >= pods_.size()) [[unlikely]]
    kernel_.fail(kComponent, std::string(what) + ": unknown pod");
  Pod& pod = pods_[id.index()];
  if (pod.removed) [[unlikely]]
    kernel_.fail(kComponent, std::string(what) + ": pod " + pod.name + " is gone");
  return pod;
}

Node& ApiServer::mutable_node(NodeId id, const char* what) {
  if (!id.valid() || id.index() >= nodes_.size()) [[unlikely]]
    kernel_.fail(kComponent, std::string(what) + ": unknown node");
  Node& node = nodes_[id.index()];
  if (node.removed) [[unlikely]]
    kernel_.fail(kComponent, std::string(what) + ": node " + node.spec.name + " is gone");
  return node;
}

void ApiServer::notify_changed(const Pod& pod, PodChange change) {
  for (size_t i = 0; i < pod_watchers_.size(); ++i)
    pod_watchers_[i]->pod_changed(pod, change);
  if (pod.node.valid()) {
    const auto& watchers = node_pod_watchers_[pod.node.index()];
    for (size_t i = 0; i < watchers.size(); ++i)
      watchers[i]->pod_changed(pod, change);
  }
}

void ApiServer::bind(PodId id, NodeId node_id) {
  Pod& pod = mutable_pod(id, "bind");
  Node& node = mutable_node(node_id, "bind");
  if (pod.node.valid()) [[unlikely]]
    kernel_.fail(kComponent, "bind: pod " + pod.name + " is already bound");
  pod.node = node_id;
  pod.scheduled = kernel_.now();
  pod.pending_reason = {};
  pod.pending_message.clear();
  auto& on_node = node_pods_[node_id.index()];
  position_on_node_[id.index()] = static_cast<uint32_t>(on_node.size());
  on_node.push_back(id);
  trace_.emit(PodScheduled{namespace_of(pod), pod.name, node.spec.name});
  notify_changed(pod, PodChange::kBound);
}

void ApiServer::record_failed_scheduling(PodId id, std::string_view reason,
                                         std::string_view message) {
  Pod& pod = mutable_pod(id, "record_failed_scheduling");
  pod.pending_reason = reason;
  // The same message, retry after retry, reuses the string's memory.
  pod.pending_message.assign(message);
  trace_.emit(PodFailedScheduling{namespace_of(pod), pod.name, pod.pending_message});
  notify_changed(pod, PodChange::kFailedScheduling);
}

void ApiServer::record_sandbox_failure(PodId id, std::string_view reason, std::string message) {
  Pod& pod = mutable_pod(id, "record_sandbox_failure");
  pod.pending_reason = reason;
  pod.pending_message = std::move(message);
  trace_.emit(PodSandboxFailed{namespace_of(pod), pod.name, node_name(pod.node), reason,
                               pod.pending_message});
  notify_changed(pod, PodChange::kSandboxFailed);
}

void ApiServer::set_sandbox(PodId id, net::Ipv4 ip, std::string interface_id) {
  Pod& pod = mutable_pod(id, "set_sandbox");
  pod.ip = ip;
  pod.has_ip = true;
  pod.interface_id = std::move(interface_id);
  pod.pending_reason = {};
  pod.pending_message.clear();
  trace_.emit(PodSandboxCreated{namespace_of(pod), pod.name, node_name(pod.node), ip.to_string(),
                                pod.interface_id});
  notify_changed(pod, PodChange::kSandboxCreated);
}

void ApiServer::set_running(PodId id) {
  Pod& pod = mutable_pod(id, "set_running");
  pod.phase = PodPhase::kRunning;
  pod.running = kernel_.now();
  trace_.emit(PodRunning{namespace_of(pod), pod.name, node_name(pod.node),
                         pod.has_ip ? pod.ip.to_string() : std::string()});
  notify_changed(pod, PodChange::kRunning);
}

size_t ApiServer::delete_pods(std::string_view ns, std::string_view name, const Labels& selector) {
  std::vector<PodId> victims;
  if (!name.empty()) {
    if (const PodId pod = find_pod(ns, name); pod.valid()) victims.push_back(pod);
  } else {
    for (const Pod& p : pods_) {
      if (!p.removed && namespace_of(p) == ns && spec_of(p).labels.matches(selector))
        victims.push_back(p.id);
    }
  }
  for (PodId pod : victims)
    delete_pod(pod);
  return victims.size();
}

void ApiServer::delete_pod(PodId id) {
  Pod& pod = mutable_pod(id, "delete_pod");
  if (pod.terminating) return;
  if (!pod.node.valid()) {
    remove_pod(pod);
    return;
  }
  pod.terminating = true;
  pod.deletion_requested = kernel_.now();
  trace_.emit(PodTerminating{namespace_of(pod), pod.name});
  notify_changed(pod, PodChange::kTerminating);
}

void ApiServer::finish_pod_deletion(PodId id) {
  Pod& pod = mutable_pod(id, "finish_pod_deletion");
  if (!pod.terminating) [[unlikely]]
    kernel_.fail(kComponent, "finish_pod_deletion: pod " + pod.name + " is not terminating");
  remove_pod(pod);
}

void ApiServer::remove_pod(Pod& pod) {
  pod.removed = true;
  pod.deleted = kernel_.now();
  pods_by_name_.erase(pod_key(spec_of(pod).ns, pod.name));
  if (pod.node.valid()) {
    auto& on_node = node_pods_[pod.node.index()];
    const uint32_t position = position_on_node_[pod.id.index()];
    on_node[position] = on_node.back();
    position_on_node_[on_node[position].index()] = position;
    on_node.pop_back();
  }
  trace_.emit(PodDeleted{namespace_of(pod), pod.name, node_name(pod.node)});
  for (size_t i = 0; i < pod_watchers_.size(); ++i)
    pod_watchers_[i]->pod_removed(pod);
  if (pod.node.valid()) {
    const auto& watchers = node_pod_watchers_[pod.node.index()];
    for (size_t i = 0; i < watchers.size(); ++i)
      watchers[i]->pod_removed(pod);
  }
}

NodeId ApiServer::register_node(NodeSpec spec, NodeReadiness ready, std::string_view reason,
                                std::string message) {
  const NodeId id(static_cast<uint32_t>(nodes_.size()));
  if (!nodes_by_name_.try_emplace(spec.name, id).second) {
    kernel_.fail(kComponent, "register_node: node " + spec.name + " already exists");
  }
  Node& node = nodes_.emplace_back();
  node.id = id;
  node.spec = std::move(spec);
  node.name_id = strings_.intern(node.spec.name);
  node.ready = ready;
  node.ready_reason = reason;
  node.ready_message = std::move(message);
  node.registered = kernel_.now();
  update_readiness_taints(node);
  node_pods_.emplace_back();
  node_pod_watchers_.emplace_back();
  trace_.emit(NodeRegistered{node.spec.name, ready == NodeReadiness::kTrue});
  if (ready != NodeReadiness::kTrue) {
    trace_.emit(NodeNotReady{node.spec.name, to_string(ready), reason, node.ready_message});
  }
  for (size_t i = 0; i < node_watchers_.size(); ++i)
    node_watchers_[i]->node_added(node);
  return id;
}

NodeId ApiServer::find_node(std::string_view name) const {
  const auto it = nodes_by_name_.find(std::string(name));
  return it == nodes_by_name_.end() ? NodeId::none() : it->second;
}

void ApiServer::update_readiness_taints(Node& node) {
  auto& taints = node.spec.taints;
  std::erase_if(taints, [&](const Taint& t) {
    return t.effect == TaintEffect::kNoSchedule &&
           (t.key == not_ready_key_ || t.key == unreachable_key_);
  });
  if (node.ready == NodeReadiness::kFalse)
    taints.push_back(Taint{not_ready_key_, StringTable::kEmpty, TaintEffect::kNoSchedule});
  if (node.ready == NodeReadiness::kUnknown)
    taints.push_back(Taint{unreachable_key_, StringTable::kEmpty, TaintEffect::kNoSchedule});
}

void ApiServer::set_node_readiness(NodeId id, NodeReadiness ready, std::string_view reason,
                                   std::string message) {
  Node& node = mutable_node(id, "set_node_readiness");
  const bool changed = node.ready != ready;
  node.ready = ready;
  node.ready_reason = reason;
  node.ready_message = std::move(message);
  if (!changed) return;
  update_readiness_taints(node);
  if (ready == NodeReadiness::kTrue) {
    trace_.emit(NodeReady{node.spec.name});
  } else {
    trace_.emit(NodeNotReady{node.spec.name, to_string(ready), reason, node.ready_message});
  }
  for (size_t i = 0; i < node_watchers_.size(); ++i)
    node_watchers_[i]->node_changed(node);
}

void ApiServer::set_node_unschedulable(NodeId id, bool unschedulable) {
  Node& node = mutable_node(id, "set_node_unschedulable");
  if (node.spec.unschedulable == unschedulable) return;
  node.spec.unschedulable = unschedulable;
  for (size_t i = 0; i < node_watchers_.size(); ++i)
    node_watchers_[i]->node_changed(node);
}

void ApiServer::set_node_pod_eni(NodeId id, int32_t capacity) {
  Node& node = mutable_node(id, "set_node_pod_eni");
  if (node.spec.pod_eni == capacity) return;
  node.spec.pod_eni = capacity;
  for (size_t i = 0; i < node_watchers_.size(); ++i)
    node_watchers_[i]->node_changed(node);
}

void ApiServer::remove_node(NodeId id) {
  Node& node = mutable_node(id, "remove_node");
  const std::vector<PodId> pods = node_pods_[id.index()];
  for (const PodId pod : pods)
    remove_pod(pods_[pod.index()]);
  node.removed = true;
  nodes_by_name_.erase(node.spec.name);
  trace_.emit(NodeRemoved{node.spec.name});
  for (size_t i = 0; i < node_watchers_.size(); ++i)
    node_watchers_[i]->node_removed(node);
}

void ApiServer::watch_node_pods(NodeId node, PodWatcher* watcher) {
  mutable_node(node, "watch_node_pods");
  node_pod_watchers_[node.index()].push_back(watcher);
}

}  // namespace ekssim::k8s
