#pragma once
// The node's own part of a packet's path: what happens between a pod's (or the host's) socket
// and the ENI the packet leaves through, then the VPC's part (vpc::evaluate) for one verdict.
//
// In order, for a new connection from a pod (../shared/reference/dataplane.md §a, §c):
//  1. kube-proxy, nat PREROUTING (OUTPUT for the host's own sockets): a Service address and port
//     is DNATed to the endpoint kube-proxy picks; a Service without endpoints is REJECTed (ICMP
//     port unreachable: "connection refused" at once); one whose endpoints the node may not use
//     (traffic policy Local) is DROPped (a silent timeout). The caller's kube-proxy model answers
//     through a ServiceDnat (pkg/proxy/iptables/proxier.go, syncProxyRules).
//  2. Policy routing (aws/amazon-vpc-cni-k8s, pkg/networkutils/network.go and the CNI plugin's
//     driver): an address of the node itself (an ENI's primary IP) is delivered by the local
//     table; a pod of this node is reached through ip rule 512 ("to podIP", main table) and its
//     veth, so same-node pod-to-pod traffic never touches an ENI and no security group or network
//     ACL sees it; anything else follows ip rule 1536 ("from podIP") to the route table of the
//     ENI that holds the pod's address, and that ENI is the source for vpc::evaluate.
//  3. The VPC CNI's SNAT (snat.h): off-VPC destinations leave through the primary ENI with its
//     primary IP, unless AWS_VPC_K8S_CNI_EXTERNALSNAT is set or the destination is excluded.
// The host's own sockets (host-network pods, kubelet) send from the primary ENI's primary IP
// through the main table, whose default route is the primary ENI.
//
// Security Groups for Pods (ENABLE_POD_ENI): a pod with a branch ENI has that ENI's primary IP,
// reached over the trunk's VLAN. How its packets go depends on POD_SECURITY_GROUP_ENFORCING_MODE
// (amazon-vpc-cni-k8s README; pkg/networkutils and the CNI plugin's pod-VLAN driver; EKS user
// guide "Security groups for Pods", considerations):
//  - strict (the default): every packet to or from the pod goes through its branch ENI into the
//    VPC, even to a pod or the host of the same node, so the branch's groups judge it all (kubelet
//    probes included) and no SNAT applies to its packets;
//  - standard: packets between the pod and its own node (its host, its other pods) stay on the
//    node, unfiltered; the pod's packets that leave the VPC are SNATed through the primary ENI as
//    any pod's (unless AWS_VPC_K8S_CNI_EXTERNALSNAT), so the node's groups judge those; all else
//    leaves through the branch, judged by its groups.
// Simplifications: every secondary or prefix address
// of the node's ENIs counts as a pod's (ipamd's warm addresses have no veth; ekssim sends nothing
// to them). kube-proxy's masquerade (KUBE-MARK-MASQ) is not applied: the source stays the pod's.
// Network policies are judged around this path, by cluster::PodNetwork (network_policies.h).
//
// Cost: the checks of vpc::evaluate plus one Service lookup and a scan of the node's few ENIs.
// Without a trace nothing is allocated.

#include <cstdint>
#include <functional>
#include <span>
#include <string_view>

#include "models/cni/snat.h"
#include "models/net/flow.h"
#include "models/net/protocol.h"
#include "models/net/verdict.h"
#include "models/vpc/ids.h"
#include "models/vpc/path.h"
#include "models/vpc/vpc.h"

namespace ekssim::cni {

// kube-proxy's answer for a new connection to an address and port.
struct ServiceLookup {
  enum class Kind : uint8_t {
    kNotAService,  // no Service rule matches: the packet goes on unchanged
    kReject,       // filter KUBE-SERVICES: REJECT, "<service> has no endpoints"
    kDrop,         // filter KUBE-SERVICES: DROP, "<service> has no local endpoints"
    kEndpoint,     // nat KUBE-SEP-…: DNAT to the endpoint chosen
  };
  Kind kind = Kind::kNotAService;
  net::Ipv4 endpoint_ip;       // kEndpoint
  uint16_t endpoint_port = 0;  // kEndpoint
  // "kube-system/kube-dns:dns" (proxy.ServicePortName), for traces; it must outlive the call
  // that returned it.
  std::string_view service;
  // The caller's number for the Service port: a blocked flow's ComponentRef{kKubeProxy, index}.
  uint32_t service_index = 0;

