#include "models/vpc/quota.h"

#include <fmt/format.h>

namespace ekssim::vpc {

std::vector<std::string> check_security_group(const Vpc& vpc, const SecurityGroup& group,
                                              const Quotas& quotas) {
  std::vector<std::string> problems;
  for (const net::Direction direction : {net::Direction::kInbound, net::Direction::kOutbound}) {
    int count = 0;
    bool weighted = false;
    for (const SgRule& rule : group.rules(direction)) {
      if (rule.peer.kind == SgPeer::Kind::kPrefixList) {
        count += vpc.prefix_list(rule.peer.prefix_list).weight();
        weighted = true;
      } else {
        ++count;
      }
    }
    if (count <= quotas.rules_per_security_group) continue;
    problems.push_back(fmt::format(
        "security group {} has {} {} rules{}; AWS allows {} (quota 'Inbound or outbound rules "
        "per security group')",
        group.name(), count, net::to_string(direction),
        weighted ? " (a prefix list counts as its maximum number of entries)" : "",
        quotas.rules_per_security_group));
  }
  return problems;
}

std::vector<std::string> check_network_interface(const Eni& eni, const Quotas& quotas) {
  const int count = static_cast<int>(eni.security_groups.size());
  if (count <= quotas.security_groups_per_interface) return {};
  return {
      fmt::format("network interface {} has {} security groups; AWS allows {} (quota "
                  "'Security groups per network interface')",
                  eni.name, count, quotas.security_groups_per_interface)};
}

std::vector<std::string> check_network_acl(const NetworkAcl& acl, const Quotas& quotas) {
  std::vector<std::string> problems;
  for (const net::Direction direction : {net::Direction::kInbound, net::Direction::kOutbound}) {
    const int count = static_cast<int>(acl.entries(direction).size()) + 1;  // with "*"
    if (count <= quotas.rules_per_network_acl) continue;
    problems.push_back(fmt::format(
        "network ACL {} has {} {} rules, the default deny rule included; AWS allows {} (quota "
        "'Rules per network ACL')",
        acl.name(), count, net::to_string(direction), quotas.rules_per_network_acl));
  }
  return problems;
}

std::vector<std::string> check_quotas(const Vpc& vpc, const Quotas& quotas) {
  std::vector<std::string> problems;
  const auto append = [&](std::vector<std::string> more) {
    for (std::string& problem : more)
      problems.push_back(std::move(problem));
  };
  for (uint32_t i = 0; i < vpc.security_group_count(); ++i) {
    append(check_security_group(vpc, vpc.security_group(SecurityGroupId(i)), quotas));
  }
  for (uint32_t i = 0; i < vpc.network_acl_count(); ++i) {
    append(check_network_acl(vpc.network_acl(NetworkAclId(i)), quotas));
  }
  for (uint32_t i = 0; i < vpc.eni_count(); ++i) {
    if (vpc.eni_exists(EniId(i))) append(check_network_interface(vpc.eni(EniId(i)), quotas));
  }
  return problems;
}

}  // namespace ekssim::vpc
