#include "models/k8s/daemon_set_controller.h"

#include <utility>

#include "models/k8s/pod_names.h"

namespace ekssim::k8s {

DaemonSetController::DaemonSetController(sim::Kernel& kernel, ApiServer& api,
                                         uint64_t scenario_seed)
    : api_(api), seed_(scenario_seed), sync_timer_(kernel) {
  api_.watch_pods(this);
  api_.watch_nodes(this);
}

uint32_t DaemonSetController::add(DaemonSetSpec spec) {
  const auto index = static_cast<uint32_t>(daemon_sets_.size());
  DaemonSet& ds = daemon_sets_.emplace_back(seed_, "daemonset/" + spec.ns + "/" + spec.name);
  StringTable& strings = api_.strings();
  spec.pod.ns = strings.intern(spec.ns);
  spec.pod.owner_kind = OwnerKind::kDaemonSet;
  spec.pod.owner_name = strings.intern(spec.name);
  spec.pod.owner_index = index;
  ds.ns = std::move(spec.ns);
  ds.name = std::move(spec.name);
  ds.spec = api_.add_template(std::move(spec.pod));
  for (uint32_t n = 0; n < api_.node_slots(); ++n) {
    if (!api_.node(NodeId(n)).removed) want(index, NodeId(n));
  }
  return index;
}

void DaemonSetController::want(uint32_t daemon_set, NodeId node) {
  wanted_.emplace_back(daemon_set, node);
  if (!sync_timer_.pending()) {
    sync_timer_.schedule_in(sim::Duration::zero(), [this] { sync(); });
  }
}

void DaemonSetController::node_added(const Node& node) {
  for (uint32_t i = 0; i < daemon_sets_.size(); ++i)
    want(i, node.id);
}

void DaemonSetController::pod_removed(const Pod& pod) {
  const PodTemplate& spec = api_.spec_of(pod);
  if (spec.owner_kind != OwnerKind::kDaemonSet || !pod.node.valid()) return;
  if (!api_.node(pod.node).removed) want(spec.owner_index, pod.node);
}

void DaemonSetController::sync() {
  const auto wanted = std::exchange(wanted_, {});
  for (const auto& [index, node_id] : wanted) {
    const Node& node = api_.node(node_id);
    DaemonSet& ds = daemon_sets_[index];
    const PodTemplate& spec = api_.pod_template(ds.spec);
    if (node.removed || !node.spec.labels.matches(spec.node_selector)) continue;
    std::string name;
    do {
      name = ds.name + "-" + random_suffix(ds.rng);
    } while (api_.name_taken(spec.ns, name));
    const PodId pod = api_.create_pod(ds.spec, std::move(name));
    api_.bind(pod, node_id);
  }
}

}  // namespace ekssim::k8s