  static ServiceLookup not_a_service() { return {}; }
  static ServiceLookup reject(std::string_view service, uint32_t index) {
    return {Kind::kReject, {}, 0, service, index};
  }
  static ServiceLookup drop(std::string_view service, uint32_t index) {
    return {Kind::kDrop, {}, 0, service, index};
  }
  static ServiceLookup endpoint(std::string_view service, uint32_t index, net::Ipv4 ip,
                                uint16_t port) {
    return {Kind::kEndpoint, ip, port, service, index};
  }
};

// Maps (destination address, destination port, protocol) to kube-proxy's answer on the sending
// node. Called for tcp and udp flows only, once per evaluation. Build it once: passing it by
// reference and calling it allocate nothing.
using ServiceDnat =
    std::function<ServiceLookup(net::Ipv4 dst, uint16_t port, net::Protocol protocol)>;

// A node as its own network stack sees it.
struct NodeHost {
  std::string_view name;  // "ng-new-1", for traces
  vpc::EniId primary_eni;
  std::span<const vpc::EniId> enis;  // every ENI attached to the node, the primary included
  // The branch ENIs of the node's pods (Security Groups for Pods), reached over its trunk.
  std::span<const vpc::EniId> branches{};
};

// What the node does with a packet after kube-proxy, before the VPC.
enum class HostRoute : uint8_t {
  kLocalPod,   // a pod of this node: ip rule 512, main table, its veth
  kHostLocal,  // an address of the node itself: the local table
  kEni,        // out through an ENI into the VPC
};

struct HostDecision {
  HostRoute route = HostRoute::kEni;
  vpc::EniId eni;     // kEni: the interface the packet leaves through
  net::Ipv4 source;   // kEni: the source address it leaves with
  SnatDecision snat;  // for a pod's packet that leaves the node
};

// Where a pod's packet to `dst` goes. Throws std::invalid_argument if `pod_ip` is not a
// secondary or prefix address of one of the node's ENIs.
HostDecision route_from_pod(const vpc::Vpc& vpc, const SnatChain& snat, const NodeHost& node,
                            net::Ipv4 pod_ip, net::Ipv4 dst, bool strict_pod_groups = true);
// Where a packet of the host's own (source: the primary ENI's primary IP) to `dst` goes.
HostDecision route_from_node(const vpc::Vpc& vpc, const NodeHost& node, net::Ipv4 dst);

struct HostPathContext {
  const vpc::Vpc& vpc;
  const SnatChain& snat;
  const ServiceDnat* services = nullptr;  // kube-proxy's Service rules; null: none
  // POD_SECURITY_GROUP_ENFORCING_MODE is strict (its default), for branch-ENI pods.
  bool strict_pod_groups = true;
};

// The whole path of `flow` (its source a pod of `node`, its destination possibly a Service), as
// one verdict: the host's hops, then the VPC's. A REJECT is denied-out with KUBE_PROXY_REJECT,
// a DROP denied-out with KUBE_PROXY_DROP, delivery on the node itself accepted. Throws
// std::invalid_argument as route_from_pod does, and as vpc::evaluate does.
net::Verdict evaluate_from_pod(const HostPathContext& context, const NodeHost& node,
                               const net::Flow& flow, const vpc::EvaluateOptions& options = {});

// The same for the host network (kubelet, host-network pods). The flow's source must be the
// primary ENI's primary IP; throws std::invalid_argument otherwise.
net::Verdict evaluate_from_node(const HostPathContext& context, const NodeHost& node,
                                const net::Flow& flow, const vpc::EvaluateOptions& options = {});

}  // namespace ekssim::cni
