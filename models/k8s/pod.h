#pragma once
// Pods (k8s.io/api/core/v1 Pod). The spec that every pod of a workload shares lives once in a
// PodTemplate; a Pod holds its template's id, its name and its status.
//
// Simplifications: one container per pod, so "containers started" is the Running phase and a
// running pod is Ready (no readiness probes); requests are the pod's total (no init containers,
// no overhead); containers never exit or restart, so no model here moves a pod to Succeeded or
// Failed (the phases exist for the report's vocabulary).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "models/k8s/ids.h"
#include "models/k8s/labels.h"
#include "models/k8s/taints.h"
#include "models/net/ipv4.h"
#include "sim/time.h"

namespace ekssim::k8s {

enum class PodPhase { kPending, kRunning, kSucceeded, kFailed };
std::string_view to_string(PodPhase phase);

// pod.spec.dnsPolicy; "None" is not modelled.
enum class DnsPolicy { kClusterFirst, kClusterFirstWithHostNet, kDefault };

// Who created the pods of a template, for reports and for each controller to find its own pods.
enum class OwnerKind { kNone, kReplicaSet, kDaemonSet };

struct PodTemplate {
  StrId ns = StringTable::kEmpty;  // metadata.namespace
  OwnerKind owner_kind = OwnerKind::kNone;
  // The owning workload as users name it: the Deployment for ReplicaSet pods, the DaemonSet.
  StrId owner_name = StringTable::kEmpty;
  uint32_t owner_index = 0;  // the owning controller's own index for the workload
  Labels labels;
  // spec.serviceAccountName; empty only for pods no controller of a scenario's workloads makes.
  StrId service_account = StringTable::kEmpty;
  Labels node_selector;
  std::vector<Toleration> tolerations;
  int64_t cpu_millis = 0;    // resources.requests.cpu
  int64_t memory_bytes = 0;  // resources.requests.memory
  // resources.requests["vpc.amazonaws.com/pod-eni"]: 1 when the VPC resource controller's
  // webhook matched a SecurityGroupPolicy at admission (webhooks/core/pod_webhook.go
  // HandleLinuxPod; never for host-network pods).
  int32_t pod_eni = 0;
  bool host_network = false;
  DnsPolicy dns_policy = DnsPolicy::kClusterFirst;
  int32_t priority = 0;  // from the PriorityClass; orders the scheduling queue
  // terminationGracePeriodSeconds: the longest the kubelet waits for containers to stop.
  sim::Duration termination_grace = sim::Duration::seconds(30);
  // How long the containers keep running after SIGTERM on purpose, before their usual stop:
  // CoreDNS's lameduck (plugin/health), a preStop sleep.
  sim::Duration shutdown_delay = sim::Duration::zero();

  friend bool operator==(const PodTemplate&, const PodTemplate&) = default;
};

struct Pod {
  PodId id;
  TemplateId spec;
  std::string name;
  // metadata.uid stands in for the random UUID: a stable hash of namespace and name. Controllers
  // use it only to break ties pseudo-randomly, as upstream compares UUID strings.
  uint64_t uid = 0;

  PodPhase phase = PodPhase::kPending;
  NodeId node;   // spec.nodeName; none while unscheduled
  net::Ipv4 ip;  // status.podIP; valid only when has_ip
  bool has_ip = false;
  std::string interface_id;  // where the address lives (an ENI id); empty for host network
  // Why a Pending pod is not running, as `kubectl describe pod` shows it: "Unschedulable" with the
  // FailedScheduling message, "FailedCreatePodSandBox" or "NetworkNotReady" with the kubelet's
  // event text. Empty otherwise.
  std::string_view pending_reason;
  std::string pending_message;

  sim::Time created;
  sim::Time scheduled;           // meaningful once node.valid()
  sim::Time running;             // meaningful once phase == kRunning (also the Ready time)
  sim::Time deletion_requested;  // meaningful once terminating
  sim::Time deleted;             // meaningful once removed
  bool terminating = false;      // metadata.deletionTimestamp is set
  bool removed = false;          // gone from the API; the id is never reused
};

}  // namespace ekssim::k8s
