#pragma once
// What the composition root reports: which instance became which node of which node group, and
// node bring-up failures with their root cause.

#include <string_view>

#include "sim/trace.h"

namespace ekssim::cluster {

struct NodeLaunched {
  static constexpr std::string_view kKind = "NodeLaunched";
  std::string_view node;  // the Kubernetes node name, ip-10-0-1-23.ec2.internal
  std::string_view node_group;
  std::string_view instance_id;
  std::string_view instance_type;
  std::string_view subnet;
  std::string_view availability_zone;
  int64_t max_pods;
  void write(sim::FieldWriter& w) const {
    w.text("node", node);
    w.text("nodeGroup", node_group);
    w.text("instanceId", instance_id);
    w.text("instanceType", instance_type);
    w.text("subnet", subnet);
    w.text("availabilityZone", availability_zone);
    w.integer("maxPods", max_pods);
  }
};

// A node cannot come up (or went down): kubelet cannot reach the API server or the EC2 API, or
// ipamd cannot start. `message` is what the user would see (a log line or a node condition).
struct NodeBringUpFailed {
  static constexpr std::string_view kKind = "NodeBringUpFailed";
  std::string_view node;
  std::string_view node_group;
  std::string_view component;  // "kubelet", "aws-node"
  std::string_view reason;     // a stable code
  std::string_view message;
  std::string_view cause;
  std::string_view fix;
  void write(sim::FieldWriter& w) const {
    w.text("node", node);
    w.text("nodeGroup", node_group);
    w.text("component", component);
    w.text("reason", reason);
    w.text("message", message);
    w.text("cause", cause);
    w.text("fix", fix);
  }
};

// The node group's Auto Scaling group could not launch an instance it wants: EC2 refused
// RunInstances in every subnet it may use (the ASG's "Launching a new EC2 instance … failed"
// activity); it tries again later. `code` and `message` are EC2's, for the first subnet tried.
struct NodeGroupLaunchFailed {
  static constexpr std::string_view kKind = "NodeGroupLaunchFailed";
  std::string_view node_group;
  std::string_view subnet;
  std::string_view code;
  std::string_view message;
  void write(sim::FieldWriter& w) const {
    w.text("nodeGroup", node_group);
    w.text("subnet", subnet);
    w.text("code", code);
    w.text("message", message);
  }
};

struct InstanceTerminated {
  static constexpr std::string_view kKind = "InstanceTerminated";
  std::string_view node;
  std::string_view instance_id;
  void write(sim::FieldWriter& w) const {
    w.text("node", node);
    w.text("instanceId", instance_id);
  }
};

// A pod's connection that failed: refused at once (kube-proxy REJECTs a Service without
// endpoints) or timed out (dropped on the path). `message` is what the application prints.
struct ConnectFailed {
  static constexpr std::string_view kKind = "ConnectFailed";
  std::string_view ns;
  std::string_view pod;
  std::string_view node;
  std::string_view target;  // "airflow-pgbouncer:6432"
  std::string_view reason;  // ConnectionRefused, ConnectTimeout
  std::string_view message;
  std::string_view cause;
  std::string_view fix;
  void write(sim::FieldWriter& w) const {
    w.text("namespace", ns);
    w.text("pod", pod);
    w.text("node", node);
    w.text("target", target);
    w.text("reason", reason);
    w.text("message", message);
    w.text("cause", cause);
    w.text("fix", fix);
  }
};

// An ENI the cluster's setup creates (an interface endpoint's, the EKS control plane's, a VPC
// host's) could not be created: the endpoint or host is missing from that subnet. `code` and
// `message` are EC2's (InsufficientFreeAddressesInSubnet, InvalidIPAddress.InUse …).
struct EndpointEniFailed {
  static constexpr std::string_view kKind = "EndpointEniFailed";
  std::string_view owner;  // the endpoint's service ("ec2", "eks") or the host's name
  std::string_view subnet;
  std::string_view code;
  std::string_view message;
  void write(sim::FieldWriter& w) const {
    w.text("owner", owner);
    w.text("subnet", subnet);
    w.text("code", code);
    w.text("message", message);
  }
};

}  // namespace ekssim::cluster
