#pragma once
// Which parts of a cluster can open a connection to which, on a few ports, on the live World at
// its current time: `ekssim reachability --at D` and the reachable / unreachable expectations.
// Reachability Analyzer answers this for one pair of AWS resources and np-guard's connectivity
// list for pods under NetworkPolicies (../shared/reference/explanations.md); this matrix joins
// the two layers that decide it on EKS, the nodes' host path and the VPC.
//
// One representative per endpoint, found among what exists (reachability_members.h):
//  - each node group: its first two live nodes (launch order), each by the first Running pod on it
//    with an address of its own (by name), else the first free address ipamd holds for it (where
//    its next pod would go), else the node's own address (as a host-network pod; a node whose
//    kubelet never registered runs no kube-proxy either). It sends from the first and is reached
//    at the second (the first when it has one), so that a group's traffic to itself crosses the
//    network as it does between two of its nodes. A group without a node is not reached;
//  - CoreDNS: its first Running pod by name (kube-system, k8s-app=kube-dns), behind kube-dns;
//  - the EKS control plane, when private access is on: its first ENI;
//  - each interface endpoint: its first ENI;
//  - each VPC host, at its own address;
//  - each SecurityGroupPolicy ("sgp NS/NAME"): its first Running pod by name with a branch ENI,
//    which sends and is reached through that branch (a node group's representative is never
//    such a pod, so that it keeps showing the node's own groups).
// Every ordered pair × port is then judged by PodNetwork, the path every simulated packet and
// `ekssim explain` take: a node group or CoreDNS sends as a pod, through its node's kube-proxy
// rules (as of its last sync), policy routing and SNAT; to CoreDNS on a port of kube-dns it sends
// to the Service address, which kube-proxy DNATs to the representative pod (when it is among the
// endpoints) or REJECTs. The control plane and hosts send from their ENI with vpc::evaluate; an
// interface endpoint only answers. A denied pair is evaluated again with a trace, for the hop and
// the fix.
//
// Simplifications: one representative per endpoint (a group whose subnets differ in network ACLs
// is judged by its first usable nodes only); ports are tested, not whether anything listens on
// them. NetworkPolicies and Security Groups for Pods are judged as PodNetwork judges them: a
// representative pod with a branch ENI sends and answers through it, with its groups.

// GCC 12 with -fsanitize=address,undefined at -O1/-O2 reports a false -Wmaybe-uninitialized in
// Boost.Graph's named_graph.hpp (a boost::optional's storage, read only when it is engaged);
// silenced for this header only. Clang has no such warning.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <boost/graph/adjacency_list.hpp>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/net/hop.h"
#include "models/net/ipv4.h"
#include "models/net/flow.h"
#include "models/net/protocol.h"
#include "models/net/verdict.h"
#include "models/cluster/world.h"

namespace ekssim::cluster {

// A destination port and its protocol: "53/udp".
struct PortProtocol {
  uint16_t port = 0;
  net::Protocol protocol = net::Protocol::tcp();

  // "53/udp", "443/tcp" or "443" (tcp); ports 1-65535, protocols tcp and udp (any case).
  static std::optional<PortProtocol> parse(std::string_view text);
  std::string to_string() const;  // "53/udp"
  // A new connection from `src` to `dst` on this port, from an ephemeral source port in
  // Linux's default range (net.ipv4.ip_local_port_range), as the simulated traffic uses.
  net::Flow flow(net::Ipv4 src, net::Ipv4 dst) const;

  bool operator==(const PortProtocol&) const = default;
};

// 53/udp, 53/tcp (DNS), 443/tcp (the API server, AWS APIs), 10250/tcp (kubelet).
const std::vector<PortProtocol>& default_reachability_ports();

enum class EndpointKind : uint8_t {
  kNodeGroup,
  kCoreDns,
  kControlPlane,
  kInterfaceEndpoint,
  kHost,
  kPodSecurityGroup,  // a SecurityGroupPolicy's pods, by one holding a branch ENI
};

struct ReachabilityEndpoint {
  std::string name;  // "ng-old", "coredns", "control-plane", "vpce-ec2", a host's name
  EndpointKind kind = EndpointKind::kNodeGroup;
  // Where it is reached; none for a node group or CoreDNS without a pod.
  std::optional<net::Ipv4> address;
  // "node group ng-old: pod airflow/web-6c9d-4x7kq 10.0.0.37 on ip-10-0-0-12.ec2.internal and
  // free address 10.0.0.58 on ip-10-0-0-40.ec2.internal in private-1a, with nodes-old".
  std::string description;
};

struct ReachabilityCell {
  size_t from = 0;  // indexes into Reachability::endpoints
  size_t to = 0;
  size_t port = 0;  // index into Reachability::ports
  // Traced (hops and fix) when it did not pass.
  net::Verdict verdict;

  bool allowed() const { return verdict.passed(); }
};

// The graph of the result: one vertex per endpoint, in Reachability::endpoints' order; for each
// ordered pair at most one allowed edge (the ports that pass) and one denied edge (the ports that
// do not, with their reasons).
struct ReachabilityVertex {
  std::string name;
  EndpointKind kind = EndpointKind::kNodeGroup;
};
struct ReachabilityEdge {
  bool allowed = true;
  std::vector<size_t> ports;  // indexes into Reachability::ports
  // Allowed: "53/udp, 53/tcp". Denied: one line per reason, "53/udp, 53/tcp:
  // ENI_SG_RULES_MISMATCH", lines joined with '\n'.
  std::string label;
};
using ReachabilityGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS,
                                                ReachabilityVertex, ReachabilityEdge>;

struct Reachability {
  std::vector<ReachabilityEndpoint> endpoints;
  std::vector<PortProtocol> ports;
  // Every pair judged, by port, then source, then destination. Not judged: an endpoint to itself
  // (node groups excepted), anything from an interface endpoint or a node group without a pod,
  // and CoreDNS without a pod except through kube-dns.
  std::vector<ReachabilityCell> cells;
  ReachabilityGraph graph;

  // The cell for (from, to, port), or null when that pair was not judged.
  const ReachabilityCell* cell(size_t from, size_t to, size_t port) const;
  std::optional<size_t> find_endpoint(std::string_view name) const;
};

// The matrix on `world` as it is now (World::kernel().now()).
Reachability compute_reachability(const World& world, const std::vector<PortProtocol>& ports);

// The hop that stopped a flow (the last one denied or dropped), or null.
const net::Hop* blocking_hop(const net::Verdict& verdict);

}  // namespace ekssim::cluster
