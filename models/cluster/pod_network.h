#pragma once
// The live cluster's data path for one flow: from a pod or a node's own socket, through the
// network policy agent's egress program on the pod's veth (before the DNAT, network_policies.h),
// the node's kube-proxy rules (as of its last sync), policy routing and SNAT (cni/host_path.h),
// the VPC (vpc/path.h), then the receiving pod's ingress program (after the DNAT). The DNS traffic,
// CoreDNS's upstream checks and `ekssim explain` all judge packets here, so that a simulated
// failure and its explanation always agree.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/aws/ec2_state.h"
#include "models/cluster/address_sync.h"
#include "models/cluster/branch_eni_controller.h"
#include "models/cluster/network_policies.h"
#include "models/cluster/service_registry.h"
#include "models/cni/env_config.h"
#include "models/cni/host_path.h"
#include "models/cni/snat.h"
#include "models/k8s/api_server.h"
#include "models/net/flow.h"
#include "models/net/verdict.h"
#include "models/vpc/vpc.h"
#include "sim/kernel.h"

namespace ekssim::cluster {

class NodeAgent;

// Why some traffic failed, for the report: the root cause in one line and the fix.
struct FailureCause {
  std::string cause;
  std::string fix;
};

// The pods that send: equivalent pods of one node class, represented by one of them.
struct Senders {
  const NodeAgent* node = nullptr;
  k8s::NodeId node_id;
  net::Ipv4 pod_ip;  // the host's address for a host-network pod
  bool host_network = false;
  uint32_t class_id = 0;  // DnsExchanges::class_of: pods of a class share every path verdict
  // node->name() and node->conntrack_dns_race(), which every lookup reads: kept here, beside
  // the rest, so that a lookup does not read the node's object (a cache miss per exchange among
  // 5,000 nodes; bench/README.md, 2026-12-08).
  std::string_view node_name;
  double conntrack_dns_race = 0;
};

// Senders on `node`, its name and race chance filled from it: build them here, so that none is
// left with an empty name (the sync lag is hashed from it, ServiceRegistry::sync_lag).
Senders senders_on(const NodeAgent& node, k8s::NodeId node_id, net::Ipv4 pod_ip,
                   bool host_network, uint32_t class_id);

// The first packet of a new connection from `senders` (a fixed ephemeral source port: ports are
// not what security groups or network ACLs judge a new connection by).
net::Flow connection_flow(const Senders& senders, net::Protocol protocol, net::Ipv4 dst,
                          uint16_t port);

// What the application prints when its connection fails, as Go's net.Dial words it (curl says
// "Connection refused" and "Connection timed out").
std::string connect_failure_message(bool refused, net::Ipv4 ip, uint16_t port);

class PodNetwork {
 public:
  PodNetwork(const sim::Kernel& kernel, const aws::Ec2State& ec2, const AddressSync& addresses,
             const vpc::Vpc& vpc, const ServiceRegistry& services, const cni::EnvConfig& env,
             std::vector<net::Cidr> vpc_cidrs);
  PodNetwork(const PodNetwork&) = delete;
  PodNetwork& operator=(const PodNetwork&) = delete;

