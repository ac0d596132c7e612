#pragma once
// The VPC CNI's network policy enforcement in the live cluster: the NetworkPolicies the API holds
// (the scenario's, then applyNetworkPolicy / deleteNetworkPolicy events), what each node's agent
// has programmed for each pod at the current virtual time, and the verdict on a connection's first
// packet at the sending pod's veth (egress, before kube-proxy's DNAT) and at the receiving pod's
// veth (ingress, after it). netpol/enforcement.h and netpol/policy_verdict.h hold the rules and
// their upstream sources.
//
// Enforcement is on when aws-node's ENABLE_NETWORK_POLICY is true (the EKS add-on's
// enableNetworkPolicy, which starts the agent with --enable-network-policy); the mode is
// NETWORK_POLICY_ENFORCING_MODE, standard by default (the add-on's manifest sets it).
//
// Timing: a policy created, changed or deleted at t is in the agents' maps at t +
// netpol::kPolicyPropagation; a pod whose sandbox is created at t0 has its policies from t0 +
// kPolicyPropagation, or from t0 when a pod of the same workload already runs on that node (the
// agent shares that pod's maps: rpc_handler.go IsFirstPodInPodIdentifier / ArePolicies-
// AvailableInLocalCache). Each such moment bumps version(), so cached path verdicts are redone.
//
// Simplifications: pods of one workload on one node class share their verdicts (the class's
// first pod stands for the others, so a new replica's first second in strict mode is judged by
// its sibling's state); the podIdentifier is the pod template (upstream: the pod name less its
// last dash-separated part, the same for a ReplicaSet's pods); host-network pods are not
// enforced (the controller skips them) and match no podSelector.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/cni/env_config.h"
#include "models/k8s/api_server.h"
#include "models/net/flow.h"
#include "models/net/verdict.h"
#include "models/netpol/enforcement.h"
#include "models/netpol/policy_verdict.h"
#include "models/spec/scenario.h"
#include "sim/kernel.h"

namespace ekssim::cluster {

class NetworkPolicies final : public k8s::PodWatcher {
 public:
  NetworkPolicies(const spec::Scenario& scenario, sim::Kernel& kernel, k8s::ApiServer& api,
                  const cni::EnvConfig& env);
  NetworkPolicies(const NetworkPolicies&) = delete;
  NetworkPolicies& operator=(const NetworkPolicies&) = delete;

  // A Service's ClusterIP, for egress verdicts (the controller's getMatchingServiceClusterIPs).
  void add_service(net::Ipv4 cluster_ip, netpol::ServiceInfo service);

  // The timeline's changes, at the current time.
  void apply(const netpol::NetworkPolicy& policy);
  void remove(const std::string& ns, const std::string& name);

  bool enforcing() const;
  netpol::EnforcingMode mode() const;
  // Moves whenever a verdict may have changed: a policy or a pod's state reached the agents.
  uint64_t version() const { return version_; }

  // The first packet of a connection from the pod at `src_pod_ip` (egress, `flow.dst` before
  // DNAT) and, when `ingress_dst` is a pod's address, at that pod (ingress, on `ingress_port`
  // after DNAT). A hop per program that judged, with the deciding policy and rule; a verdict
  // when one denied (denied-out for egress, denied-in for ingress, reason NETWORK_POLICY, the fix
  // naming the policy and the rule to add). Nothing when enforcement is off.
  struct Judgement {
    std::vector<net::Hop> hops;
    std::optional<net::Verdict> denied;
  };
  Judgement judge_egress(net::Ipv4 src_pod_ip, const net::Flow& flow, bool want_trace) const;
  Judgement judge_ingress(net::Ipv4 src, net::Ipv4 dst_pod_ip, net::Protocol protocol,
                          uint16_t port, bool want_trace) const;

  // The policy-relevant identity of a pod: pods with the same key are judged alike (the
  // template, when enforcement may happen during the run; 0 otherwise).
  uint32_t identity(const k8s::Pod& pod) const;

  // k8s::PodWatcher
  void pod_changed(const k8s::Pod& pod, k8s::PodChange change) override;
  void pod_removed(const k8s::Pod& pod) override;

 private:
  struct Stored {
    netpol::NetworkPolicy policy;
    sim::Time visible;                 // in the agents' maps from
    std::optional<sim::Time> retired;  // replaced or deleted: out of the maps from
  };
  struct PodEntry {
    k8s::PodId pod;
    sim::Time in_force;  // the agent has reconciled the pod's policies from
  };
  std::vector<netpol::NetworkPolicy> known_now() const;
  netpol::PodInfo info(const k8s::Pod& pod) const;
  std::optional<netpol::PodInfo> pod_at(net::Ipv4 ip) const;
  netpol::PodState state_of(const k8s::Pod& pod, const std::vector<netpol::NetworkPolicy>& known,
                            const netpol::PodInfo& info) const;
  Judgement judge(const k8s::Pod& pod, netpol::PolicyDirection direction,
                  const netpol::Remote& remote, const net::Flow& shown, net::Protocol protocol,
                  uint16_t port, bool want_trace) const;
  void bump_at(sim::Time at);
  bool has_reconciled_sibling(const k8s::Pod& pod, sim::Time now) const;
  // The scenario's labels for `ns` with kubernetes.io/metadata.name, or that label alone.
  netpol::LabelMap labels_of_namespace(const std::string& ns) const;

  sim::Kernel& kernel_;
  k8s::ApiServer& api_;
  const cni::EnvConfig& env_;
  bool may_enforce_ = false;
  uint64_t version_ = 0;
  std::vector<Stored> policies_;
  // Pods with an address of their own, by address; lookup only, never iterated (a map's insert
  // was 2% of a 20,000-node bring-up: one per pod start, a dozen cache misses each).
  std::unordered_map<uint32_t, PodEntry> pods_by_ip_;
  std::map<uint32_t, netpol::ServiceInfo> services_by_ip_;
  std::map<std::string, netpol::LabelMap> namespace_labels_;  // declared namespaces only
  // The scenario's Deployments' containerPorts, by (namespace, Deployment).
  std::map<std::pair<std::string, std::string>, std::vector<netpol::ContainerPortInfo>>
      container_ports_;
};

}  // namespace ekssim::cluster
