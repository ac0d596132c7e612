#pragma once
// Trace events for the facts the Kubernetes models establish: what `kubectl get events` and
// `kubectl describe` would show, on the virtual clock. Every event carries names, never ids, so
// the trace reads on its own; all string_views need only outlive the emit() call.

#include <cstdint>
#include <string_view>

#include "sim/trace.h"

namespace ekssim::k8s {

// A pod object was created (by a controller or directly).
struct PodCreated {
  static constexpr std::string_view kKind = "PodCreated";
  std::string_view ns;
  std::string_view pod;
  std::string_view owner;  // the Deployment or DaemonSet; empty for a bare pod
  void write(sim::FieldWriter& w) const {
    w.text("namespace", ns);
    w.text("pod", pod);
    w.text("owner", owner);
  }
};

// The pod was bound to a node (event reason "Scheduled").
struct PodScheduled {
  static constexpr std::string_view kKind = "PodScheduled";
  std::string_view ns;
  std::string_view pod;
  std::string_view node;
  void write(sim::FieldWriter& w) const {
    w.text("namespace", ns);
    w.text("pod", pod);
    w.text("node", node);
  }
};

// A scheduling attempt failed (event reason "FailedScheduling"), with kube-scheduler's message.
struct PodFailedScheduling {
  static constexpr std::string_view kKind = "PodFailedScheduling";
  std::string_view ns;
  std::string_view pod;
  std::string_view message;
  void write(sim::FieldWriter& w) const {
    w.text("namespace", ns);
    w.text("pod", pod);
    w.text("message", message);
  }
};

// The kubelet could not give the pod a sandbox: reason "FailedCreatePodSandBox" (the CNI ADD
// failed) or "NetworkNotReady" (the node's network plugin is not ready), with the event's text.
struct PodSandboxFailed {
  static constexpr std::string_view kKind = "PodSandboxFailed";
  std::string_view ns;
  std::string_view pod;
  std::string_view node;
  std::string_view reason;
  std::string_view message;
  void write(sim::FieldWriter& w) const {
    w.text("namespace", ns);
    w.text("pod", pod);
    w.text("node", node);
    w.text("reason", reason);
    w.text("message", message);
  }
};

// The pod's sandbox exists and has its address (the CNI ADD succeeded, or the host's address for
// a host-network pod).
struct PodSandboxCreated {
  static constexpr std::string_view kKind = "PodSandboxCreated";
  std::string_view ns;
  std::string_view pod;
  std::string_view node;
  std::string_view ip;
  std::string_view interface_id;  // empty for host network
  void write(sim::FieldWriter& w) const {
    w.text("namespace", ns);
    w.text("pod", pod);
    w.text("node", node);
    w.text("ip", ip);
    w.text("interface", interface_id);
  }
};

// The pod's containers started: phase Running (and Ready: no probes are modelled).
struct PodRunning {
  static constexpr std::string_view kKind = "PodRunning";
  std::string_view ns;
  std::string_view pod;
  std::string_view node;
  std::string_view ip;
  void write(sim::FieldWriter& w) const {
    w.text("namespace", ns);
    w.text("pod", pod);
    w.text("node", node);
    w.text("ip", ip);
  }
};

// Deletion was requested; the pod is Terminating until its kubelet has stopped it.
struct PodTerminating {
  static constexpr std::string_view kKind = "PodTerminating";
  std::string_view ns;
  std::string_view pod;
  void write(sim::FieldWriter& w) const {
    w.text("namespace", ns);
    w.text("pod", pod);
  }
};

// The pod object is gone.
struct PodDeleted {
  static constexpr std::string_view kKind = "PodDeleted";
  std::string_view ns;
  std::string_view pod;
  std::string_view node;  // empty if it never was scheduled
  void write(sim::FieldWriter& w) const {
    w.text("namespace", ns);
    w.text("pod", pod);
    w.text("node", node);
  }
};

struct NodeRegistered {
  static constexpr std::string_view kKind = "NodeRegistered";
  std::string_view node;
  bool ready = false;
  void write(sim::FieldWriter& w) const {
    w.text("node", node);
    w.flag("ready", ready);
  }
};

struct NodeReady {
  static constexpr std::string_view kKind = "NodeReady";
  std::string_view node;
  void write(sim::FieldWriter& w) const { w.text("node", node); }
};

// The Ready condition became False or Unknown, with its reason and message.
struct NodeNotReady {
  static constexpr std::string_view kKind = "NodeNotReady";
  std::string_view node;
  std::string_view status;  // "False" or "Unknown"
  std::string_view reason;
  std::string_view message;
  void write(sim::FieldWriter& w) const {
    w.text("node", node);
    w.text("status", status);
    w.text("reason", reason);
    w.text("message", message);
  }
};

// The Node object was deleted (its instance is gone); its pods were deleted with it.
struct NodeRemoved {
  static constexpr std::string_view kKind = "NodeRemoved";
  std::string_view node;
  void write(sim::FieldWriter& w) const { w.text("node", node); }
};

struct KubeletStarted {
  static constexpr std::string_view kKind = "KubeletStarted";
  std::string_view node;
  void write(sim::FieldWriter& w) const { w.text("node", node); }
};

// The kubelet stopped working (for example it cannot reach the API server), with the reason.
struct KubeletFailed {
  static constexpr std::string_view kKind = "KubeletFailed";
  std::string_view node;
  std::string_view reason;
  bool registered = false;  // whether the node had registered before the failure
  void write(sim::FieldWriter& w) const {
    w.text("node", node);
    w.text("reason", reason);
    w.flag("registered", registered);
  }
};

}  // namespace ekssim::k8s
