#pragma once
// The two renderings of `ekssim reachability`'s result (models/cluster/reachability.h).
//
// Text: a legend of the endpoints, then per port a matrix (rows: from, columns: to) whose cells
// read "ok", "DENIED #n" or "-" (not judged), each followed by its denials: the pair, the
// disposition and reason code, the hop that stopped it and the fix.
//
// DOT (Graphviz, written with boost::write_graphviz): one node per endpoint, shaped by kind; an
// allowed edge per pair labelled with its ports; a red dashed edge per pair for the ports denied,
// labelled with each reason code.
//
// Both end with the workload rows under NetworkPolicy (models/cluster/workload_reachability.h),
// when the policy agent enforces: in text a legend of each Deployment's sending pod, then per flow
// the verdict, what was dialled, every policy program's hop (the policy and rule that decided)
// and, for a denial, the hop that stopped it and the fix; in DOT a cluster of rounded boxes, one
// per Deployment, with an edge per pair and verdict labelled "8080/tcp: NETWORK_POLICY (egress
// shop/default-deny-egress)", to the matrix's CoreDNS vertex for DNS.

#include <string>

#include "models/cluster/reachability.h"
#include "models/cluster/workload_reachability.h"

namespace ekssim::cli {

std::string format_reachability_text(const cluster::Reachability& reachability,
                                     const cluster::WorkloadReachability& workloads);
std::string format_reachability_dot(const cluster::Reachability& reachability,
                                    const cluster::WorkloadReachability& workloads);

}  // namespace ekssim::cli
