#pragma once
// The verdict of the network policy agent's eBPF programs on the first packet of a connection,
// with the policy and rule that decided. The agent attaches one program per direction to each
// pod's host-side veth (pkg/ebpf/c/tc.v4egress.bpf.c handle_egress, tc.v4ingress.bpf.c
// handle_ingress); the addresses it allows are those the network policy controller resolved from
// the policies (amazon-network-policy-controller-k8s pkg/resolvers/endpoints.go):
//  - a pod's egress is judged before kube-proxy's DNAT, so a Service's ClusterIP is allowed only
//    when a `to` peer's podSelector matches the Service's selector in a selected namespace
//    (getMatchingServiceClusterIPs; headless Services are skipped) and the rule's port is the
//    Service port's targetPort (getMatchingServicePort);
//  - a pod's ingress is judged after the DNAT, on the client pod's address;
//  - the pod's own node is always allowed, both ways (pkg/fwruleprocessor/fw_rule_processor.go
//    ComputeMapEntriesFromEndpointRules: "traffic from the local node should always be allowed");
//  - ports match the destination port: one port, or port to endPort inclusive
//    (tc.v4egress.bpf.c evaluateNamespacePolicyByLookUp); a rule without ports matches all;
//  - a named port resolves against containerPorts (pkg/resolvers/endpoints.go): an ingress rule's
//    against the policy's own pods (resolveIngressPorts; here: the judged pod's), an egress
//    rule's against each destination pod (getPortList); an ipBlock or allow-all egress rule
//    drops it (convertToPolicyInfoPortForCIDRs); on a Service's ClusterIP it matches the Service
//    port whose targetPort carries that name.
// Replies of an allowed connection pass: the programs record the flow in aws_conntrack_map and
// let the reverse flow through (handle_egress's reverse_flow_key), so only requests are judged.
//
// Simplifications: rules are combined as the API defines (any rule of any isolating policy
// allows); the agent's longest-prefix-match map, where an `except` of one rule can shadow a
// broader ipBlock of another, is not modelled. ClusterNetworkPolicies are not modelled.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "models/net/ipv4.h"
#include "models/net/protocol.h"
#include "models/netpol/enforcement.h"
#include "models/netpol/network_policy.h"

namespace ekssim::netpol {

enum class PolicyDirection { kIngress, kEgress };
std::string_view to_string(PolicyDirection direction);  // "ingress", "egress"

// A container port a named NetworkPolicy port resolves to (Pod spec.containers[].ports).
struct ContainerPortInfo {
  std::string name;
  uint16_t port = 0;
  net::Protocol protocol = net::Protocol::tcp();
};

struct PodInfo {
  std::string ns;
  std::string name;
  LabelMap labels;
  std::vector<ContainerPortInfo> container_ports;
  LabelMap namespace_labels;  // namespace_labels(ns, declared); empty: the default label only
};

struct ServicePortInfo {
  uint16_t port = 0;
  uint16_t target_port = 0;      // a number …
  std::string target_port_name;  // … or a container port's name
  net::Protocol protocol = net::Protocol::tcp();
};

struct ServiceInfo {
  std::string ns;
  std::string name;
  std::optional<LabelMap> selector;  // none: selectorless
  bool headless = false;
  std::vector<ServicePortInfo> ports;
  LabelMap namespace_labels;  // as PodInfo's
};

// The other end of the connection as the judging veth sees it: an address, and what holds it.
struct Remote {
  net::Ipv4 ip;
  std::optional<PodInfo> pod;          // a pod with this address
  std::optional<ServiceInfo> service;  // egress only: a Service's ClusterIP (before the DNAT)
  bool is_own_node = false;            // the primary address of the judged pod's node
};

enum class Basis {
  kDefaultAllow,   // DEFAULT_ALLOW: standard mode, no policy (yet) in force for the pod
  kDefaultDeny,    // DEFAULT_DENY: strict mode, no policy (yet) in force for the pod
  kOwnNode,        // the node's own address, always allowed
  kNotIsolated,    // policies apply to the pod, none for this direction
  kAllowedByRule,  // a rule of an isolating policy matched
  kNoRuleMatched,  // isolated, and no rule matched
};

struct Decision {
  bool allowed = true;
  Basis basis = Basis::kDefaultAllow;
  PolicyDirection direction = PolicyDirection::kEgress;
  // kAllowedByRule: the policy and the 0-based index of its rule that allowed. kNoRuleMatched:
  // the policies that isolate the pod in this direction ("ns/name"), in name order.
  std::vector<std::string> policies;
  int rule = -1;

  // "egress allowed by policy app/allow-dns spec.egress[0]", "egress denied: pod isolated by policy
  // app/deny-all and no rule allows udp 53 to 10.100.0.10", "ingress denied: DEFAULT_DENY
  // (strict mode, no policy in force for the pod yet)".
  std::string describe(net::Protocol protocol, uint16_t port, net::Ipv4 remote) const;
};

// The verdict of `pod`'s `direction` program in `state` on a new connection with `remote` on
// (protocol, port), `port` being the destination port as that program sees it. `policies` are
// those the agent knows, in any namespace; only those of the pod's namespace that select it count.
Decision judge(std::span<const NetworkPolicy> policies, const PodInfo& pod, PodState state,
               PolicyDirection direction, const Remote& remote, net::Protocol protocol,
               uint16_t port);

// True when `policy` selects `pod` (its namespace and podSelector).
bool selects(const NetworkPolicy& policy, const PodInfo& pod);
// True when some policy selects `pod`.
bool any_selects(std::span<const NetworkPolicy> policies, const PodInfo& pod);

// Whether `peer` of a rule in `policy_ns` matches `remote` (`direction` tells whether a Service's
// ClusterIP counts, egress only), and `port` under `ports`; exposed for tests.
bool peer_matches(const Peer& peer, const std::string& policy_ns, PolicyDirection direction,
                  const Remote& remote);
// `judged`: the pod whose program decides (an ingress rule's named ports resolve against it).
bool rule_matches(const Rule& rule, const std::string& policy_ns, PolicyDirection direction,
                  const PodInfo& judged, const Remote& remote, net::Protocol protocol,
                  uint16_t port);

}  // namespace ekssim::netpol
