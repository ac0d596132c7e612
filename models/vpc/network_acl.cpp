#include "models/vpc/network_acl.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "sim/invariant.h"

namespace ekssim::vpc {

std::string NaclEntry::to_string(net::Direction direction) const {
  return fmt::format("rule {}: {} {} {} {}", rule_number,
                     action == NaclAction::kAllow ? "allow" : "deny", traffic.to_string(),
                     direction == net::Direction::kInbound ? "from" : "to", cidr.to_string());
}

NetworkAcl::NetworkAcl(std::string name) : name_(std::move(name)) {}

NetworkAcl NetworkAcl::allow_all(std::string name) {
  NetworkAcl acl(std::move(name));
  const NaclEntry allow{100, net::TrafficSelector::all_traffic(), net::Cidr::everything(),
                        NaclAction::kAllow};
  acl.inbound_.push_back(allow);
  acl.outbound_.push_back(allow);
  return acl;
}

void NetworkAcl::add_entry(net::Direction direction, NaclEntry entry) {
  if (entry.rule_number < kNaclFirstRuleNumber || entry.rule_number > kNaclLastRuleNumber) {
    throw sim::ComponentFailure(
        "vpc/network-acl " + name_,
        fmt::format("network ACL {}: rule number {} is outside 1-32766", name_, entry.rule_number));
  }
  auto& entries = mutable_entries(direction);
  const auto at = std::lower_bound(
      entries.begin(), entries.end(), entry.rule_number,
      [](const NaclEntry& existing, int number) { return existing.rule_number < number; });
  if (at != entries.end() && at->rule_number == entry.rule_number) {
    throw sim::ComponentFailure("vpc/network-acl " + name_,
                                fmt::format("network ACL {} already has an {} rule {}", name_,
                                            net::to_string(direction), entry.rule_number));
  }
  entries.insert(at, entry);
}

bool NetworkAcl::remove_entry(net::Direction direction, int rule_number) {
  auto& entries = mutable_entries(direction);
  const auto it = std::find_if(entries.begin(), entries.end(), [&](const NaclEntry& existing) {
    return existing.rule_number == rule_number;
  });
  if (it == entries.end()) return false;
  entries.erase(it);
  return true;
}

NaclDecision NetworkAcl::evaluate(net::Direction direction, const net::Flow& packet) const {
  const auto& list = entries(direction);
  const net::Ipv4 peer = direction == net::Direction::kInbound ? packet.src : packet.dst;
  for (size_t i = 0; i < list.size(); ++i) {
    const NaclEntry& entry = list[i];
    if (entry.traffic.covers(packet) && entry.cidr.contains(peer)) {
      return {entry.action == NaclAction::kAllow, entry.rule_number, static_cast<int>(i)};
    }
  }
  return {};
}

}  // namespace ekssim::vpc
