// cluster.vpc.networkAcls: numbered, stateless allow/deny entries (AWS "Network ACL rules"):
// rule numbers 1-32766, unique per direction; each entry has a protocol, ports or an ICMP match,
// a CIDR and an action.

#include <fmt/format.h>

#include "tools/scenario/edit_distance.h"
#include "tools/scenario/sections.h"
#include "tools/scenario/traffic_fields.h"

namespace ekssim::scenario {
namespace {

constexpr int kFirstRule = 1;
constexpr int kLastRule = 32766;

void load_entry(Reader& reader, const YAML::Node& node, const std::string& label,
                std::vector<spec::NetworkAclEntry>& entries) {
  MapReader map(reader, node, label, "a network ACL entry");
  if (!map.ok()) return;
  spec::NetworkAclEntry entry;
  entry.location = map.location();
  auto rule_node = map.require("rule", "a rule number from 1 to 32766");
  std::optional<int64_t> rule;
  if (rule_node) rule = reader.integer(*rule_node, "rule", kFirstRule, kLastRule);
  if (rule) entry.rule = static_cast<int>(*rule);
  if (auto traffic = read_traffic(map)) entry.traffic = *traffic;
  if (auto cidr = map.cidr("cidr", Need::kRequired)) entry.cidr = *cidr;
  if (auto action = map.one_of("action", Need::kRequired, {"allow", "deny"})) {
    entry.action = *action == "allow" ? spec::RuleAction::kAllow : spec::RuleAction::kDeny;
  }
  map.finish();
  if (!rule) return;  // an entry without a valid number is already reported
  for (const spec::NetworkAclEntry& other : entries) {
    if (other.rule == entry.rule) {
      reader.error(*rule_node,
                   fmt::format("rule number {} is used twice (first at line {})", entry.rule,
                               other.location.line),
                   "a rule number not used by another entry in the same direction");
      return;
    }
  }
  entries.push_back(std::move(entry));
}

void load_acl(Reader& reader, const YAML::Node& node, const std::string& label,
              std::vector<spec::NetworkAcl>& acls) {
  MapReader map(reader, node, label, "a network ACL");
  if (!map.ok()) return;
  spec::NetworkAcl acl;
  acl.location = map.location();
  if (auto name = map.text("name", Need::kRequired, "the network ACL's name")) {
    acl.name = *name;
    map.set_what("network ACL '" + acl.name + "'");
  }
  for (const auto& section : {std::pair{"inbound", &acl.inbound}, {"outbound", &acl.outbound}}) {
    // Not a structured binding: clang 14 (the sanitized tree) cannot capture one in a lambda.
    const char* key = section.first;
    std::vector<spec::NetworkAclEntry>* entries = section.second;
    if (auto list = map.get(key)) {
      for_each_item(reader, *list, key, "a list of network ACL entries",
                    [&](const YAML::Node& item, const std::string& item_label) {
                      load_entry(reader, item, item_label, *entries);
                    });
    }
  }
  map.finish();
  acls.push_back(std::move(acl));
}

}  // namespace

std::vector<spec::NetworkAcl> load_network_acls(Reader& reader, const YAML::Node& node) {
  std::vector<spec::NetworkAcl> acls;
  for_each_item(reader, node, "networkAcls", "a list of network ACLs",
                [&](const YAML::Node& item, const std::string& label) {
                  load_acl(reader, item, label, acls);
                });
  return acls;
}

}  // namespace ekssim::scenario
