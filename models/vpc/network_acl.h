#pragma once
// Network ACLs: ordered, stateless allow/deny lists on subnet boundaries.
//
// Semantics (AWS "Control subnet traffic with network access control lists"):
// - Inbound and outbound are separate lists, evaluated in ascending rule number; the first entry
//   that matches decides. Rule numbers run 1-32766; after them an implicit rule "*" denies
//   (Batfish numbers it 32767, `NetworkAcl.getAclName`).
// - Stateless: a reply is judged again, in the other direction, with its own ports, so replies to
//   a client need a rule for the client's ephemeral ports.
// - Only traffic that crosses the subnet boundary is judged; never traffic between two interfaces
//   of one subnet, nor traffic to the Amazon DNS server, IMDS or Time Sync (path.h applies this).
// - The VPC's default ACL allows everything (rule 100 allow plus "*"); a new custom ACL has only
//   the "*" rules and so denies everything.
// - An inbound entry's CIDR is matched against the packet's source, an outbound entry's against
//   its destination; ports are always the packet's destination port.

#include <string>
#include <vector>

#include "models/net/flow.h"
#include "models/net/hop.h"
#include "models/net/ipv4.h"
#include "models/net/traffic_selector.h"

namespace ekssim::vpc {

inline constexpr int kNaclFirstRuleNumber = 1;
inline constexpr int kNaclLastRuleNumber = 32766;
inline constexpr int kNaclDefaultRuleNumber = 32767;  // the implicit deny, printed "*"

enum class NaclAction : uint8_t { kAllow, kDeny };

struct NaclEntry {
  int rule_number = 100;
  net::TrafficSelector traffic;
  net::Cidr cidr = net::Cidr::everything();
  NaclAction action = NaclAction::kAllow;

  // "rule 100: allow tcp 443 from 10.0.0.0/16" (inbound) or "... to ..." (outbound).
  std::string to_string(net::Direction direction) const;
};

// The entry that decided: its number (kNaclDefaultRuleNumber for "*") and its position in
// entries(), or -1 for "*".
struct NaclDecision {
  bool allowed = false;
  int rule_number = kNaclDefaultRuleNumber;
  int position = -1;
};

class NetworkAcl {
 public:
  // A custom ACL as CreateNetworkAcl makes it: only the implicit deny rules.
  explicit NetworkAcl(std::string name);
  // The VPC's default ACL: rule 100 allows all traffic, in both directions.
  static NetworkAcl allow_all(std::string name);

  const std::string& name() const { return name_; }
  // In ascending rule number.
  const std::vector<NaclEntry>& entries(net::Direction direction) const {
    return direction == net::Direction::kInbound ? inbound_ : outbound_;
  }

  // Inserts in rule-number order. Throws std::invalid_argument for a number outside 1-32766 or
  // one already used in that direction (AWS: NetworkAclEntryAlreadyExists).
  void add_entry(net::Direction direction, NaclEntry entry);
  // False if no entry has that number.
  bool remove_entry(net::Direction direction, int rule_number);

  // First match in ascending order, else "*". O(entries), no allocation.
  NaclDecision evaluate(net::Direction direction, const net::Flow& packet) const;

 private:
  std::vector<NaclEntry>& mutable_entries(net::Direction direction) {
    return direction == net::Direction::kInbound ? inbound_ : outbound_;
  }

  std::string name_;
  std::vector<NaclEntry> inbound_;
  std::vector<NaclEntry> outbound_;
};

}  // namespace ekssim::vpc
