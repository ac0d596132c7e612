#pragma once
// The outcome of sending one flow: where it ended (a disposition, after Batfish's trace
// dispositions), why (a stable reason code, after Reachability Analyzer's explanation codes),
// the hops on the way and, for a failure the configuration can cure, the smallest fix.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/net/hop.h"

namespace ekssim::net {

enum class Disposition : uint8_t {
  // A network interface, a VPC-provided service or, without leaving the node, a local pod or the
  // host itself took it; the reply came back.
  kAccepted,
  kDelivered,            // handed to a remote network (transit gateway, peering) that accepted it
  kExitsNetwork,         // left the modelled network: internet, NAT gateway, gateway endpoint
  kDeniedOut,            // stopped by an outbound filter (security group, network ACL, the sending
                         // host's kube-proxy rules) or at the edge
  kDeniedIn,             // stopped by an inbound filter
  kNoRoute,              // no route for the destination
  kNullRouted,           // a blackhole route: its target is gone
  kNeighborUnreachable,  // routed to a subnet where nothing holds the address
};
// "accepted", "delivered", "exits-network", "denied-out", "denied-in", "no-route",
// "null-routed", "neighbor-unreachable".
std::string_view to_string(Disposition disposition);

// Why a flow failed. The names are Reachability Analyzer's explanation codes (AWS doc
// "Reachability Analyzer explanation codes") where one fits; five are ekssim's own, marked.
enum class Reason : uint8_t {
  kNone,
  kEniSgRulesMismatch,               // ENI_SG_RULES_MISMATCH: no security group rule applies
  kSubnetAclRestriction,             // SUBNET_ACL_RESTRICTION: a network ACL refused it
  kNoRouteToDestination,             // NO_ROUTE_TO_DESTINATION: no applicable route
  kBadStateRoute,                    // BAD_STATE_ROUTE: the route is a blackhole
  kIgwPublicIpAssociationForEgress,  // IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS: no public IP
  kEniSourceDestCheckRestriction,    // ENI_SOURCE_DEST_CHECK_RESTRICTION: source not the ENI's
  kNoPossibleDestination,            // NO_POSSIBLE_DESTINATION: nothing holds the address
  kPcxRequiresAddressInVpcCidr,      // PCX_REQUIRES_ADDRESS_IN_VPC_CIDR: not in the peer's CIDR
  kRemoteNetworkRestriction,         // REMOTE_NETWORK_RESTRICTION (ekssim): the far end refused
  kVpcDnsSupportDisabled,            // VPC_DNS_SUPPORT_DISABLED (ekssim): enableDnsSupport off
  // KUBE_PROXY_REJECT (ekssim): the Service has no endpoints, so kube-proxy's filter rule REJECTs
  // with ICMP port unreachable; the client sees "connection refused" at once.
  kKubeProxyReject,
  // KUBE_PROXY_DROP (ekssim): the Service has endpoints but none this node may use (traffic
  // policy Local), so kube-proxy DROPs; the client sees a silent timeout.
  kKubeProxyDrop,
  // NETWORK_POLICY (ekssim): the network policy agent's eBPF program on a pod's veth dropped it
  // (a NetworkPolicy isolates the pod and no rule allows the flow, or strict mode's DEFAULT_DENY).
  kNetworkPolicy,
};
std::string_view to_string(Reason reason);  // the upper-case code, "" for kNone

// Which component stopped the flow, as an index into the owning model's table of that kind (for
// the VPC: Vpc::eni(), Vpc::network_acl(), Vpc::route_table(), Vpc::remote_network() …). It
// needs no string, so failures can be counted per cause on the hot path.
struct ComponentRef {
  Component kind = Component::kVpc;
  uint32_t index = 0;
  bool operator==(const ComponentRef&) const = default;
};

// The smallest configuration change that lets the flow through, in one line, and the component
// to change.
struct Fix {
  Component component = Component::kVpc;
  std::string name;  // "nodes-old", "strict", "private"
  std::string text;  // "add to nodes-old an inbound rule: udp 53 from security group nodes-new"
};

struct Verdict {
  Disposition disposition = Disposition::kAccepted;
  Leg leg = Leg::kRequest;  // the leg on which the flow ended
  Reason reason = Reason::kNone;
  std::optional<ComponentRef> blocker;  // set for every failure
  std::vector<Hop> hops;                // filled only when a trace was asked for
  std::optional<Fix> fix;               // filled only when a trace was asked for
  // The source address the internet sees, for a flow that left through an internet gateway (the
  // ENI's public IP) or a NAT gateway (its Elastic IP); set with or without a trace.
  std::optional<Ipv4> internet_source;

  // accepted, delivered or exits-network.
  bool passed() const;
  // One hop per numbered line, then "=> <disposition> (<REASON>)" and "fix: <text>".
  std::string explain() const;
  // The hop that denied or dropped the flow, in one line ("security group nodes-old (eni
  // ng-old-1/eth0) inbound: denied …"); the disposition when no hop says it (or no trace).
  std::string denial() const;
};

}  // namespace ekssim::net
