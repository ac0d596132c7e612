#include "tests/support/iptables_canonical.h"

#include <algorithm>
#include <map>
#include <vector>

namespace ekssim::k8s::testing {

namespace {

struct Chain {
  std::string line;  // ":NAME - [0:0]"
  std::vector<std::string> rules;
};

struct Table {
  std::string name;
  std::vector<std::string> order;  // chain names in first-seen order
  std::map<std::string, Chain> chains;

  Chain& chain(const std::string& chain_name) {
    auto [it, added] = chains.try_emplace(chain_name);
    if (added) order.push_back(chain_name);
    return it->second;
  }
};

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    lines.push_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

std::string word_after(std::string_view line, size_t start) {
  const size_t end = line.find(' ', start);
  return std::string(line.substr(start, end == std::string_view::npos ? end : end - start));
}

std::vector<Table> parse(std::string_view text) {
  std::vector<Table> tables;
  for (const std::string_view line : lines_of(text)) {
    if (line.empty() || line == "COMMIT") continue;
    if (line.front() == '*') {
      tables.push_back(Table{std::string(line.substr(1)), {}, {}});
    } else if (line.front() == ':') {
      tables.back().chain(word_after(line, 1)).line = std::string(line);
    } else if (line.starts_with("-A ") || line.starts_with("-X ")) {
      tables.back().chain(word_after(line, 3)).rules.emplace_back(line);
    }
  }
  return tables;
}

// The value of the rule's first --comment, unquoted; empty if none.
std::string comment_of(std::string_view rule) {
  const size_t at = rule.find("--comment ");
  if (at == std::string_view::npos) return "";
  std::string_view rest = rule.substr(at + 10);
  if (!rest.empty() && rest.front() == '"') {
    rest.remove_prefix(1);
    return std::string(rest.substr(0, rest.find('"')));
  }
  return std::string(rest.substr(0, rest.find(' ')));
}

std::string service_of(const std::string& comment) {
  return comment.substr(0, comment.find_first_of(" :"));
}

void sort_by_service(std::vector<std::string>& rules, bool keep_last_rule_last) {
  std::stable_sort(rules.begin(), rules.end(), [&](const std::string& a, const std::string& b) {
    const std::string ca = comment_of(a), cb = comment_of(b);
    if (keep_last_rule_last) {
      if (ca.find("must be the last rule") != std::string::npos) return false;
      if (cb.find("must be the last rule") != std::string::npos) return true;
    }
    if (ca.empty() || cb.empty()) return false;
    return service_of(ca) < service_of(cb);
  });
}

bool chain_less(const std::string& a, const std::string& b) {
  const auto rank = [](const std::string& name) {
    if (name == "KUBE-NODEPORTS") return 0;
    if (name == "KUBE-SERVICES") return 1;
    return name.starts_with("KUBE-") ? 2 : 3;
  };
  if (rank(a) != rank(b)) return rank(a) < rank(b);
  return a < b;
}

}  // namespace

std::string canonical_iptables(std::string_view restore_text) {
  std::vector<Table> tables = parse(restore_text);
  std::sort(tables.begin(), tables.end(),
            [](const Table& a, const Table& b) { return a.name < b.name; });
  std::string out;
  for (Table& table : tables) {
    std::vector<std::string> names = table.order;
    std::sort(names.begin(), names.end(), chain_less);
    if (auto it = table.chains.find("KUBE-NODEPORTS"); it != table.chains.end()) {
      sort_by_service(it->second.rules, false);
    }
    if (auto it = table.chains.find("KUBE-SERVICES"); it != table.chains.end()) {
      sort_by_service(it->second.rules, table.name == "nat");
    }
    out += "*" + table.name + "\n";
    for (const std::string& name : names) {
      if (!table.chains[name].line.empty()) out += table.chains[name].line + "\n";
    }
    for (const std::string& name : names) {
      for (const std::string& rule : table.chains[name].rules)
        out += rule + "\n";
    }
    out += "COMMIT\n";
  }
  return out;
}

std::string chain_rules(std::string_view restore_text, std::string_view table,
                        std::string_view chain) {
  std::string out;
  for (Table& parsed : parse(restore_text)) {
    if (parsed.name != table) continue;
    for (const std::string& rule : parsed.chain(std::string(chain)).rules)
      out += rule + "\n";
  }
  return out;
}

}  // namespace ekssim::k8s::testing
