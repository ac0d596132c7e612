#pragma once
// Internal to compute_reachability (reachability.h): one representative of each endpoint, found
// on the live World as it is now, as reachability.h describes.

#include <optional>
#include <string>
#include <vector>

#include "models/cluster/reachability.h"
#include "models/cluster/world.h"
#include "models/k8s/ids.h"
#include "models/vpc/ids.h"

namespace ekssim::cluster::detail {

// A pod (or the address the node's next pod would take) on a registered node: it sends through
// the node's kube-proxy rules, policy routing and SNAT (PodNetwork::from_pod). With no pod
// address on the node at all, the node itself sends, from its primary address
// (PodNetwork::from_node), as a host-network pod would.
struct PodSender {
  const NodeAgent* node = nullptr;
  k8s::NodeId node_id;
  net::Ipv4 pod;  // the node's primary address when host
  bool host = false;
};

struct Member {
  ReachabilityEndpoint endpoint;
  std::optional<PodSender> pod_sender;
  // Else sends from this ENI, from endpoint.address. Neither: it sends nothing (an interface
  // endpoint only answers; a node group or CoreDNS without a pod).
  std::optional<vpc::EniId> sender_eni;
};

// CoreDNS by its first Running pod by name (kube-system, k8s-app=kube-dns), behind kube-dns.
Member coredns_member(const World& world);

// Node groups, CoreDNS, the control plane, interface endpoints, hosts, in that order.
std::vector<Member> find_members(const World& world);

}  // namespace ekssim::cluster::detail
