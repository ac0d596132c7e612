#pragma once
// A small interpreter of the iptables-restore subset kube-proxy and aws-node write, for
// differential tests against the decisions the data plane takes without rules. A packet walks a
// chain; `-m statistic --probability` splits it into weighted branches, so a result is a share
// per outcome. An option the interpreter does not know throws, so a new kind of rule cannot pass
// unread.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "models/net/ipv4.h"
#include "models/net/protocol.h"

namespace ekssim::testing {

struct IptablesPacket {
  net::Ipv4 source;
  net::Ipv4 destination;
  uint16_t port = 0;
  net::Protocol protocol = net::Protocol::tcp();
  std::string in_interface;         // "" matches no -i
  std::string out_interface = "eth0";
  bool destination_is_local = false;  // -m addrtype --dst-type LOCAL
  bool source_is_local = false;       // --src-type LOCAL
};

// Outcome → share: "DNAT 10.1.0.1:80", "SNAT 10.0.0.31", "REJECT", "DROP", "ACCEPT", or "" for
// the share no rule took (it fell off the chain).
using IptablesOutcomes = std::map<std::string, double>;

class IptablesInterpreter {
 public:
  explicit IptablesInterpreter(std::string_view restore_text);
  // Walks `chain` of `table` (following jumps; marks and CONNMARK go on to the next rule).
  IptablesOutcomes run(const std::string& table, const std::string& chain,
                       const IptablesPacket& packet) const;

 private:
  using Rule = std::vector<std::string>;
  void walk(const std::string& table, const std::string& chain, const IptablesPacket& p,
            double share, IptablesOutcomes& out) const;
  std::map<std::string, std::map<std::string, std::vector<Rule>>> chains_;
};

}  // namespace ekssim::testing
