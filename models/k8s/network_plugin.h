#pragma once
// What the kubelet asks of a node's pod network: the CNI plugin behind the container runtime.
// The VPC CNI (the aws-cni binary talking to ipamd) implements it in models/cni; tests use a fake.
//
// Upstream the kubelet does not call CNI itself: it asks containerd for a sandbox
// (RunPodSandbox), and containerd runs the CNI ADD (internal/cri/server/sandbox_run.go,
// `setupPodNetwork`) and, when the sandbox goes, the CNI DEL. Readiness is containerd's
// NetworkReady runtime condition, true once a CNI config file is installed (for the VPC CNI,
// when aws-node copies 10-aws.conflist after ipamd is healthy).
//
// Contract:
// - ready() may change at any time; the implementation calls notify_readiness_changed() after
//   every change so that the kubelet can report it (the kubelet decides when it notices).
// - add() is asynchronous: `done` is called exactly once, later or at once, with the result. The
//   latency, throttling and errors belong to the implementation.
// - del() releases whatever add() gave the sandbox; it is called for every sandbox the kubelet
//   tore down, including those whose add() failed (containerd tears the network down when
//   sandbox setup fails) and those whose add() had not finished. It must tolerate a sandbox it
//   does not know.
// - Callbacks must not be called after the kubelet that made the request is destroyed (the
//   cluster owns both and destroys the plugins first).

#include <functional>
#include <string>
#include <string_view>

#include "models/k8s/ids.h"
#include "models/net/ipv4.h"

namespace ekssim::k8s {

// The pod sandbox a request is for (the CNI_ARGS K8S_POD_NAMESPACE, K8S_POD_NAME,
// K8S_POD_INFRA_CONTAINER_ID). Views are valid only during the call.
struct SandboxRef {
  PodId pod;
  std::string_view ns;
  std::string_view name;
  std::string_view sandbox_id;  // 64 hex digits, new for every attempt
};

struct NetworkAddResult {
  bool ok = false;
  net::Ipv4 ip;              // ok only
  std::string interface_id;  // ok only: where the address lives, e.g. the ENI id
  std::string error;         // !ok only: the plugin's message ("add cmd: failed to assign …")

  static NetworkAddResult success(net::Ipv4 ip, std::string interface_id) {
    NetworkAddResult result;
    result.ok = true;
    result.ip = ip;
    result.interface_id = std::move(interface_id);
    return result;
  }
  static NetworkAddResult failure(std::string error) {
    NetworkAddResult result;
    result.error = std::move(error);
    return result;
  }
};

class NetworkPlugin {
 public:
  using AddCallback = std::function<void(NetworkAddResult)>;

  virtual ~NetworkPlugin() = default;

  virtual bool ready() const = 0;
  // While not ready: the text containerd reports after "message:" in its NetworkReady condition.
  // The default is what containerd says with no CNI config file.
  virtual std::string not_ready_message() const;

  virtual void add(const SandboxRef& sandbox, AddCallback done) = 0;
  virtual void del(const SandboxRef& sandbox) = 0;

  // The kubelet's hook; one listener per plugin (one plugin per node).
  void set_readiness_listener(std::function<void()> listener) { listener_ = std::move(listener); }

 protected:
  void notify_readiness_changed() {
    if (listener_) listener_();
  }

 private:
  std::function<void()> listener_;
};

}  // namespace ekssim::k8s
