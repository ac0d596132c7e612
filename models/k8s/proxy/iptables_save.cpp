#include "models/k8s/proxy/iptables_save.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include "models/k8s/proxy/kube_proxy_rules.h"

namespace ekssim::k8s {

namespace {

// One table being assembled the way the kernel holds it: built-in chains in hook order, user
// chains by name, rules per chain. A rule is held as a view: kube-proxy's restore lines stay in
// the caller's KubeProxyRules, which outlives the table; the few lines made here are kept in
// `owned_`. A 10,000-Service node has 600,000 rules: copying each twice and looking its chain
// up in the map each time made most of the rendering's cost.
class SaveTable {
 public:
  SaveTable(std::string_view name, std::initializer_list<std::string_view> builtins) : name_(name) {
    for (const std::string_view chain : builtins)
      builtin_.emplace_back(chain, Rules());
  }

  void declare(std::string_view chain) { user_chain(chain); }
  // What an iptables-restore --noflush chain line does: create the chain, or flush it.
  void declare_flushed(std::string_view chain) { user_chain(chain).clear(); }
  // `line` must outlive the table.
  void append_view(std::string_view line) { rules_of(chain_of(line)).push_back(line); }
  void append(std::string line) { append_view(owned_.emplace_back(std::move(line))); }
  // EnsureRule(Prepend): insert at the top unless the rule is already there.
  void ensure_prepended(std::string line) {
    Rules& rules = rules_of(chain_of(line));
    if (std::find(rules.begin(), rules.end(), line) == rules.end()) {
      rules.insert(rules.begin(), owned_.emplace_back(std::move(line)));
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
      for (const std::string_view rule : rules)
        out.append(rule).append("\n");
    };
    for (const auto& [chain, rules] : builtin_)
      write_rules(rules);
    for (const auto& [chain, rules] : user_)
      write_rules(rules);
    out += "COMMIT\n";
  }

  // The bytes `write` appends, so the caller can reserve the whole text once.
  size_t text_size() const {
    size_t size = name_.size() + 2 + 7;
    for (const auto& [chain, rules] : builtin_)
      size += chain.size() + 15 + rules_size(rules);
    for (const auto& [chain, rules] : user_)
      size += chain.size() + 10 + rules_size(rules);
    return size;
  }

 private:
  using Rules = std::vector<std::string_view>;

  static size_t rules_size(const Rules& rules) {
    size_t size = rules.size();
    for (const std::string_view rule : rules)
      size += rule.size();
    return size;
  }

  // "-A NAME …" -> "NAME".
  static std::string_view chain_of(std::string_view line) {
    line.remove_prefix(3);
    return line.substr(0, line.find(' '));
  }

  // A restore appends a chain's rules together, so the last chain found is asked for again
  // far more often than any other. Vector elements and map nodes stay where they are.
  Rules& rules_of(std::string_view chain) {
    if (last_rules_ != nullptr && chain == last_chain_) return *last_rules_;
    last_rules_ = &find_rules(chain);
    last_chain_ = chain;
    return *last_rules_;
  }

  // The chain's rules, created empty if new; the name is copied only then.
  Rules& user_chain(std::string_view chain) {
    const auto at = user_.lower_bound(chain);
    if (at != user_.end() && at->first == chain) return at->second;
    return user_.emplace_hint(at, std::string(chain), Rules())->second;
  }

  Rules& find_rules(std::string_view chain) {
    for (auto& [name, rules] : builtin_) {
      if (name == chain) return rules;
    }
    return user_.find(chain)->second;
  }

  std::string_view name_;
  std::vector<std::pair<std::string_view, Rules>> builtin_;
  std::map<std::string, Rules, std::less<>> user_;
  std::deque<std::string> owned_;  // a deque: its strings never move
  std::string last_chain_;
  Rules* last_rules_ = nullptr;
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
    table.append_view(rule);
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
  text.reserve(mangle.text_size() + filter.text_size() + nat.text_size());
  mangle.write(text);
  filter.write(text);
  nat.write(text);
  return text;
}

}  // namespace ekssim::k8s
