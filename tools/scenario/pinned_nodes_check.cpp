#include "tools/scenario/pinned_nodes_check.h"

#include <fmt/format.h>

#include <map>
#include <string>

namespace ekssim::scenario {

namespace {

const spec::Subnet* find_subnet(const spec::Vpc& vpc, const std::string& name) {
  for (const spec::Subnet& s : vpc.subnets) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

// The group's subnets as "a (10.0.1.0/24), b (10.0.2.0/24)" for the "expected" part.
std::string subnet_list(const spec::Vpc& vpc, const spec::NodeGroup& group) {
  std::string out;
  for (const spec::Ref& ref : group.subnets) {
    const spec::Subnet* s = find_subnet(vpc, ref.name);
    if (s == nullptr) continue;
    if (!out.empty()) out += ", ";
    out += fmt::format("{} ({} to {})", s->name, s->cidr.at(4).to_string(),
                       s->cidr.at(s->cidr.size() - 2).to_string());
  }
  return out;
}

void check_address(Reader& reader, const spec::Vpc& vpc, const spec::NodeGroup& group,
                   const spec::PinnedNode& pin) {
  for (const spec::Ref& ref : group.subnets) {
    const spec::Subnet* s = find_subnet(vpc, ref.name);
    if (s == nullptr || !s->cidr.contains(pin.ip)) continue;
    const uint64_t offset = pin.ip.value() - s->cidr.base().value();
    if (offset < 4 || pin.ip == s->cidr.last()) {
      reader.error(pin.ip_location,
                   fmt::format("pinned node '{}' has address {}, reserved by AWS in subnet '{}' "
                               "({})",
                               pin.name, pin.ip.to_string(), s->name, s->cidr.to_string()),
                   fmt::format("an address from {} to {}", s->cidr.at(4).to_string(),
                               s->cidr.at(s->cidr.size() - 2).to_string()));
    }
    return;
  }
  reader.error(pin.ip_location,
               fmt::format("pinned node '{}' has address {}, outside node group '{}''s subnets",
                           pin.name, pin.ip.to_string(), group.name),
               "an address in one of: " + subnet_list(vpc, group));
}

}  // namespace

void check_pinned_nodes(Reader& reader, const spec::Cluster& cluster) {
  std::map<uint32_t, std::string> owner_of_address;  // address -> what holds it
  for (const spec::VpcHost& host : cluster.vpc.hosts)
    owner_of_address.emplace(host.ip.value(), fmt::format("host '{}'", host.name));
  std::map<std::string, std::string> group_of_name;
  for (const spec::NodeGroup& group : cluster.node_groups) {
    for (const spec::PinnedNode& pin : group.nodes) {
      check_address(reader, cluster.vpc, group, pin);
      const auto [held, fresh] =
          owner_of_address.emplace(pin.ip.value(), fmt::format("pinned node '{}'", pin.name));
      if (!fresh) {
        reader.error(pin.ip_location,
                     fmt::format("pinned node '{}' has address {}, which {} already has", pin.name,
                                 pin.ip.to_string(), held->second),
                     "an address no other node or host has");
      }
      const auto [named, first] = group_of_name.emplace(pin.name, group.name);
      if (!first) {
        reader.error(pin.location,
                     fmt::format("node name '{}' is pinned twice (also in node group '{}')",
                                 pin.name, named->second),
                     "a name no other pinned node has");
      }
    }
  }
}

}  // namespace ekssim::scenario
