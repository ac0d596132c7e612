#pragma once
// The smallest policy change that lets a denied connection through, as one line a user can paste
// into the policy: the rule, written in the NetworkPolicy's own YAML (flow style), to add to the
// policy that isolates the pod, or, in strict mode for a pod no policy selects yet, a policy to
// create. DNS (port 53) asks for UDP and TCP both: resolvers retry over TCP when an answer is
// truncated (RFC 7766), so a rule for UDP alone fails the large answers.

#include <cstdint>
#include <string>

#include "models/netpol/policy_verdict.h"

namespace ekssim::netpol {

// The peer and ports of a rule that would allow (protocol, port) with `remote`, in flow-style
// YAML: "to: [{namespaceSelector: …, podSelector: …}], ports: [{protocol: UDP, port: 53}]".
std::string rule_allowing(PolicyDirection direction, const Remote& remote, net::Protocol protocol,
                          uint16_t port);

// "add to NetworkPolicy app/deny-egress an egress rule: to: […], ports: […]"; for DEFAULT_DENY,
// "strict mode: add a NetworkPolicy in namespace app selecting the pod (podSelector: {…}) with an
// egress rule: …". Empty for an allowed decision.
std::string fix_for(const Decision& decision, const PodInfo& pod, const Remote& remote,
                    net::Protocol protocol, uint16_t port);

}  // namespace ekssim::netpol
