#pragma once
// Internal to compute_reachability (reachability.h): the VPC built from the scenario with one
// representative of each endpoint placed in it, as reachability.h describes.

#include <optional>
#include <string>
#include <vector>

#include "models/cluster/reachability.h"
#include "models/cluster/vpc_builder.h"
#include "models/cni/env_config.h"
#include "models/spec/scenario.h"
#include "models/vpc/ids.h"
#include "models/vpc/vpc.h"

namespace ekssim::cluster::detail {

// A node that stands for its group: its ENIs (the primary first) and the pod it holds.
struct RepresentativeNode {
  std::string name;  // "ng-old-1"
  std::vector<vpc::EniId> enis;
  net::Ipv4 pod;
};

struct Member {
  ReachabilityEndpoint endpoint;
  std::optional<size_t> sender_node;  // sends as a pod of this node (index into nodes())
  // Else sends from this ENI, from endpoint.address. Neither: it sends nothing (an interface
  // endpoint only answers; CoreDNS without a pod).
  std::optional<vpc::EniId> sender_eni;
};

class Placement {
 public:
  // Throws std::runtime_error when a subnet has no free address left.
  explicit Placement(const spec::Scenario& scenario);

  const vpc::Vpc& vpc() const { return vpc_; }
  const std::vector<RepresentativeNode>& nodes() const { return nodes_; }
  // Node groups, CoreDNS, the control plane, interface endpoints, hosts, in that order.
  const std::vector<Member>& members() const { return members_; }
  const cni::EnvConfig& cni_env() const { return cni_env_; }
  net::Ipv4 kube_dns() const { return kube_dns_; }
  std::optional<net::Ipv4> coredns_pod() const { return coredns_pod_; }

 private:
  net::Ipv4 take_address(vpc::SubnetId subnet);
  std::vector<vpc::SecurityGroupId> groups(const std::vector<spec::Ref>& refs) const;
  // A node with one pod; returns its index in nodes_.
  size_t add_node(const spec::NodeGroup& group, int number);
  void add_node_groups(const spec::Scenario& scenario);
  void add_coredns(const spec::Scenario& scenario);
  void add_control_plane(const spec::Scenario& scenario);
  void add_interface_endpoints(const spec::Scenario& scenario);

  vpc::Vpc vpc_;
  VpcNames names_;
  const spec::Cluster& cluster_;
  cni::EnvConfig cni_env_;
  bool custom_networking_ = false;
  std::vector<uint64_t> next_offset_;  // per subnet: the next address to try
  std::vector<RepresentativeNode> nodes_;
  std::vector<Member> members_;
  net::Ipv4 kube_dns_;
  std::optional<net::Ipv4> coredns_pod_;
};

}  // namespace ekssim::cluster::detail
