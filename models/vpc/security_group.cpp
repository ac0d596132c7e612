#include "models/vpc/security_group.h"

#include <algorithm>
#include <utility>

namespace ekssim::vpc {

SecurityGroup::SecurityGroup(std::string name) : name_(std::move(name)) {}

SecurityGroup SecurityGroup::with_aws_defaults(std::string name) {
  SecurityGroup group(std::move(name));
  group.outbound_.push_back(
      SgRule{net::TrafficSelector::all_traffic(), SgPeer::cidr_block(net::Cidr::everything()), ""});
  return group;
}

bool SecurityGroup::add_rule(net::Direction direction, SgRule rule) {
  auto& rules = mutable_rules(direction);
  const bool duplicate = std::any_of(rules.begin(), rules.end(), [&](const SgRule& existing) {
    return existing.same_permission(rule);
  });
  if (duplicate) return false;
  rules.push_back(std::move(rule));
  return true;
}

bool SecurityGroup::remove_rule(net::Direction direction, const SgRule& rule) {
  auto& rules = mutable_rules(direction);
  const auto it = std::find_if(rules.begin(), rules.end(), [&](const SgRule& existing) {
    return existing.same_permission(rule);
  });
  if (it == rules.end()) return false;
  rules.erase(it);
  return true;
}

}  // namespace ekssim::vpc
