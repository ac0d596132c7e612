// The proof that `ekssim iptables` writes kube-proxy's rules as upstream does: cases of
// kubernetes/kubernetes pkg/proxy/iptables/proxier_test.go whose expected iptables-restore text
// is written out in full, each expressed as a scenario with pinned names and addresses
// (scenarios/upstream-proxier/), and compared rule for rule with upstream's text after the
// canonical ordering upstream's own assertIPTablesRulesEqual applies (chain order aside).
//
// What is compared: the node's filter and nat tables, kube-proxy's chains only. Set aside, each
// for a stated reason:
// - the built-in chains, the canaries, the VPC CNI's AWS-* chains: not kube-proxy's, and not in
//   upstream's fake;
// - default/kubernetes and kube-system/kube-dns, which every EKS cluster has and upstream's
//   fake does not;
// - two spellings of one rule: upstream's fake sets the mark "0x4000" directly where a real
//   kube-proxy formats 1<<14 as "0x004000" (the same value to iptables), and its fake iptables
//   lacks MASQUERADE --random-fully, which an EKS node's has;
// - upstream's "-X CHAIN" lines and those chains' declarations: a full sync deleting chains left
//   from earlier syncs, which a freshly simulated node never had.

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "tests/cli/command_runner.h"
#include "tests/support/iptables_canonical.h"
#include "tests/support/upstream_proxier_expectations.h"

namespace {

using ekssim::k8s::testing::canonical_iptables;
using ekssim::k8s::testing::fixture;

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    lines.emplace_back(text.substr(start, end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return lines;
}

std::string chain_of(const std::string& line) {
  const size_t start = line[0] == ':' ? 1 : 3;
  return line.substr(start, line.find(' ', start) - start);
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

// kube-proxy's part of an iptables-save text, in restore form.
std::string kube_proxy_part(const std::string& save_text) {
  static const std::set<std::string> kNotKubeProxy = {"KUBE-PROXY-CANARY", "KUBE-KUBELET-CANARY",
                                                      "KUBE-IPTABLES-HINT"};
  const auto excluded_service = [](const std::string& rule) {
    return rule.find("default/kubernetes:") != std::string::npos ||
           rule.find("kube-system/kube-dns:") != std::string::npos;
  };
  std::string out;
  bool in_table = false;
  std::vector<std::string> chains, rules;
  const auto flush = [&] {
    // A service chain all of whose rules were set aside goes with them.
    std::set<std::string> kept;
    for (const std::string& rule : rules)
      kept.insert(chain_of(rule));
    for (const std::string& chain : chains) {
      const std::string name = chain_of(chain);
      const bool per_service = name.starts_with("KUBE-SVC-") || name.starts_with("KUBE-SVL-") ||
                               name.starts_with("KUBE-SEP-") || name.starts_with("KUBE-EXT-") ||
                               name.starts_with("KUBE-FW-");
      if (!per_service || kept.count(name) != 0) out += chain + "\n";
    }
    for (const std::string& rule : rules)
      out += rule + "\n";
    out += "COMMIT\n";
    chains.clear();
    rules.clear();
  };
  for (std::string line : lines_of(save_text)) {
    if (line.starts_with("*")) {
      in_table = line == "*filter" || line == "*nat";
      if (in_table) out += line + "\n";
      continue;
    }
    if (!in_table) continue;
    if (line == "COMMIT") {
      flush();
      in_table = false;
      continue;
    }
    if (line.empty() || (line[0] != ':' && !line.starts_with("-A "))) continue;
    const std::string chain = chain_of(line);
    if (!chain.starts_with("KUBE-") || kNotKubeProxy.count(chain) != 0) continue;
    if (line[0] == ':') {
      chains.push_back(line);
    } else if (!excluded_service(line)) {
      replace_all(line, "0x004000", "0x4000");
      replace_all(line, " --random-fully", "");
      rules.push_back(line);
    }
  }
  return canonical_iptables(out);
}

// Upstream's text without its chain deletions and the deleted chains' declarations.
std::string upstream_state(std::string_view expected) {
  std::set<std::string> deleted;
  for (const std::string& line : lines_of(expected)) {
    if (line.starts_with("-X ")) deleted.insert(line.substr(3));
  }
  std::string out;
  for (const std::string& line : lines_of(expected)) {
    if (line.starts_with("-X ")) continue;
    if (line.starts_with(":") && deleted.count(chain_of(line)) != 0) continue;
    out += line + "\n";
  }
  return canonical_iptables(out);
}

std::string rules_of_test_node(const std::string& scenario) {
  const auto r =
      ekssim::test::run_ekssim("iptables " + std::string(EKSSIM_SOURCE_DIR) +
                               "/scenarios/upstream-proxier/" + scenario + " --node test-node");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  REQUIRE(r.out.rfind("# test-node at 5m", 0) == 0);
  return kube_proxy_part(r.out);
}

}  // namespace

TEST_CASE("ekssim iptables gives upstream's TestOverallIPTablesRules rules rule for rule",
          "[cli][iptables][upstream]") {
  CHECK(rules_of_test_node("overall-iptables-rules.yaml") ==
        upstream_state(fixture(ekssim::k8s::testing::kOverallExpected)));
}

TEST_CASE("ekssim iptables gives upstream's first sync of TestSyncProxyRulesRepeated",
          "[cli][iptables][upstream]") {
  CHECK(rules_of_test_node("sync-proxy-rules-repeated-first.yaml") ==
        upstream_state(fixture(ekssim::k8s::testing::kRepeatedFirstSync)));
}

TEST_CASE("ekssim iptables gives the full resync that ends upstream's TestSyncProxyRulesRepeated",
          "[cli][iptables][upstream]") {
  CHECK(rules_of_test_node("sync-proxy-rules-repeated-full-resync.yaml") ==
        upstream_state(fixture(ekssim::k8s::testing::kRepeatedFullResync)));
}
