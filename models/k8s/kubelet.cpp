#include "models/k8s/kubelet.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <utility>

#include "models/k8s/api_events.h"

namespace ekssim::k8s {
namespace {

constexpr std::string_view kReadyReason = "KubeletReady";
constexpr std::string_view kReadyMessage = "kubelet is posting ready status";
constexpr std::string_view kNotReadyReason = "KubeletNotReady";

}  // namespace

Kubelet::Kubelet(sim::Kernel& kernel, sim::Trace& trace, ApiServer& api, NetworkPlugin& plugin,
                 NodeSpec spec, uint64_t scenario_seed, Config config)
    : kernel_(kernel),
      trace_(trace),
      api_(api),
      plugin_(plugin),
      spec_(std::move(spec)),
      config_(std::move(config)),
      rng_(scenario_seed, "node/" + spec_.name + "/kubelet"),
      registration_(kernel),
      status_(kernel),
      heartbeat_loss_(kernel) {
  plugin_.set_readiness_listener([this] { readiness_changed(); });
}

void Kubelet::start() {
  if (started_ || failed_) return;
  started_ = true;
  start_time_ = kernel_.now();
  trace_.emit(KubeletStarted{spec_.name});
  registration_.schedule_in(config_.registration_delay, [this] { register_node(); });
}

void Kubelet::fail(std::string reason) {
  if (failed_) return;
  failed_ = true;
  trace_.emit(KubeletFailed{spec_.name, reason, registered()});
  registration_.cancel();
  status_.cancel();
  pods_.clear();
  if (registered()) {
    heartbeat_loss_.schedule_in(config_.node_monitor_grace, [this] {
      if (node_gone()) return;
      api_.set_node_readiness(node_, NodeReadiness::kUnknown, "NodeStatusUnknown",
                              "Kubelet stopped posting node status.");
    });
  }
}

std::string Kubelet::network_not_ready_message() const {
  // pkg/kubelet/kubelet.go, `updateRuntimeUp`, formatting the runtime's NetworkReady condition.
  return "container runtime network not ready: NetworkReady=false "
         "reason:NetworkPluginNotReady message:" +
         plugin_.not_ready_message();
}

void Kubelet::register_node() {
  const bool ready = plugin_.ready();
  ever_ready_ = ready;
  node_ = api_.register_node(spec_, ready ? NodeReadiness::kTrue : NodeReadiness::kFalse,
                             ready ? kReadyReason : kNotReadyReason,
                             ready ? std::string(kReadyMessage) : network_not_ready_message());
  api_.watch_node_pods(node_, this);
}

sim::Time Kubelet::next_tick(sim::Time at_or_after, sim::Duration period) const {
  if (at_or_after <= start_time_) return start_time_;
  const int64_t since = (at_or_after - start_time_).nanoseconds();
  const int64_t ticks = (since + period.nanoseconds() - 1) / period.nanoseconds();
  return start_time_ + period * ticks;
}

bool Kubelet::node_gone() const {
  return api_.node(node_).removed;
}

void Kubelet::readiness_changed() {
  if (!registered() || failed_ || node_gone()) return;
  const bool fast = !ever_ready_ && kernel_.now() < start_time_ + config_.node_ready_grace;
  const sim::Time when =
      next_tick(kernel_.now(), fast ? config_.fast_status_period : config_.status_period);
  if (!status_.pending() || when < status_.due()) {
    status_.schedule_at(when, [this] { post_status(); });
  }
}

void Kubelet::post_status() {
  if (node_gone()) return;
  const bool ready = plugin_.ready();
  if (ready) {
    ever_ready_ = true;
    api_.set_node_readiness(node_, NodeReadiness::kTrue, kReadyReason, std::string(kReadyMessage));
  } else {
    api_.set_node_readiness(node_, NodeReadiness::kFalse, kNotReadyReason,
                            network_not_ready_message());
  }
}

sim::Duration Kubelet::jittered(sim::Duration base) {
  // k8s.io/apimachinery/pkg/util/wait, `Jitter`: base + rand.Float64() * factor * base.
  const auto spread = static_cast<int64_t>(static_cast<double>(base.nanoseconds()) *
                                           config_.backoff_jitter * rng_.uniform01());
  return base + sim::Duration::nanoseconds(spread);
}

std::vector<std::pair<PodId, std::unique_ptr<Kubelet::PodWork>>>::iterator Kubelet::slot(
    PodId pod) {
  return std::lower_bound(pods_.begin(), pods_.end(), pod,
                          [](const auto& entry, PodId id) { return entry.first < id; });
}

Kubelet::PodWork* Kubelet::work(PodId pod) {
  const auto it = slot(pod);
  return it == pods_.end() || it->first != pod ? nullptr : it->second.get();
}

void Kubelet::pod_changed(const Pod& pod, PodChange change) {
  if (failed_) return;
  if (change == PodChange::kBound) {
    auto it = slot(pod.id);
    if (it == pods_.end() || it->first != pod.id) it = pods_.emplace(it, pod.id, nullptr);
    it->second = std::make_unique<PodWork>(kernel_);
    const PodId id = pod.id;
    it->second->timer.schedule_in(sim::Duration::zero(), [this, id] { sync(id); });
  } else if (change == PodChange::kTerminating) {
    terminate(pod.id);
  }
}

void Kubelet::pod_removed(const Pod& pod) {
  // Removed without the kubelet's say (its node was deleted): drop the sandbox.
  PodWork* w = work(pod.id);
  if (w == nullptr) return;
  if (w->has_network) release_network(pod, w->sandbox);
  pods_.erase(slot(pod.id));
}

std::string Kubelet::sandbox_id(const Pod& pod, uint32_t attempt) const {
  // Every sync of every pod asks for it: the uid's text once, the 64 digits written in place.
  const std::string uid = std::to_string(pod.uid);
  std::string id;
  id.reserve(64);
  for (uint64_t part = 0; part < 4; ++part) {
    const uint64_t salt = (uint64_t{attempt} << 2) | part;
    fmt::format_to(std::back_inserter(id), "{:016x}", sim::stable_hash(uid, salt));
  }
  return id;
}

void Kubelet::release_network(const Pod& pod, std::string_view sandbox) {
  plugin_.del(SandboxRef{pod.id, api_.namespace_of(pod), pod.name, sandbox});
}

void Kubelet::sync(PodId id) {
  PodWork* w = work(id);
  const Pod& pod = api_.pod(id);
  if (w == nullptr || w->terminating || pod.removed) return;
  const PodTemplate& spec = api_.spec_of(pod);
  if (spec.host_network) {
    api_.set_sandbox(id, spec_.internal_ip, std::string());
    start_containers(id);
    return;
  }
  if (!plugin_.ready()) {
    // pkg/kubelet/kubelet.go, `SyncPod`: NetworkNotReadyErrorMsg and the runtime's condition.
    api_.record_sandbox_failure(id, "NetworkNotReady",
                                "network is not ready: " + network_not_ready_message());
    const sim::Time retry =
        next_tick(kernel_.now() + jittered(config_.network_not_ready_backoff), config_.sync_tick);
    w->timer.schedule_at(retry, [this, id] { sync(id); });
    return;
  }
  const uint32_t attempt = ++w->attempt;
  w->add_in_flight = true;
  w->sandbox = sandbox_id(pod, attempt);
  plugin_.add(
      SandboxRef{id, api_.namespace_of(pod), pod.name, w->sandbox},
      [this, id, attempt](NetworkAddResult result) { add_done(id, attempt, std::move(result)); });
}

void Kubelet::add_done(PodId id, uint32_t attempt, NetworkAddResult result) {
  if (failed_) return;
  const Pod& pod = api_.pod(id);
  PodWork* w = work(id);
  if (w == nullptr || w->attempt != attempt || w->terminating) {
    // The pod went away or is stopping while the ADD ran: tear the sandbox down.
    release_network(pod,
                    w != nullptr && w->attempt == attempt ? w->sandbox : sandbox_id(pod, attempt));
    if (w != nullptr && w->attempt == attempt) w->add_in_flight = false;
    return;
  }
  w->add_in_flight = false;
  if (!result.ok) {
    const std::string sandbox = w->sandbox;  // a copy: watchers of the failure run first
    api_.record_sandbox_failure(
        id, "FailedCreatePodSandBox",
        fmt::format("Failed to create pod sandbox: rpc error: code = Unknown desc = failed to "
                    "setup network for sandbox \"{}\": plugin type=\"{}\" name=\"{}\" failed "
                    "(add): {}",
                    sandbox, config_.cni_plugin_type, config_.cni_network_name, result.error));
    plugin_.del(SandboxRef{id, api_.namespace_of(pod), pod.name, sandbox});
    const sim::Time retry =
        next_tick(kernel_.now() + jittered(config_.sync_backoff), config_.sync_tick);
    w->timer.schedule_at(retry, [this, id] { sync(id); });
    return;
  }
  w->has_network = true;
  api_.set_sandbox(id, result.ip, std::move(result.interface_id));
  start_containers(id);
}

void Kubelet::start_containers(PodId id) {
  PodWork* w = work(id);
  const sim::Duration delay =
      rng_.lognormal(config_.container_start_median, config_.container_start_sigma);
  w->timer.schedule_in(delay, [this, id] {
    const Pod& pod = api_.pod(id);
    if (!pod.removed && !pod.terminating) api_.set_running(id);
  });
}

void Kubelet::terminate(PodId id) {
  PodWork* w = work(id);
  if (w == nullptr || w->terminating) return;
  w->terminating = true;
  const Pod& pod = api_.pod(id);
  sim::Duration delay = sim::Duration::zero();
  if (pod.phase == PodPhase::kRunning) {
    const PodTemplate& spec = api_.spec_of(pod);
    delay = std::min(spec.shutdown_delay + rng_.lognormal(config_.container_stop_median,
                                                          config_.container_stop_sigma),
                     spec.termination_grace);
  }
  w->timer.schedule_in(delay, [this, id] { finish_termination(id); });
}

void Kubelet::finish_termination(PodId id) {
  const auto it = slot(id);
  const bool has_network = it->second->has_network;
  const std::string sandbox = std::move(it->second->sandbox);
  // Forget the pod first: this runs inside its own timer's event, and removing the pod below
  // calls pod_removed.
  pods_.erase(it);
  const Pod& pod = api_.pod(id);
  if (has_network) release_network(pod, sandbox);
  api_.finish_pod_deletion(id);
}

}  // namespace ekssim::k8s
