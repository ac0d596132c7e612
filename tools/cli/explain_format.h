#pragma once
// The two renderings of `ekssim explain`'s result (models/cluster/explain.h).
//
// Text: who sends, to what, when; kube-proxy's decision when the destination is a Service; then
// each path as numbered hops (Hop::to_string), "=> <disposition> (<REASON>)" and "fix: …"; for a
// Service, one block per candidate endpoint and a closing count.
//
// JSON (one object, stable camelCase fields):
//   {"scenario", "seed", "at" ("20m"), "atSeconds", "protocol",
//    "from": {"kind": "pod"|"node", "namespace"?, "name", "address", "node", "nodeGroup",
//             "hostNetwork"?, "kubeProxy", "chosen"?},
//    "to": {"kind": "address"|"vpcHost"|"externalHost"|"awsEndpoint"|"node"|"pod"|"service",
//           "name"?, "address", "port"?, "holder"?},
//    "service"?: {"servicePort", "decision": "DNAT"|"REJECT"|"DROP", "candidates",
//                 "localPolicy"},
//    "paths": [{"endpoint"?: {"address", "port", "holder"?}, "probability"?,
//               "passed", "disposition", "reason"?, "leg",
//               "hops": [{"leg", "component", "name"?, "attachedTo"?, "direction"?, "action",
//                         "detail"?, "rule"?, "ruleLabel"?, "route"?: {"destination",
//                         "target"}, "text"}],
//               "fix"?: {"component", "name", "text"}}],
//    "passed", "total"}
// "ruleLabel" is the rule as a console prints it: a network ACL's number or "*", a security
// group rule's 1-based position.

#include <cstdint>
#include <string>

#include "models/cluster/explain.h"

namespace ekssim::cli {

std::string format_explanation_text(const cluster::Explanation& explanation, uint64_t seed);
std::string format_explanation_json(const cluster::Explanation& explanation,
                                    const std::string& scenario, uint64_t seed);

}  // namespace ekssim::cli
