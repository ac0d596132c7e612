#pragma once
// A Kubernetes NetworkPolicy (networking.k8s.io/v1, k8s.io/api/networking/v1/types.go) as plain
// data: which pods it selects in its namespace, whether it isolates them for ingress, egress or
// both (policyTypes), and the rules that allow traffic. Rules only allow; a pod that some policy
// isolates for a direction accepts there exactly what one of those policies' rules allows.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/net/ipv4.h"
#include "models/net/protocol.h"
#include "models/netpol/label_selector.h"

namespace ekssim::netpol {

// NetworkPolicyPort: a protocol (TCP by default), then a port number, a named port or none (every
// port), and with a number an optional endPort closing an inclusive range.
struct PolicyPort {
  net::Protocol protocol = net::Protocol::tcp();  // TCP, UDP or SCTP (132)
  std::optional<uint16_t> port;
  std::string port_name;  // a named port (IANA_SVC_NAME); `port` is then none
  std::optional<uint16_t> end_port;
};

// IPBlock: a CIDR less the `except` CIDRs inside it.
struct IpBlock {
  net::Cidr cidr;
  std::vector<net::Cidr> except;
};

// NetworkPolicyPeer: an ipBlock, or pods chosen by podSelector and/or namespaceSelector. A
// podSelector alone means pods of the policy's own namespace; a namespaceSelector alone means
// every pod of the namespaces it selects.
struct Peer {
  std::optional<LabelSelector> pod_selector;
  std::optional<LabelSelector> namespace_selector;
  std::optional<IpBlock> ip_block;
};

// One ingress (`from`) or egress (`to`) rule. No peers means every peer; no ports means every
// port and protocol.
struct Rule {
  std::vector<Peer> peers;
  std::vector<PolicyPort> ports;
};

struct NetworkPolicy {
  std::string ns;
  std::string name;
  LabelSelector pod_selector;  // {} selects every pod of the namespace
  // policyTypes, as defaulted by the API server (pkg/apis/networking/v1/defaults.go
  // SetDefaults_NetworkPolicy): Ingress always, Egress when there are egress rules.
  bool isolates_ingress = true;
  bool isolates_egress = false;
  std::vector<Rule> ingress;
  std::vector<Rule> egress;

  // "namespace/name"
  std::string id() const { return ns + "/" + name; }
};

// A namespace's labels as the API server holds them: those declared (scenario `namespaces`) and
// kubernetes.io/metadata.name: NS, which Kubernetes 1.22+ sets on every namespace
// (NamespaceDefaultLabelName) and which overrides a declared value.
LabelMap namespace_labels(const std::string& ns, const LabelMap& declared = {});

}  // namespace ekssim::netpol