  // aws-node's environment changed: its SNAT rules are rewritten (and config_version moves).
  void refresh_snat();
  // The VPC resource controller whose branch ENIs pods may hold (not owned; null: none).
  void set_branch_enis(const BranchEniController* branches) { branches_ = branches; }
  // The branch ENIs of the node's pods.
  std::vector<vpc::EniId> node_branches(k8s::NodeId node) const;
  // POD_SECURITY_GROUP_ENFORCING_MODE: strict unless set to standard (its default is strict).
  bool strict_pod_groups() const { return strict_pod_groups_; }
  // Pods with the same number hold branch ENIs with the same groups (0: no branch).
  uint32_t branch_identity(const k8s::Pod& pod) const {
    return branches_ ? branches_->groups_identity(pod.id) : 0;
  }
  // The NetworkPolicies the pods' veths enforce (not owned; null: none).
  void set_policies(const NetworkPolicies* policies) { policies_ = policies; }
  // Moves whenever a policy verdict may have changed.
  uint64_t policy_version() const { return policies_ ? policies_->version() : 0; }
  // Moves whenever a path verdict between given endpoints may have changed: the VPC's settings
  // (vpc::Vpc::config_version), aws-node's environment, the policies. Each part only grows, so
  // the sum moves whenever one does. Verdict caches key on it; nothing has to announce a change.
  uint64_t config_version() const {
    return vpc_.config_version() + env_version_ + policy_version();
  }
  // Pods with the same identity are judged alike by the policies (NetworkPolicies::identity).
  uint32_t policy_identity(const k8s::Pod& pod) const {
    return policies_ ? policies_->identity(pod) : 0;
  }
  // The senders' egress program on a new connection to `dst` before kube-proxy's DNAT (a
  // Service's ClusterIP as the pod addressed it). Nothing for host-network senders.
  NetworkPolicies::Judgement egress_policy(const Senders& senders, net::Protocol protocol,
                                           net::Ipv4 dst, uint16_t port, bool want_trace) const;
  const cni::SnatChain& snat() const { return snat_; }
  const vpc::Vpc& vpc() const { return vpc_; }

  // The ENIs attached to the node, the primary first.
  std::vector<vpc::EniId> node_enis(const NodeAgent& node) const;

  // A pod's new connection, Services included (kube-proxy of the pod's node decides as of its
  // last sync, picking the endpoint `pick` of the candidates; `pick` is taken modulo their
  // number). Throws std::invalid_argument as cni::evaluate_from_pod does.
  // `egress_judged`: the flow's destination is already kube-proxy's pick, and the caller judged
  // the pod's egress program on the Service address (egress_policy).
  net::Verdict from_pod(const NodeAgent& node, k8s::NodeId node_id, net::Ipv4 pod_ip,
                        const net::Flow& flow, bool want_trace, size_t pick = 0,
                        bool egress_judged = false) const;
  // From the senders' pod, or from their node for a host-network pod.
  net::Verdict from_senders(const Senders& senders, const net::Flow& flow, bool want_trace,
                            size_t pick = 0, bool egress_judged = false) const;
  // The same flow from the node's own address (host network).
  net::Verdict from_node(const NodeAgent& node, k8s::NodeId node_id, const net::Flow& flow,
                         bool want_trace, size_t pick = 0) const;
  // From the node's own address, on a node whose kubelet never registered it: no kube-proxy runs
  // there, so no Service rules (a node's bring-up checks send the same way, aws_endpoints.h).
  net::Verdict from_unregistered_node(const NodeAgent& node, const net::Flow& flow,
                                      bool want_trace) const;

 private:
  cni::ServiceDnat service_rules(const NodeAgent& node, k8s::NodeId node_id, size_t pick) const;
  // The receiving pod's ingress program, after the path `v` delivered the flow (`rules`: the
  // sending node's DNAT); `v` with its hops, or the denial.
  net::Verdict with_ingress_policy(net::Verdict v, std::vector<net::Hop> before,
                                   const cni::ServiceDnat& rules, net::Ipv4 src,
                                   const net::Flow& flow, bool want_trace) const;

  const sim::Kernel& kernel_;
  const aws::Ec2State& ec2_;
  const AddressSync& addresses_;
  const vpc::Vpc& vpc_;
  const ServiceRegistry& services_;
  const cni::EnvConfig& env_;
  uint64_t env_version_ = 0;  // refresh_snat calls
  std::vector<net::Cidr> vpc_cidrs_;
  cni::SnatChain snat_;
  const NetworkPolicies* policies_ = nullptr;
  const BranchEniController* branches_ = nullptr;
  bool strict_pod_groups_ = true;
};

}  // namespace ekssim::cluster
