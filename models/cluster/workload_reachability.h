#pragma once
// Pod-to-pod and pod-to-CoreDNS verdicts between the scenario's Deployments under the
// NetworkPolicies the VPC CNI's network policy agent enforces (issue 15): the rows that
// `ekssim reachability` prints below its matrix when enforcement is on. np-guard's connectivity
// list (../shared/reference/explanations.md) answers the same question from manifests alone; here
// it is answered on the live World at its current time, with real pods on real nodes.
//
// For each Deployment (scenario order) with a Running pod, its first such pod by name (the
// representative `representative_pod` finds, as the reachable / unreachable expectations use)
// opens a new connection:
//  - to each other Deployment: on each port of each Service that selects it (scenario order),
//    through the Service's ClusterIP, kube-proxy of the sender's node picking that Deployment's
//    representative pod when it is among the endpoints; and on each declared containerPort no
//    such Service port targets, straight to the representative pod's address;
//  - to CoreDNS on 53/udp and 53/tcp through kube-dns, picking CoreDNS's first Running pod (as
//    the matrix does, reachability_members.h).
// Every flow goes through PodNetwork::from_pod, the path `ekssim explain` and every simulated
// packet take: the sender's egress program on the address it dialled (before the DNAT), the
// node's kube-proxy rules as of their last sync, the host path, the VPC, the receiving pod's
// ingress program (network_policies.h, netpol/policy_verdict.h). Each row keeps the traced verdict,
// whose NetworkPolicy hops name the deciding policy and rule (spec.egress[i] / spec.ingress[i])
// and, for a denial, the fix (netpol/policy_fix.h).
//
// Simplifications: one representative pod per Deployment (a Deployment whose pods differ in
// state, such as strict mode's DEFAULT_DENY for a new pod, is judged by its first pod); a pod is
// not judged against its own Deployment; ports are tested, not whether anything listens on them;
// host-network Deployments neither send nor are reached here (the controller does not enforce
// policies on them); a Deployment with neither a Service port nor a containerPort has no row.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/cluster/reachability.h"
#include "models/cluster/world.h"
#include "models/k8s/api_server.h"
#include "models/net/hop.h"
#include "models/net/verdict.h"

namespace ekssim::cluster {

// The first Running pod (by name) of Deployment ns/name with an address of its own, not
// terminating, not host-network, on a live node; null when there is none.
const k8s::Pod* representative_pod(const World& world, std::string_view ns, std::string_view name);

struct WorkloadFlow {
  std::string from;    // "shop/checkout"
  std::string to;      // "shop/payments" or "coredns"
  std::string sender;  // "pod shop/checkout-7c9d-1 10.0.0.37 on ip-10-0-0-12.ec2.internal"
  // What was dialled and who stood behind it: "service shop/payments 172.20.7.1:8080 -> pod
  // shop/payments-7c9d-1 10.0.0.41", "pod shop/payments-7c9d-1 10.0.0.41:9090".
  std::string target;
  PortProtocol port;     // as dialled
  net::Verdict verdict;  // traced, allowed or not
};

struct WorkloadReachability {
  // Deployments that could not be judged, and why: "shop/batch: no Running pod".
  std::vector<std::string> notes;
  // By source Deployment (scenario order), then target (scenario order, CoreDNS last), then port.
  std::vector<WorkloadFlow> flows;
};

// The rows on `world` as it is now; empty when the policy agent does not enforce.
WorkloadReachability compute_workload_reachability(const World& world);

// The network policy programs' hops of a traced verdict (egress, then ingress), each naming the
// policy and rule that decided ("egress allowed by policy shop/allow-dns spec.egress[0]").
std::vector<const net::Hop*> policy_hops(const net::Verdict& verdict);

}  // namespace ekssim::cluster
