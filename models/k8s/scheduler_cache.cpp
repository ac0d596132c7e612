#include "models/k8s/scheduler_cache.h"

#include <algorithm>

namespace ekssim::k8s {
namespace {

constexpr uint32_t kNoPosition = ~uint32_t{0};

// pkg/scheduler/util/pod_resources.go, DefaultMilliCPURequest and DefaultMemoryRequest.
constexpr int64_t kDefaultMilliCpuRequest = 100;
constexpr int64_t kDefaultMemoryRequest = 200 * 1024 * 1024;

// Everything the filters read of a pod, as one comparable key.
std::vector<int64_t> pod_class_key(const PodTemplate& spec) {
  std::vector<int64_t> key{spec.cpu_millis, spec.memory_bytes, spec.pod_eni,
                           static_cast<int64_t>(spec.node_selector.items().size())};
  for (const Label& label : spec.node_selector.items()) {
    key.push_back(label.key);
    key.push_back(label.value);
  }
  for (const Toleration& t : spec.tolerations) {
    key.push_back(t.key);
    key.push_back(static_cast<int64_t>(t.op));
    key.push_back(t.value);
    key.push_back(t.effect ? static_cast<int64_t>(*t.effect) : -1);
  }
  return key;
}

}  // namespace

int64_t nonzero_cpu_millis(const PodTemplate& spec) {
  return spec.cpu_millis > 0 ? spec.cpu_millis : kDefaultMilliCpuRequest;
}
int64_t nonzero_memory_bytes(const PodTemplate& spec) {
  return spec.memory_bytes > 0 ? spec.memory_bytes : kDefaultMemoryRequest;
}

SchedulerCache::SchedulerCache(ApiServer& api)
    : api_(api), unschedulable_key_(api.strings().intern(kTaintNodeUnschedulable)) {}

PodClassId SchedulerCache::pod_class(const Pod& pod) {
  const uint32_t t = pod.spec.index();
  if (t >= template_class_.size()) template_class_.resize(t + 1, PodClassId::kNone);
  if (template_class_[t] == PodClassId::kNone) {
    const auto [it, added] = pod_class_index_.try_emplace(
        pod_class_key(api_.pod_template(pod.spec)), static_cast<uint32_t>(pod_classes_.size()));
    if (added) pod_classes_.emplace_back().representative = pod.spec;
    template_class_[t] = it->second;
  }
  return PodClassId(template_class_[t]);
}

uint32_t SchedulerCache::node_class_of(const NodeSpec& spec) {
  std::vector<uint32_t> key{spec.unschedulable ? 1u : 0u};
  for (const Taint& taint : spec.taints) {
    key.push_back(taint.key);
    key.push_back(taint.value);
    key.push_back(static_cast<uint32_t>(taint.effect));
  }
  const auto [it, added] =
      node_class_index_.try_emplace(std::move(key), static_cast<uint32_t>(node_classes_.size()));
  if (added) {
    node_classes_.push_back(NodeClass{spec.unschedulable, spec.taints});
    class_rejections_.push_back(0);
  }
  return it->second;
}

void SchedulerCache::add_node(const Node& node) {
  const size_t slots = node.id.index() + 1;
  if (slots_.size() < slots) {
    slots_.resize(slots);
    readiness_.resize(slots);
  }
  Slot& slot = slots_[node.id.index()];
  slot.node_class = node_class_of(node.spec);
  slot.max_pods = node.spec.max_pods;
  slot.cpu_millis = node.spec.cpu_millis;
  slot.memory_bytes = node.spec.memory_bytes;
  slot.pod_eni = node.spec.pod_eni;
  readiness_[node.id.index()] = node.ready;
  if (position_.size() < slots) position_.resize(slots, kNoPosition);
  position_[node.id.index()] = static_cast<uint32_t>(nodes_.size());
  nodes_.push_back(node.id);
  refresh_bits(node.id);
  ++generation_;
}

bool SchedulerCache::update_node(const Node& node) {
  Slot& slot = slots_[node.id.index()];
  const NodeClass& before = node_classes_[slot.node_class];
  const bool uncordoned = before.unschedulable && !node.spec.unschedulable;
  const bool taints_changed = before.taints != node.spec.taints;
  const bool readiness_changed = readiness_[node.id.index()] != node.ready;
  // eventhandlers.go nodeAllocatableChanged: a node that advertises more (the VPC resource
  // controller's pod-eni capacity) is a change pods are requeued for.
  const bool allocatable_grew = node.spec.pod_eni > slot.pod_eni;
  slot.node_class = node_class_of(node.spec);
  slot.pod_eni = node.spec.pod_eni;
  readiness_[node.id.index()] = node.ready;
  refresh_bits(node.id);
  ++generation_;
  return uncordoned || taints_changed || readiness_changed || allocatable_grew;
}

void SchedulerCache::remove_node(const Node& node) {
  ++generation_;
  const uint32_t removed =
      node.id.index() < position_.size() ? position_[node.id.index()] : kNoPosition;
  if (removed == kNoPosition) return;
  nodes_.erase(nodes_.begin() + removed);
  position_[node.id.index()] = kNoPosition;
  // The nodes after it move down one position.
  for (size_t p = removed; p < nodes_.size(); ++p)
    position_[nodes_[p].index()] = static_cast<uint32_t>(p);
  for (const uint32_t c : tracked_)
    pod_classes_[c].takes.erase(removed);
}

const NodeVerdict& SchedulerCache::class_verdict(PodClass& pc, uint32_t node_class) {
  if (pc.verdicts.size() < node_classes_.size()) pc.verdicts.resize(node_classes_.size());
  ClassVerdict& by_class = pc.verdicts[node_class];
  if (!by_class.known) {
    const NodeClass& nc = node_classes_[node_class];
    by_class.verdict = check_cordon_and_taints(api_.pod_template(pc.representative),
                                               nc.unschedulable, nc.taints, unschedulable_key_);
    by_class.known = true;
  }
  return by_class.verdict;
}

bool SchedulerCache::takes(PodClass& pc, const PodTemplate& spec, NodeId node) {
  const Slot& slot = slots_[node.index()];
  return class_verdict(pc, slot.node_class).fits() &&
         check_resources(spec, slot.cpu_millis, slot.memory_bytes, slot.max_pods, slot.used,
                         slot.pod_eni)
             .fits();
}

void SchedulerCache::refresh_bits(NodeId node) {
  const uint32_t position = node.index() < position_.size() ? position_[node.index()] : kNoPosition;
  if (position == kNoPosition) return;
  for (const uint32_t c : tracked_) {
    PodClass& pc = pod_classes_[c];
    pc.takes.assign(position, takes(pc, api_.pod_template(pc.representative), node));
  }
}

void SchedulerCache::rebuild_bits(PodClass& pc) {
  const PodTemplate& spec = api_.pod_template(pc.representative);
  pc.takes.reset();
  for (size_t p = 0; p < nodes_.size(); ++p)
    pc.takes.assign(p, takes(pc, spec, nodes_[p]));
}

void SchedulerCache::track(uint32_t pod_class) {
  PodClass& pc = pod_classes_[pod_class];
  pc.last_used = ++use_clock_;
  if (pc.tracked) return;
  if (tracked_.size() == kMaxTrackedClasses) {
    const auto oldest = std::min_element(tracked_.begin(), tracked_.end(), [&](uint32_t a, uint32_t b) {
      return pod_classes_[a].last_used < pod_classes_[b].last_used;
    });
    pod_classes_[*oldest].tracked = false;
    pod_classes_[*oldest].takes.reset();
    tracked_.erase(oldest);
  }
  rebuild_bits(pc);
  pc.tracked = true;
  tracked_.push_back(pod_class);
}

void SchedulerCache::account(const Pod& pod, int sign) {
  const PodTemplate& spec = api_.spec_of(pod);
  const uint32_t node = pod.node.index();
  NodeUsage& used = slots_[node].used;
  used.cpu_millis += sign * spec.cpu_millis;
  used.memory_bytes += sign * spec.memory_bytes;
  used.pods += sign;
  used.pod_eni += sign * spec.pod_eni;
  NodeUsage& nonzero = slots_[node].nonzero;
  nonzero.cpu_millis += sign * nonzero_cpu_millis(spec);
  nonzero.memory_bytes += sign * nonzero_memory_bytes(spec);
  nonzero.pods += sign;
  refresh_bits(pod.node);
  ++generation_;
}

void SchedulerCache::add_pod(const Pod& pod) {
  if (pod.id.index() >= counted_.size()) counted_.resize(pod.id.index() + 1, 0);
  counted_[pod.id.index()] = 1;
  account(pod, +1);
}

bool SchedulerCache::remove_pod(const Pod& pod) {
  if (pod.id.index() >= counted_.size() || counted_[pod.id.index()] == 0) return false;
  counted_[pod.id.index()] = 0;
  account(pod, -1);
  return true;
}

size_t SchedulerCache::find_feasible(PodClassId pod_class, size_t start, size_t to_find,
                                     std::vector<NodeId>& feasible, FitDiagnosis& diagnosis) {
  track(pod_class.index());
  PodClass& pc = pod_classes_[pod_class.index()];
  const PodTemplate& spec = api_.pod_template(pc.representative);
  // The same walk as visit_every_node, over the nodes that pass every filter but the selector.
  const bool selective = !spec.node_selector.empty();
  const size_t all = nodes_.size();
  start %= all;  // `nextStartNodeIndex + i) % numAllNodes`: nodes may have gone since
  size_t last = all;  // the position of the last feasible node found
  for (const auto& [from, to] : {std::pair(start, all), std::pair(size_t{0}, start)}) {
    if (feasible.size() == to_find) break;
    pc.takes.for_each_set(from, to, [&](size_t p) {
      const NodeId node = nodes_[p];
      if (!selective || matches_selector(spec, api_.node(node).spec)) {
        feasible.push_back(node);
        last = p;
      }
      return feasible.size() < to_find;
    });
  }
  if (feasible.size() == to_find) return (last + all - start) % all + 1;
  // Every node visited. The rejections are only read when nothing fits: then walk them all.
  if (feasible.empty()) return visit_every_node(pc, start, to_find, feasible, diagnosis);
  return all;
}

size_t SchedulerCache::visit_every_node(PodClass& pc, size_t start, size_t to_find,
                                        std::vector<NodeId>& feasible, FitDiagnosis& diagnosis) {
  const PodTemplate& spec = api_.pod_template(pc.representative);
  const bool selective = !spec.node_selector.empty();

  const size_t all = nodes_.size();
  size_t visited = 0;
  for (size_t i = start; visited < all && feasible.size() < to_find; ++visited) {
    const NodeId node = nodes_[i];
    if (++i == all) i = 0;
    const Slot& slot = slots_[node.index()];
    if (!class_verdict(pc, slot.node_class).fits()) {
      ++class_rejections_[slot.node_class];
      continue;
    }
    if (selective && !matches_selector(spec, api_.node(node).spec)) {
      diagnosis.add(NodeVerdict{.rejected_by = kNodeAffinity});
      continue;
    }
    const NodeVerdict verdict =
        check_resources(spec, slot.cpu_millis, slot.memory_bytes, slot.max_pods, slot.used,
                        slot.pod_eni);
    if (verdict.fits()) {
      feasible.push_back(node);
    } else {
      diagnosis.add(verdict);
    }
  }
  for (size_t c = 0; c < class_rejections_.size(); ++c) {
    if (class_rejections_[c] == 0) continue;
    diagnosis.add(pc.verdicts[c].verdict, class_rejections_[c]);
    class_rejections_[c] = 0;
  }
  return visited;
}

bool SchedulerCache::pre_check(PodClassId pod_class, const Node& node) const {
  const PodTemplate& spec = api_.pod_template(pod_classes_[pod_class.index()].representative);
  const Slot& slot = slots_[node.id.index()];
  return check_resources(spec, slot.cpu_millis, slot.memory_bytes, slot.max_pods, slot.used,
                        slot.pod_eni)
             .fits() &&
         matches_selector(spec, node.spec) &&
         first_untolerated_no_schedule(node.spec.taints, spec.tolerations) == nullptr;
}

}  // namespace ekssim::k8s
