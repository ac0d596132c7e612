#pragma once
// `ekssim reachability --format json`: the matrix and the workload rows as data, for scripts and
// CI (a pair's verdict without parsing the text). One object:
//   {"ports": ["53/udp", …],
//    "endpoints": [{"name", "kind", "address"?, "description"}],
//    "cells": [{"from", "to", "port", "allowed", "disposition", "reason"?, "leg", "at"?, "fix"?}],
//    "workloads": {"notes": [...],
//                  "flows": [{"from", "to", "sender", "target", "port", "allowed", "disposition",
//                             "reason"?, "leg", "policies": [{"direction", "policy", "rule"?,
//                             "action", "detail"}], "at"?, "fix"?}]}}
// Cells by port, then source, then destination, as models/cluster/reachability.h orders them;
// "kind" is nodeGroup, coreDns, controlPlane, interfaceEndpoint, host or podSecurityGroup;
// "policies" are the network policy programs that judged (egress, then ingress), "policy" the
// policy that decided or the pod's state (DEFAULT_ALLOW, DEFAULT_DENY, POLICIES_APPLIED), "rule"
// the 0-based index of the rule that allowed; "at" is the hop that stopped a denied flow.

#include <string>

#include "models/cluster/reachability.h"
#include "models/cluster/workload_reachability.h"

namespace ekssim::cli {

// Pretty-printed with two spaces, keys sorted, ending in a newline.
std::string format_reachability_json(const cluster::Reachability& reachability,
                                     const cluster::WorkloadReachability& workloads);

}  // namespace ekssim::cli
