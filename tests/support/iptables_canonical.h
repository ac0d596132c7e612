#pragma once
// The canonical order upstream's proxier_test.go compares rules in (sortIPTablesRules with
// orderByCommentServiceName, used by assertIPTablesRulesEqual), written here for our tests: tables
// by name; in each, KUBE-NODEPORTS first, KUBE-SERVICES second, other KUBE-* chains by name,
// then the rest by name; chain lines first, then each chain's rules; KUBE-NODEPORTS and
// KUBE-SERVICES rules stably sorted by the service name in their comment, with nat
// KUBE-SERVICES' "must be the last rule" rule kept last. Rule texts are kept as written.

#include <string>
#include <string_view>

namespace ekssim::k8s::testing {

std::string canonical_iptables(std::string_view restore_text);

// The rules of one chain of one table, one per line, in their original order
// (assertIPTablesChainEqual).
std::string chain_rules(std::string_view restore_text, std::string_view table,
                        std::string_view chain);

// Drops the leading newline of a raw-string fixture.
inline std::string_view fixture(std::string_view text) {
  if (!text.empty() && text.front() == '\n') text.remove_prefix(1);
  return text;
}

}  // namespace ekssim::k8s::testing
