#include "models/k8s/proxy/iptables_save.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include "models/k8s/proxy/kube_proxy_rules.h"

namespace ekssim::k8s {

namespace {

// One table being assembled the way the kernel holds it: built-in chains in hook order, user
// chains by name, rules per chain.
class SaveTable {
 public:
  SaveTable(std::string_view name, std::initializer_list<std::string_view> builtins) : name_(name) {
    for (const std::string_view chain : builtins)
      builtin_.emplace_back(chain, Rules());
  }

  void declare(std::string_view chain) { user_.try_emplace(std::string(chain)); }
  // What an iptables-restore --noflush chain line does: create the chain, or flush it.
  void declare_flushed(std::string_view chain) { user_[std::string(chain)].clear(); }
  void append(std::string line) { rules_of(chain_of(line)).push_back(std::move(line)); }
  // EnsureRule(Prepend): insert at the top unless the rule is already there.
  void ensure_prepended(std::string line) {
    Rules& rules = rules_of(chain_of(line));
    if (std::find(rules.begin(), rules.end(), line) == rules.end()) {
      rules.insert(rules.begin(), std::move(line));
    }
  }

  void write(std::string& out) const {
    fmt::format_to(std::back_inserter(out), "*{}\n", name_);
    for (const auto& [chain, rules] : builtin_) {
      fmt::format_to(std::back_inserter(out), ":{} ACCEPT [0:0]\n", chain);
    }
    for (const auto& [chain, rules] : user_) {
      fmt::format_to(std::back_inserter(out), ":{} - [0:0]\n", chain);
    }
    const auto write_rules = [&out](const Rules& rules) {
      for (const std::string& rule : rules)
        out.append(rule).append("\n");
    };
    for (const auto& [chain, rules] : builtin_)
      write_rules(rules);
    for (const auto& [chain, rules] : user_)
      write_rules(rules);
    out += "COMMIT\n";
  }

 private:
  using Rules = std::vector<std::string>;

  // "-A NAME …" -> "NAME".
  static std::string_view chain_of(std::string_view line) {
    line.remove_prefix(3);
    return line.substr(0, line.find(' '));
  }

  Rules& rules_of(std::string_view chain) {
    for (auto& [name, rules] : builtin_) {
      if (name == chain) return rules;
    }
    return user_.find(chain)->second;
  }

  std::string_view name_;
  std::vector<std::pair<std::string_view, Rules>> builtin_;
  std::map<std::string, Rules, std::less<>> user_;
};

struct Jump {
  bool nat;
  std::string_view from;
  std::string_view to;
  std::string_view comment;  // empty: no comment match
  bool new_connections_only;
};

// proxier.go iptablesJumpChains, then iptablesKubeletJumpChains, in upstream's order.
constexpr Jump kKubeProxyJumps[] = {
    {false, "INPUT", "KUBE-EXTERNAL-SERVICES", "kubernetes externally-visible service portals",
     true},
    {false, "FORWARD", "KUBE-EXTERNAL-SERVICES", "kubernetes externally-visible service portals",
     true},
    {false, "INPUT", "KUBE-NODEPORTS", "kubernetes health check service ports", false},
    {false, "FORWARD", "KUBE-SERVICES", "kubernetes service portals", true},
    {false, "OUTPUT", "KUBE-SERVICES", "kubernetes service portals", true},
    {false, "FORWARD", "KUBE-FORWARD", "kubernetes forwarding rules", false},
    {false, "INPUT", "KUBE-PROXY-FIREWALL", "kubernetes load balancer firewall", true},
    {false, "OUTPUT", "KUBE-PROXY-FIREWALL", "kubernetes load balancer firewall", true},
    {false, "FORWARD", "KUBE-PROXY-FIREWALL", "kubernetes load balancer firewall", true},
    {true, "OUTPUT", "KUBE-SERVICES", "kubernetes service portals", false},
    {true, "PREROUTING", "KUBE-SERVICES", "kubernetes service portals", false},
    {true, "POSTROUTING", "KUBE-POSTROUTING", "kubernetes postrouting rules", false},
    {false, "INPUT", "KUBE-FIREWALL", "", false},
    {false, "OUTPUT", "KUBE-FIREWALL", "", false},
};

std::string jump_rule(const Jump& jump) {
  std::string line = fmt::format("-A {}", jump.from);
  if (jump.new_connections_only) line += " -m conntrack --ctstate NEW";
  if (!jump.comment.empty())
    fmt::format_to(std::back_inserter(line), R"( -m comment --comment "{}")", jump.comment);
  fmt::format_to(std::back_inserter(line), " -j {}", jump.to);
  return line;
}

// kube-proxy's restore (iptables-restore --noflush): each declared chain is created or flushed,
// then the rules are appended.
void apply_restore(SaveTable& table, const TableRules& rules) {
  for (const std::string& chain : rules.chains)
    table.declare_flushed(chain);
  for (const std::string& rule : rules.rules)
    table.append(rule);
}

}  // namespace

std::string render_iptables_save(const NodeProxyView& view, const VpcCniHostConfig* vpc_cni) {
  SaveTable mangle("mangle", {"PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"});
  SaveTable filter("filter", {"INPUT", "FORWARD", "OUTPUT"});
  SaveTable nat("nat", {"PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"});

  // kubelet starts first (pkg/kubelet/kubelet_network_linux.go syncIPTablesRules): its canary,
  // the hint chain, KUBE-FIREWALL with the localnet rule, and the jumps to it.
  for (SaveTable* table : {&mangle, &filter, &nat})
    table->declare("KUBE-KUBELET-CANARY");
  mangle.declare("KUBE-IPTABLES-HINT");
  filter.declare("KUBE-FIREWALL");
  filter.append(
      R"(-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" )"
      R"(-d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP)");
  filter.ensure_prepended("-A OUTPUT -j KUBE-FIREWALL");
  filter.ensure_prepended("-A INPUT -j KUBE-FIREWALL");

  // kube-proxy: its canary (ipt.Monitor), the jumps of a full sync, then the restore.
  for (SaveTable* table : {&mangle, &filter, &nat})
    table->declare("KUBE-PROXY-CANARY");
  const KubeProxyRules rules = build_kube_proxy_rules(view);
  for (const std::string& chain : rules.filter.chains)
    filter.declare(chain);
  for (const std::string& chain : rules.nat.chains)
    nat.declare(chain);
  for (const Jump& jump : kKubeProxyJumps)
    (jump.nat ? nat : filter).ensure_prepended(jump_rule(jump));
  apply_restore(filter, rules.filter);
  apply_restore(nat, rules.nat);

  // aws-node appends its rules; kube-proxy's prepended jumps stay above them.
  if (vpc_cni != nullptr) {
    const VpcCniRules cni = build_vpc_cni_rules(*vpc_cni);
    for (const std::string& chain : cni.nat_chains)
      nat.declare(chain);
    for (const std::string& rule : cni.nat_rules)
      nat.append(rule);
    for (const std::string& rule : cni.mangle_rules)
      mangle.append(rule);
  }

  std::string text;
  mangle.write(text);
  filter.write(text);
  nat.write(text);
  return text;
}

}  // namespace ekssim::k8s
