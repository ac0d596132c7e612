#pragma once
// The kubelet of one node (pkg/kubelet): registers the Node, reports its readiness, and runs the
// pods bound to it through the node's NetworkPlugin.
//
// Node lifecycle:
// - start(): the kubelet process begins; the node registers 100 ms later (registerWithAPIServer's
//   first step). It is Ready only if the network plugin is: otherwise NotReady with reason
//   KubeletNotReady and "container runtime network not ready: NetworkReady=false
//   reason:NetworkPluginNotReady message:<the plugin's message>".
// - Readiness changes reach the Node object when the kubelet next looks: every 100 ms while
//   fastStatusUpdateOnce runs (from start until the node is first Ready, for at most
//   nodeReadyGracePeriod = 120 s), afterwards at the 10 s nodeStatusUpdateFrequency. Both
//   grids start at start(); the 4% jitter on the status loop is not modelled.
// - fail(reason): the kubelet stops (cannot reach the API server, crashed). Before registration
//   the node never appears; after it, the node lifecycle controller marks the Ready condition
//   Unknown, "NodeStatusUnknown" / "Kubelet stopped posting node status.", when
//   node-monitor-grace-period (40 s) has passed without a heartbeat. Pods on it stay as they are.
// - Once the Node object is deleted (ApiServer::remove_node, the instance is gone) the kubelet
//   writes nothing more about it; fail() it as well to stop its pods' work.
//
// A pod bound here (pod_workers.go, `SyncPod`; kuberuntime_manager.go, `SyncPod`):
// - host network: no CNI; the pod takes the node's address;
// - otherwise, while the plugin is not ready: event NetworkNotReady, "network is not ready:
//   container runtime network not ready: …", retried after backOffOnTransientErrorPeriod (1 s);
// - otherwise a new sandbox (a new 64-hex id each attempt, derived from the pod's uid and the
//   attempt) and a CNI ADD. On error, the FailedCreatePodSandBox event with containerd's wrapping:
//   `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for
//   sandbox "<id>": plugin type="aws-cni" name="aws-cni" failed (add): <plugin message>`, the
//   sandbox's network torn down (CNI DEL), and a retry after backOffPeriod (10 s).
// Retries are jittered as wait.Jitter(d, 0.5), uniform in [d, 1.5 d), on the kubelet's stream,
// and happen at the next tick of the 1 s syncLoop (the pod work queue is read every second).
// - With an address, the containers start after a seeded delay (lognormal, median 2 s, sigma
//   0.5) that stands for image pull, container start and the status update; then Running.
// Deletion: graceful. Running containers stop after a seeded delay (lognormal, median 1 s,
// sigma 0.5; SIGTERM handled promptly), after the template's shutdown_delay if it has one
// (CoreDNS's lameduck), capped at the pod's terminationGracePeriodSeconds; then the
// sandbox's network is released (CNI DEL) and the pod object is removed.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/k8s/api_server.h"
#include "models/k8s/network_plugin.h"
#include "sim/kernel.h"
#include "sim/random.h"
#include "sim/timer.h"
#include "sim/trace.h"

namespace ekssim::k8s {

class Kubelet : public PodWatcher {
 public:
  struct Config {
    sim::Duration container_start_median = sim::Duration::seconds(2);
    double container_start_sigma = 0.5;
    sim::Duration container_stop_median = sim::Duration::seconds(1);
    double container_stop_sigma = 0.5;
    // pkg/kubelet constants.
    sim::Duration registration_delay = sim::Duration::milliseconds(100);
    sim::Duration sync_backoff = sim::Duration::seconds(10);  // backOffPeriod
    sim::Duration network_not_ready_backoff = sim::Duration::seconds(1);
    double backoff_jitter = 0.5;  // workerBackOffPeriodJitterFactor
    sim::Duration sync_tick = sim::Duration::seconds(1);
    sim::Duration status_period = sim::Duration::seconds(10);  // nodeStatusUpdateFrequency
    sim::Duration fast_status_period = sim::Duration::milliseconds(100);
    sim::Duration node_ready_grace = sim::Duration::seconds(120);  // nodeReadyGracePeriod
    sim::Duration node_monitor_grace = sim::Duration::seconds(40);
    // The CNI network the runtime runs: the conflist's plugin type and network name.
    std::string cni_plugin_type = "aws-cni";
    std::string cni_network_name = "aws-cni";
  };

  // The random stream is "node/<name>/kubelet".
  Kubelet(sim::Kernel& kernel, sim::Trace& trace, ApiServer& api, NetworkPlugin& plugin,
          NodeSpec spec, uint64_t scenario_seed, Config config);
  Kubelet(const Kubelet&) = delete;
  Kubelet& operator=(const Kubelet&) = delete;

  // The kubelet process starts. Only the first call counts, and none after fail().
  void start();
  void fail(std::string reason);

  NodeId node() const { return node_; }  // none until registered
  bool registered() const { return node_.valid(); }

  void pod_changed(const Pod& pod, PodChange change) override;
  void pod_removed(const Pod& pod) override;

 private:
  struct PodWork {
    explicit PodWork(sim::Kernel& kernel) : timer(kernel) {}
    uint32_t attempt = 0;
    std::string sandbox;  // the current attempt's sandbox id, made once per attempt
    bool add_in_flight = false;
    bool has_network = false;
    bool terminating = false;
    sim::Timer timer;
  };

  void register_node();
  // The Node object was deleted (the instance is gone) while this kubelet lives on.
  bool node_gone() const;
  void readiness_changed();
  void post_status();
  std::string network_not_ready_message() const;
  sim::Time next_tick(sim::Time at_or_after, sim::Duration period) const;
  sim::Duration jittered(sim::Duration base);

  void sync(PodId pod);
  void add_done(PodId pod, uint32_t attempt, NetworkAddResult result);
  void start_containers(PodId pod);
  void terminate(PodId pod);
  void finish_termination(PodId pod);
  std::string sandbox_id(const Pod& pod, uint32_t attempt) const;
  void release_network(const Pod& pod, std::string_view sandbox);
  PodWork* work(PodId pod);
  // The pod's entry in pods_, or where it would go.
  std::vector<std::pair<PodId, std::unique_ptr<PodWork>>>::iterator slot(PodId pod);

  sim::Kernel& kernel_;
  sim::Trace& trace_;
  ApiServer& api_;
  NetworkPlugin& plugin_;
  NodeSpec spec_;
  Config config_;
  sim::RandomStream rng_;
  NodeId node_;
  bool started_ = false;
  bool failed_ = false;
  bool ever_ready_ = false;
  sim::Time start_time_;
  sim::Timer registration_;
  sim::Timer status_;
  sim::Timer heartbeat_loss_;
  // Sorted by pod id, so that nothing here ever depends on hash order; a flat vector because a
  // retry storm looks pods up in thousands of kubelets whose entries are cold in the cache.
  std::vector<std::pair<PodId, std::unique_ptr<PodWork>>> pods_;
};

}  // namespace ekssim::k8s
