// cluster.securityGroups: groups of allow rules (AWS "Security group rules"). A rule's peer is
// exactly one of a CIDR, a security group or a prefix list; a group without an `egress` list gets
// the default outbound rule of a new group, all traffic to 0.0.0.0/0.

#include <fmt/format.h>

#include "tools/scenario/edit_distance.h"
#include "tools/scenario/sections.h"
#include "tools/scenario/traffic_fields.h"

namespace ekssim::scenario {
namespace {

const std::vector<std::string> kPeerKinds = {"cidr", "securityGroup", "prefixList"};

std::optional<spec::RulePeer> load_peer(Reader& reader, const YAML::Node& node,
                                        std::string_view key) {
  MapReader map(reader, node, std::string(key), "a rule's peer");
  if (!map.ok()) return std::nullopt;
  spec::RulePeer peer;
  peer.location = map.location();
  for (const std::string& k : kPeerKinds)
    map.get(k);
  const std::vector<std::string> given = map.present(kPeerKinds);
  std::optional<spec::RulePeer> result;
  if (given.size() != 1) {
    reader.error(node,
                 given.empty()
                     ? fmt::format("{} names no peer", key)
                     : fmt::format("{} names {} peers: {}", key, given.size(), join_names(given)),
                 "exactly one of: cidr, securityGroup, prefixList");
  } else if (given.front() == "cidr") {
    if (auto cidr = map.cidr("cidr", Need::kOptional)) {
      peer.kind = spec::RulePeer::Kind::kCidr;
      peer.cidr = *cidr;
      result = peer;
    }
  } else {
    const bool group = given.front() == "securityGroup";
    if (auto name = map.ref(given.front(), Need::kOptional,
                            group ? "a security group name" : "a prefix list name")) {
      peer.kind = group ? spec::RulePeer::Kind::kSecurityGroup : spec::RulePeer::Kind::kPrefixList;
      peer.name = *name;
      result = peer;
    }
  }
  map.finish();
  return result;
}

void load_group(Reader& reader, const YAML::Node& node, const std::string& label,
                std::vector<spec::SecurityGroup>& groups) {
  MapReader map(reader, node, label, "a security group");
  if (!map.ok()) return;
  spec::SecurityGroup group;
  group.location = map.location();
  if (auto name = map.text("name", Need::kRequired, "the security group's name")) {
    group.name = *name;
    map.set_what("security group '" + group.name + "'");
  }
  if (auto description = map.text("description", Need::kOptional)) {
    group.description = *description;
  }
  for (const auto& section : {std::pair{"ingress", &group.ingress}, {"egress", &group.egress}}) {
    // Not a structured binding: clang 14 (the sanitized tree) cannot capture one in a lambda.
    const char* key = section.first;
    std::vector<spec::SecurityGroupRule>* rules = section.second;
    const bool ingress = std::string_view(key) == "ingress";
    if (auto list = map.get(key)) {
      for_each_item(reader, *list, key, "a list of rules",
                    [&](const YAML::Node& item, const std::string& item_label) {
                      if (auto rule = load_security_group_rule(reader, item, item_label, ingress)) {
                        rules->push_back(std::move(*rule));
                      }
                    });
    } else if (!ingress) {
      spec::SecurityGroupRule all_out;
      all_out.peer.cidr = net::Cidr::everything();
      all_out.description = "default: all traffic to 0.0.0.0/0";
      group.egress.push_back(all_out);
      group.egress_defaulted = true;
    }
  }
  map.finish();
  groups.push_back(std::move(group));
}

}  // namespace

std::optional<spec::SecurityGroupRule> load_security_group_rule(Reader& reader,
                                                                const YAML::Node& node,
                                                                std::string label, bool ingress) {
  MapReader map(reader, node, std::move(label), ingress ? "an ingress rule" : "an egress rule");
  if (!map.ok()) return std::nullopt;
  spec::SecurityGroupRule rule;
  rule.location = map.location();
  const char* peer_key = ingress ? "from" : "to";
  auto traffic = read_traffic(map);
  std::optional<spec::RulePeer> peer;
  if (auto peer_node = map.require(peer_key, "{cidr: …}, {securityGroup: …} or {prefixList: …}")) {
    peer = load_peer(reader, *peer_node, peer_key);
  }
  if (auto description = map.text("description", Need::kOptional)) {
    rule.description = *description;
  }
  map.finish();
  if (!traffic || !peer) return std::nullopt;
  rule.traffic = *traffic;
  rule.peer = *peer;
  return rule;
}

std::vector<spec::SecurityGroup> load_security_groups(Reader& reader, const YAML::Node& node) {
  std::vector<spec::SecurityGroup> groups;
  for_each_item(reader, node, "securityGroups", "a list of security groups",
                [&](const YAML::Node& item, const std::string& label) {
                  load_group(reader, item, label, groups);
                });
  return groups;
}

}  // namespace ekssim::scenario
