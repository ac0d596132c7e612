#include "models/k8s/scheduling_queue.h"

#include <utility>

namespace ekssim::k8s {

SchedulingQueue::SchedulingQueue(sim::Kernel& kernel, Config config,
                                 std::function<void()> on_active)
    : kernel_(kernel),
      config_(config),
      on_active_(std::move(on_active)),
      backoff_flush_(kernel),
      unschedulable_flush_(kernel) {}

void SchedulingQueue::start() {
  start_ = kernel_.now();
}

SchedulingQueue::Entry& SchedulingQueue::entry(PodId pod) {
  if (pod.index() >= entries_.size()) entries_.resize(pod.index() + 1);
  return entries_[pod.index()];
}

void SchedulingQueue::leave(Entry& e) {
  switch (e.where) {
    case Where::kActive:
      --active_count_;
      break;
    case Where::kBackoff:
      --backoff_count_;
      break;
    case Where::kUnschedulable: {
      std::vector<PodId>& pods = groups_[e.group].pods;
      const PodId last = pods.back();
      pods[e.position] = last;
      entries_[last.index()].position = e.position;
      pods.pop_back();
      --unschedulable_count_;
      break;
    }
    case Where::kNone:
    case Where::kPopped:
      break;
  }
  e.where = Where::kNone;
  ++e.version;
}

void SchedulingQueue::to_active(PodId pod, Entry& e) {
  e.where = Where::kActive;
  ++e.version;
  active_.push(ActiveKey{e.priority, e.timestamp, pod.index(), e.version});
  ++active_count_;
  on_active_();
}

void SchedulingQueue::to_backoff(PodId pod, Entry& e) {
  e.where = Where::kBackoff;
  ++e.version;
  backoff_.push(BackoffKey{backoff_expiry(e), pod.index(), e.version});
  ++backoff_count_;
  arm_backoff_flush();
}

void SchedulingQueue::add(PodId pod, int32_t priority) {
  Entry& e = entry(pod);
  leave(e);
  e.priority = priority;
  e.attempts = 0;
  e.rejectors = 0;
  e.timestamp = kernel_.now();
  to_active(pod, e);
}

std::optional<PodId> SchedulingQueue::pop() {
  while (!active_.empty()) {
    const ActiveKey top = active_.top();
    active_.pop();
    Entry& e = entries_[top.pod];
    if (e.where != Where::kActive || e.version != top.version) continue;
    --active_count_;
    e.where = Where::kPopped;
    ++e.version;
    ++e.attempts;
    return PodId(top.pod);
  }
  return std::nullopt;
}

void SchedulingQueue::add_unschedulable(PodId pod, PluginSet rejectors, PodClassId pod_class) {
  Entry& e = entry(pod);
  kernel_.check(e.where == Where::kPopped, "kube-scheduler",
                "add_unschedulable: the pod is not being scheduled");
  e.where = Where::kNone;
  e.timestamp = kernel_.now();
  e.rejectors = rejectors;
  if (rejectors == 0) {
    to_backoff(pod, e);
    return;
  }
  const auto [it, added] = group_index_.try_emplace({pod_class.index(), rejectors},
                                                    static_cast<uint32_t>(groups_.size()));
  if (added) groups_.push_back(Group{pod_class, rejectors, {}});
  Group& group = groups_[it->second];
  e.where = Where::kUnschedulable;
  ++e.version;
  e.group = it->second;
  e.position = static_cast<uint32_t>(group.pods.size());
  group.pods.push_back(pod);
  ++unschedulable_count_;
  arm_unschedulable_flush();
}

void SchedulingQueue::move_all(PluginSet interested, const PreEnqueueCheck& check) {
  for (Group& group : groups_) {
    if (group.pods.empty() || (group.rejectors & interested) == 0) continue;
    if (check && !check(group.pod_class)) continue;
    moving_.swap(group.pods);
    for (const PodId pod : moving_) {
      Entry& e = entries_[pod.index()];
      --unschedulable_count_;
      e.where = Where::kNone;
      requeue(pod, e);
    }
    moving_.clear();
  }
  arm_unschedulable_flush();
}

void SchedulingQueue::requeue(PodId pod, Entry& e) {
  if (backoff_expiry(e) > kernel_.now()) {
    to_backoff(pod, e);
  } else {
    to_active(pod, e);
  }
}

void SchedulingQueue::remove(PodId pod) {
  if (pod.index() >= entries_.size()) return;
  leave(entries_[pod.index()]);
  if (unschedulable_count_ == 0) unschedulable_flush_.cancel();
}

sim::Time SchedulingQueue::backoff_expiry(const Entry& e) const {
  sim::Duration backoff = config_.initial_backoff;
  for (int i = 1; i < e.attempts; ++i) {
    if (backoff > config_.max_backoff - backoff) return e.timestamp + config_.max_backoff;
    backoff += backoff;
  }
  return e.timestamp + backoff;
}

sim::Time SchedulingQueue::next_tick(sim::Time at_or_after, sim::Duration period) const {
  if (at_or_after <= start_) return start_;
  const sim::Duration since = at_or_after - start_;
  const int64_t ticks = (since.nanoseconds() + period.nanoseconds() - 1) / period.nanoseconds();
  return start_ + period * ticks;
}

void SchedulingQueue::arm_backoff_flush() {
  while (!backoff_.empty()) {
    const BackoffKey& top = backoff_.top();
    const Entry& e = entries_[top.pod];
    if (e.where == Where::kBackoff && e.version == top.version) break;
    backoff_.pop();
  }
  if (backoff_.empty()) {
    backoff_flush_.cancel();
    return;
  }
  const sim::Time when = next_tick(backoff_.top().expiry, config_.backoff_flush_period);
  if (!backoff_flush_.pending() || backoff_flush_.due() != when) {
    backoff_flush_.schedule_at(when, [this] { flush_backoff(); });
  }
}

void SchedulingQueue::flush_backoff() {
  while (!backoff_.empty()) {
    const BackoffKey top = backoff_.top();
    Entry& e = entries_[top.pod];
    if (e.where != Where::kBackoff || e.version != top.version) {
      backoff_.pop();
      continue;
    }
    if (top.expiry > kernel_.now()) break;
    backoff_.pop();
    leave(e);
    to_active(PodId(top.pod), e);
  }
  arm_backoff_flush();
}

void SchedulingQueue::arm_unschedulable_flush() {
  if (unschedulable_count_ == 0) {
    unschedulable_flush_.cancel();
    return;
  }
  if (unschedulable_flush_.pending()) return;
  const sim::Duration period = config_.unschedulable_flush_period;
  sim::Time when = next_tick(kernel_.now(), period);
  if (when == kernel_.now()) when += period;
  unschedulable_flush_.schedule_at(when, [this] { flush_unschedulable(); });
}

void SchedulingQueue::flush_unschedulable() {
  for (const Group& group : groups_) {
    for (const PodId pod : group.pods) {
      if (kernel_.now() - entries_[pod.index()].timestamp > config_.max_in_unschedulable) {
        moving_.push_back(pod);
      }
    }
  }
  for (const PodId pod : moving_) {
    Entry& e = entries_[pod.index()];
    leave(e);
    requeue(pod, e);
  }
  moving_.clear();
  arm_unschedulable_flush();
}

}  // namespace ekssim::k8s
