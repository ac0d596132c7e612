#pragma once
// `ekssim explain`: why one new connection from a pod or a node, at one virtual time, gets through
// or not — the hop-by-hop trace, the verdict, its reason code and the smallest fix, in the manner
// of Batfish's traceroute and Reachability Analyzer's explanations
// (../shared/reference/explanations.md), joined with what neither models: kube-proxy's DNAT on
// the sending node and the VPC CNI's host path.
//
// The flow is judged on the live World, by the code every simulated packet goes through
// (PodNetwork: kube-proxy's rules as of the node's last sync, cni::evaluate_from_pod /
// evaluate_from_node, vpc::evaluate), with a trace. When kube-proxy DNATs the destination (a
// Service, named or by its cluster IP) every candidate endpoint is judged in turn: rule i of n
// picks each with probability 1/n (dataplane.md §a), so the explanation lists all n.
//
// Naming the ends (pure functions over a const World&):
//  - a pod: `pod/NS/NAME`; NAME may be a prefix of generated names
//  (`pod/airflow/airflow-scheduler`):
//    an exact name wins, else the first Running pod with an address, by name, among those whose
//    names start with it (ExplainSource::chosen says which and among how many);
//  - a node: `node/NAME` (ip-10-0-1-23.ec2.internal) or `node/GROUP/N`, the N-th (from 1) node
//    of GROUP in launch order that is not terminated — as `ekssim iptables --node` names nodes
//    (node_rules.h, find_node_reference). A node whose kubelet never registered still sends (its
//    bring-up is often what is being explained) but runs no kube-proxy;
//  - a destination: `ADDRESS:PORT`; `NAME:PORT` where NAME is a VPC host, an externalHosts entry,
//    the EC2 API's regional name (ec2.REGION.amazonaws.com: the ec2 interface endpoint with
//    private DNS in the sender's zone, else the public endpoint), a node or a pod (exact name,
//    any namespace); `pod/NS/NAME:PORT` and `node/NAME:PORT` as for the source; `svc/NS/NAME:PORT`,
//    the Service's cluster IP, PORT a number or the port's name. ICMP (an echo request) takes
//    no port.
// Mistakes throw ExplainError with one line that names what exists.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "models/cluster/world.h"
#include "models/net/ipv4.h"
#include "models/net/protocol.h"
#include "models/net/verdict.h"
#include "sim/time.h"

namespace ekssim::cluster {

// A source or destination that does not exist, or cannot send, at the time asked; what() is the
// one-line message, naming what exists.
class ExplainError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ExplainSource {
  enum class Kind : uint8_t { kPod, kNode };
  Kind kind = Kind::kPod;
  std::string pod_namespace;  // kPod
  std::string pod_name;       // kPod
  bool host_network = false;  // kPod: sends from the node's address, as the node does
  std::string node;           // the node's name
  std::string node_group;
  net::Ipv4 address;       // what the packet leaves with before any SNAT
  bool kube_proxy = true;  // false for a node that never registered: no Service rules
  // How a prefix or GROUP/N picked the sender; empty for an exact name.
  // "3 pods in airflow start with airflow-scheduler; the first Running one by name".
  std::string chosen;

  // "pod airflow/airflow-scheduler-6c9d1-4x7kq (10.0.0.37) on ip-10-0-0-12.ec2.internal (node
  // group ng-new)", "node ip-10-0-0-12.ec2.internal (10.0.0.12, node group ng-new)".
  std::string describe() const;
};

struct ExplainDestination {
  enum class Kind : uint8_t {
    kAddress,
    kVpcHost,
    kExternalHost,
    kAwsEndpoint,
    kNode,
    kPod,
    kService,
  };
  Kind kind = Kind::kAddress;
  std::string name;   // as resolved ("gitlab.cloudopz.co", "kube-system/kube-dns"); empty: kAddress
  net::Ipv4 address;  // the cluster IP for kService
  uint16_t port = 0;  // 0 for icmp
  // For an address: the pod or node holding it (describe_holder), when one does.
  std::string holder;

  // "external host gitlab.cloudopz.co (203.0.113.10:443)", "service kube-system/kube-dns
  // (10.100.0.10:53)", "10.0.0.45:53, pod kube-system/coredns-5d8f1-2kq9z on … (node group …)".
  std::string describe() const;
};

// What kube-proxy's rules on the sending node do with the destination, when it is a Service.
struct ServiceChoice {
  enum class Kind : uint8_t {
    kReject,  // filter KUBE-SERVICES REJECT: "has no endpoints"
    kDrop,    // filter KUBE-SERVICES DROP: "has no local endpoints"
    kDnat,    // KUBE-SVC-…/KUBE-SVL-…: DNAT to one of the candidates, each 1/n
  };
  Kind kind = Kind::kDnat;
  std::string service_port;   // "kube-system/kube-dns:dns"
  size_t candidates = 0;      // kDnat
  bool local_policy = false;  // the candidates are the node's own (KUBE-SVL-…)
};

// One judged path: to the destination itself, or to one of kube-proxy's candidates.
struct ExplainPath {
  struct Endpoint {
    net::Ipv4 ip;
    uint16_t port = 0;
    // "pod kube-system/coredns-5d8f1-2kq9z on ip-10-0-0-20.ec2.internal (node group ng-old)";
    // empty when no pod or node holds the address.
    std::string holder;
  };
  std::optional<Endpoint> endpoint;  // set for a Service's candidates
  net::Verdict verdict;              // with its hops and, when refused, its fix
};

struct Explanation {
  sim::Duration at;
  net::Protocol protocol = net::Protocol::tcp();
  ExplainSource source;
  ExplainDestination destination;
  std::optional<ServiceChoice> service;
  // One path; or one per candidate endpoint (kDnat), in kube-proxy's rule order.
  std::vector<ExplainPath> paths;

  // How many paths were let through.
  size_t passed() const;
};

// The sender named by `from` ("pod/NS/NAME", "node/NAME", "node/GROUP/N") as the World is at
// `at`. A pod must be Running with an address. Throws ExplainError.
ExplainSource find_source(const World& world, std::string_view from, sim::Duration at);

// The destination named by `to` (`at` only words the errors). Throws ExplainError.
ExplainDestination find_destination(const World& world, std::string_view to, net::Protocol protocol,
                                    const ExplainSource& source, sim::Duration at);

// Judges the flow (tcp or udp from an ephemeral port, 40000 as the simulation's traffic uses, or
// an ICMP echo request) with a trace. `at` must be the World's current time. Throws
// std::invalid_argument for a protocol other than tcp, udp or icmp.
Explanation explain_flow(const World& world, sim::Duration at, const ExplainSource& source,
                         const ExplainDestination& destination, net::Protocol protocol);

// find_source, find_destination, explain_flow.
Explanation explain(const World& world, sim::Duration at, std::string_view from,
                    std::string_view to, net::Protocol protocol);

// The pod or node holding `address`, as ExplainPath::Endpoint::holder words it; empty for none.
std::string describe_holder(const World& world, net::Ipv4 address);

}  // namespace ekssim::cluster
