#pragma once
// Rules in describe output to ekssim rules: a security group's IpPermissions (EC2 API
// IpPermission: IpProtocol "-1" or a name, FromPort/ToPort, or the ICMP type and code, and one
// peer list each of IpRanges, UserIdGroupPairs, PrefixListIds) and a network ACL's Entries
// (NetworkAclEntry: RuleNumber, Protocol as a number, PortRange, CidrBlock, RuleAction, Egress).

#include <optional>
#include <set>
#include <string>

#include "tools/import/doc.h"
#include "tools/import/import_log.h"

namespace ekssim::import {

// Appends one rule per peer of `permission` to `out` (`from` for ingress, `to` for egress).
// Peers ekssim cannot name (groups outside `groups`, prefix lists) are noted and left out.
void permission_rules(const YAML::Node& permission, bool ingress, const std::string& path,
                      const std::set<std::string>& groups, ImportLog& log, Doc& out);

// One ACL entry; none for rule 32767 (the `*` deny, ekssim's implicit deny) and IPv6 entries.
std::optional<Doc> nacl_entry(const YAML::Node& entry, const std::string& path);

}  // namespace ekssim::import
