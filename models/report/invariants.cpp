#include "models/report/invariants.h"

#include <algorithm>
#include <utility>

#include "models/cni/ipamd_events.h"
#include "models/k8s/api_events.h"

namespace ekssim::report {

InvariantCheckers::InvariantCheckers(sim::Kernel& kernel, sim::Trace& trace) : kernel_(kernel) {
  trace.subscribe<cni::PodIpAssigned>(
      [this](sim::Time, const cni::PodIpAssigned& e) { assigned(e.ns, e.pod, e.node, e.ip); });
  trace.subscribe<cni::PodIpReleased>(
      [this](sim::Time, const cni::PodIpReleased& e) { released(e.node, e.ip); });
  trace.subscribe<k8s::PodDeleted>(
      [this](sim::Time, const k8s::PodDeleted& e) { pod_deleted(e.ns, e.pod); });
}

void InvariantCheckers::assigned(std::string_view ns, std::string_view pod, std::string_view node,
                                 std::string_view ip) {
  key_.assign(ns);
  key_ += '/';
  key_ += pod;
  const auto it = holders_.find(ip);
  if (it != holders_.end()) {
    if (it->second.pod == key_) return;
    kernel_.fail(std::string(kPodAddresses), std::string(ip) + " is assigned to " + key_ + " on " +
                                                 std::string(node) + " while " + it->second.pod +
                                                 " on " + it->second.node + " holds it");
  }
  holders_.emplace(std::string(ip), Holder{key_, std::string(node)});
  held_by_pod_[key_].emplace_back(ip);
}

void InvariantCheckers::released(std::string_view node, std::string_view ip) {
  const auto it = holders_.find(ip);
  // A release of an address its pod already gave up (the pod was deleted first), or of one on
  // another node, ends nothing.
  if (it == holders_.end() || it->second.node != node) return;
  const auto pod = held_by_pod_.find(it->second.pod);
  if (pod != held_by_pod_.end()) {
    std::erase(pod->second, ip);
    if (pod->second.empty()) held_by_pod_.erase(pod);
  }
  holders_.erase(it);
}

void InvariantCheckers::pod_deleted(std::string_view ns, std::string_view pod) {
  key_.assign(ns);
  key_ += '/';
  key_ += pod;
  const auto it = held_by_pod_.find(key_);
  if (it == held_by_pod_.end()) return;
  for (const std::string& ip : it->second)
    holders_.erase(ip);
  held_by_pod_.erase(it);
}

void InvariantCheckers::add_state_check(std::string component, StateCheck check) {
  state_checks_.push_back(NamedCheck{std::move(component), std::move(check)});
}

void InvariantCheckers::check_state() const {
  for (const NamedCheck& c : state_checks_) {
    const std::string broken = c.check();
    if (!broken.empty()) kernel_.fail(c.component, broken);
  }
}

void InvariantCheckers::check_state_every(sim::Duration period) {
  periodic_ = std::make_unique<sim::PeriodicTimer>(kernel_, period, [this] { check_state(); });
  periodic_->start(period);
}

}  // namespace ekssim::report
