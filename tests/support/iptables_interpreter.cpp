#include "tests/support/iptables_interpreter.h"

#include <sstream>
#include <stdexcept>

namespace ekssim::testing {

namespace {

// iptables-restore's words: blanks split them, double quotes group them.
std::vector<std::string> words(std::string_view line) {
  std::vector<std::string> out;
  std::string word;
  bool quoted = false, any = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
      any = true;
    } else if (c == ' ' && !quoted) {
      if (any) out.push_back(word);
      word.clear();
      any = false;
    } else {
      word += c;
      any = true;
    }
  }
  if (any) out.push_back(word);
  return out;
}

bool address_in(std::string_view block, net::Ipv4 address) {
  if (block.find('/') == std::string_view::npos) return *net::Ipv4::parse(block) == address;
  return net::Cidr::parse(block)->contains(address);
}

// iptables' interface match: "eni+" is a prefix.
bool interface_matches(std::string_view pattern, std::string_view name) {
  if (!pattern.empty() && pattern.back() == '+') {
    pattern.remove_suffix(1);
    return name.substr(0, pattern.size()) == pattern;
  }
  return pattern == name;
}

struct Match {
  bool ok = true;
  double probability = 1.0;
  std::string target;
  std::string target_argument;  // --to-destination or --to-source
};

Match match(const std::vector<std::string>& rule, const IptablesPacket& p) {
  Match m;
  for (size_t i = 0; i < rule.size(); ++i) {
    const bool negated = rule[i] == "!";
    if (negated) ++i;
    const std::string& option = rule.at(i);
    const auto value = [&]() -> const std::string& { return rule.at(++i); };
    bool result = true;
    if (option == "-m" || option == "--comment" || option == "--mode" || option == "--name" ||
        option == "--seconds" || option == "--nfacct-name" || option == "--reject-with" ||
        option == "--set-xmark") {
      value();
    } else if (option == "--set" || option == "--reap" || option == "--random-fully" ||
               option == "--random") {
    } else if (option == "-p") {
      result = value() == p.protocol.to_string();
    } else if (option == "-d") {
      result = address_in(value(), p.destination);
    } else if (option == "-s") {
      result = address_in(value(), p.source);
    } else if (option == "-i") {
      result = interface_matches(value(), p.in_interface);
    } else if (option == "-o") {
      result = interface_matches(value(), p.out_interface);
    } else if (option == "--dport") {
      result = std::stoi(value()) == p.port;
    } else if (option == "--probability") {
      m.probability = std::stod(value());
    } else if (option == "--rcheck") {
      result = false;  // a first connection: no affinity recorded yet
    } else if (option == "--dst-type") {
      result = value() == "LOCAL" && p.destination_is_local;
    } else if (option == "--src-type") {
      result = value() == "LOCAL" && p.source_is_local;
    } else if (option == "--ctstate") {
      result = value().find("NEW") != std::string::npos;
    } else if (option == "-j") {
      m.target = value();
    } else if (option == "--to-destination" || option == "--to-source") {
      m.target_argument = value();
    } else {
      throw std::runtime_error("the iptables interpreter does not know " + option);
    }
    m.ok = m.ok && (negated ? !result : result);
  }
  return m;
}

}  // namespace

IptablesInterpreter::IptablesInterpreter(std::string_view restore_text) {
  std::string table;
  std::istringstream in{std::string(restore_text)};
  for (std::string line; std::getline(in, line);) {
    if (line.rfind('*', 0) == 0) table = line.substr(1);
    if (line.rfind("-A ", 0) != 0) continue;
    const auto w = words(line);
    chains_[table][w.at(1)].push_back(Rule(w.begin() + 2, w.end()));
  }
}

IptablesOutcomes IptablesInterpreter::run(const std::string& table, const std::string& chain,
                                          const IptablesPacket& packet) const {
  IptablesOutcomes out;
  walk(table, chain, packet, 1.0, out);
  return out;
}

void IptablesInterpreter::walk(const std::string& table, const std::string& chain,
                               const IptablesPacket& p, double share,
                               IptablesOutcomes& out) const {
  double remaining = share;
  const auto t = chains_.find(table);
  const auto c = t == chains_.end() ? nullptr : &t->second;
  if (c != nullptr && c->count(chain) != 0) {
    for (const Rule& rule : c->at(chain)) {
      if (remaining <= 0) break;
      const Match m = match(rule, p);
      if (!m.ok) continue;
      const double taken = remaining * m.probability;
      remaining -= taken;
      if (m.target == "DNAT" || m.target == "SNAT") {
        out[m.target + " " + m.target_argument] += taken;
      } else if (m.target == "REJECT" || m.target == "DROP" || m.target == "ACCEPT") {
        out[m.target] += taken;
      } else if (m.target.empty() || m.target == "KUBE-MARK-MASQ" || m.target == "CONNMARK" ||
                 m.target == "MARK") {
        remaining += taken;  // a mark: on to the next rule
      } else if (m.target == "RETURN") {
        out[""] += taken;  // back to the caller
      } else {
        IptablesOutcomes inner;
        walk(table, m.target, p, taken, inner);
        for (const auto& [outcome, s] : inner) {
          if (outcome.empty()) {
            remaining += s;  // fell off (or returned from) the called chain: continue here
          } else {
            out[outcome] += s;
          }
        }
      }
    }
  }
  if (remaining > 0) out[""] += remaining;
}

}  // namespace ekssim::testing
