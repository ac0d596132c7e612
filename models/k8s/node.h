#pragma once
// Nodes (k8s.io/api/core/v1 Node): what the kubelet registers and what the scheduler reads.
//
// Readiness is the Ready condition. While it is not True the node carries the taint the node
// lifecycle controller adds (pkg/controller/nodelifecycle, `doNoScheduleTaintingPass`):
// node.kubernetes.io/not-ready:NoSchedule for False, node.kubernetes.io/unreachable:NoSchedule for
// Unknown. Simplification: the ApiServer adds and removes that taint in the same instant the
// condition changes; upstream does it on the controller's next pass, a fraction of a second later.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "models/k8s/ids.h"
#include "models/k8s/labels.h"
#include "models/k8s/string_table.h"
#include "models/k8s/taints.h"
#include "models/net/ipv4.h"
#include "sim/time.h"

namespace ekssim::k8s {

// What the kubelet registers.
struct NodeSpec {
  std::string name;       // "ip-10-0-1-23.ec2.internal"
  net::Ipv4 internal_ip;  // status.addresses InternalIP; host-network pods take it as their IP
  Labels labels;
  std::vector<Taint> taints;  // spec.taints given at registration (--register-with-taints)
  // status.allocatable
  int64_t cpu_millis = 0;
  int64_t memory_bytes = 0;
  int32_t max_pods = 110;      // allocatable pods: the kubelet's --max-pods (EKS: the ENI formula)
  // allocatable["vpc.amazonaws.com/pod-eni"]: 0 until the VPC resource controller attached a
  // trunk ENI and advertised the type's branch ENIs (ApiServer::set_node_pod_eni).
  int32_t pod_eni = 0;
  bool unschedulable = false;  // spec.unschedulable (cordoned)
};

enum class NodeReadiness { kTrue, kFalse, kUnknown };
std::string_view to_string(NodeReadiness readiness);

struct Node {
  NodeId id;
  NodeSpec spec;
  // spec.name interned in the ApiServer's StringTable at registration: what an endpoint's
  // nodeName is compared with (endpoints.h).
  StrId name_id = StringTable::kEmpty;
  NodeReadiness ready = NodeReadiness::kFalse;
  // The Ready condition's reason and message ("KubeletNotReady", "container runtime network not
  // ready: …"; "KubeletReady", "kubelet is posting ready status").
  std::string_view ready_reason;
  std::string ready_message;
  sim::Time registered;
  bool removed = false;  // the Node object was deleted (instance terminated); id never reused
};

}  // namespace ekssim::k8s
