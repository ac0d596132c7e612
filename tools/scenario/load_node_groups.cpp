// cluster.nodeGroups: eksctl's node group keys. desiredCapacity lies within [minSize, maxSize]
// (the Auto Scaling group's rule); instance types are checked against the EC2 limits table.

#include <fmt/format.h>

#include "tools/scenario/edit_distance.h"
#include "tools/scenario/instance_type_check.h"
#include "tools/scenario/kubernetes_names.h"
#include "tools/scenario/resource_limits.h"
#include "tools/scenario/sections.h"

namespace ekssim::scenario {
namespace {

const std::vector<std::string> kEffects = {"NoSchedule", "PreferNoSchedule", "NoExecute"};

std::optional<spec::TaintEffect> effect_of(const std::string& text) {
  if (text == "NoSchedule") return spec::TaintEffect::kNoSchedule;
  if (text == "PreferNoSchedule") return spec::TaintEffect::kPreferNoSchedule;
  if (text == "NoExecute") return spec::TaintEffect::kNoExecute;
  return std::nullopt;
}

void load_taint(Reader& reader, const YAML::Node& node, const std::string& label,
                spec::NodeGroup& group) {
  MapReader map(reader, node, label, "a taint");
  if (!map.ok()) return;
  spec::Taint taint;
  taint.location = map.location();
  if (auto key = map.text("key", Need::kRequired, "the taint's key")) taint.key = *key;
  if (auto value = map.get("value")) {
    if (auto v = reader.k8s_string(*value, "value")) taint.value = *v;
  }
  if (auto effect = map.one_of("effect", Need::kRequired, kEffects)) {
    taint.effect = *effect_of(*effect);
  }
  map.finish();
  group.taints.push_back(std::move(taint));
}

// Extension: `nodes: [{name, ip}]`. Whether each address lies in one of the group's subnets is
// checked with the other sections (pinned_nodes_check.h).
void load_pinned_node(Reader& reader, const YAML::Node& node, const std::string& label,
                      spec::NodeGroup& group) {
  MapReader map(reader, node, label, "a pinned node");
  if (!map.ok()) return;
  spec::PinnedNode pin;
  pin.location = map.location();
  if (auto name = map.text("name", Need::kRequired, "the node's name")) {
    if (!is_dns1123_subdomain(*name)) {
      reader.error(*map.get("name"), fmt::format("node name '{}' is not valid", *name),
                   std::string(kDns1123SubdomainExpected));
    }
    pin.name = *name;
  }
  if (auto ip_node = map.get("ip")) pin.ip_location = location_of(*ip_node);
  if (auto ip = map.ipv4("ip", Need::kRequired)) pin.ip = *ip;
  map.finish();
  group.nodes.push_back(std::move(pin));
}

void load_allocatable(Reader& reader, const YAML::Node& node, spec::NodeGroup& group) {
  MapReader map(reader, node, "allocatable", "a node's allocatable resources");
  if (!map.ok()) return;
  if (auto cpu = map.get("cpu")) group.allocatable_cpu_millis = reader.cpu(*cpu, "cpu");
  if (auto memory = map.get("memory")) {
    group.allocatable_memory_bytes = reader.memory(*memory, "memory");
  }
  map.finish();
}

void check_sizes(Reader& reader, const spec::NodeGroup& g, const YAML::Node& desired_node) {
  const std::string range =
      fmt::format("desiredCapacity from minSize to maxSize ({} to {})", g.min_size,
                  g.max_size ? std::to_string(*g.max_size) : std::string("unbounded"));
  if (g.desired_capacity < g.min_size) {
    reader.error(
        desired_node,
        fmt::format("desiredCapacity {} is less than minSize {}", g.desired_capacity, g.min_size),
        range);
  } else if (g.max_size && g.desired_capacity > *g.max_size) {
    reader.error(
        desired_node,
        fmt::format("desiredCapacity {} is more than maxSize {}", g.desired_capacity, *g.max_size),
        range);
  }
}

void load_group(Reader& reader, const YAML::Node& node, const std::string& label,
                std::vector<spec::NodeGroup>& groups) {
  MapReader map(reader, node, label, "a node group");
  if (!map.ok()) return;
  spec::NodeGroup g;
  g.location = map.location();
  if (auto name = map.text("name", Need::kRequired, "the node group's name")) {
    g.name = *name;
    map.set_what("node group '" + g.name + "'");
  }
  if (auto managed = map.boolean("managed", Need::kOptional)) g.managed = *managed;
  if (auto type = map.require("instanceType", "an EC2 instance type such as m5.large")) {
    g.instance_type_location = location_of(*type);
    if (auto t = reader.text(*type, "instanceType", "an EC2 instance type such as m5.large")) {
      g.instance_type = *t;
      check_instance_type(reader, *type, *t);
    }
  }
  auto desired_node = map.require("desiredCapacity", "the number of nodes at the start");
  std::optional<int64_t> desired;
  if (desired_node)
    desired = reader.integer(*desired_node, "desiredCapacity", 0, kMaxNodesPerGroup);
  auto min = map.integer("minSize", Need::kOptional, 0, kMaxNodesPerGroup);
  auto max = map.integer("maxSize", Need::kOptional, 0, kMaxNodesPerGroup);
  if (desired) g.desired_capacity = static_cast<int>(*desired);
  if (min) g.min_size = static_cast<int>(*min);
  if (max) g.max_size = static_cast<int>(*max);
  if (min && max && *min > *max) {
    reader.error(*map.get("minSize"), fmt::format("minSize {} is more than maxSize {}", *min, *max),
                 "minSize no larger than maxSize");
  } else if (desired && map.has("minSize") == min.has_value() &&
             map.has("maxSize") == max.has_value()) {
    check_sizes(reader, g, *desired_node);
  }
  g.subnets = map.refs("subnets", Need::kRequired, "subnet name");
  g.security_groups = map.refs("securityGroups", Need::kOptional, "security group name");
  if (auto role = map.ref("iamRole", Need::kRequired, "an IAM role name")) g.iam_role = *role;
  if (auto labels = map.get("labels")) g.labels = reader.string_map(*labels, "labels");
  if (auto taints = map.get("taints")) {
    for_each_item(reader, *taints, "taints", "a list of taints",
                  [&](const YAML::Node& item, const std::string& item_label) {
                    load_taint(reader, item, item_label, g);
                  });
  }
  if (auto max_pods = map.integer("maxPods", Need::kOptional, 1, 1000)) {
    g.max_pods = static_cast<int>(*max_pods);
  }
  if (auto race = map.probability("conntrackDnsRace", Need::kOptional)) {
    g.conntrack_dns_race = *race;
  }
  if (auto vcpus = map.integer("vcpus", Need::kOptional, 1, 1024)) {
    g.vcpus = static_cast<int>(*vcpus);
  }
  if (auto allocatable = map.get("allocatable")) load_allocatable(reader, *allocatable, g);
  if (auto nodes = map.get("nodes")) {
    for_each_item(reader, *nodes, "nodes", "a list of {name, ip}",
                  [&](const YAML::Node& item, const std::string& item_label) {
                    load_pinned_node(reader, item, item_label, g);
                  });
  }
  map.finish();
  if (!g.managed && g.security_groups.empty() && !map.has("securityGroups")) {
    reader.error(g.location, fmt::format("unmanaged node group '{}' has no securityGroups", g.name),
                 "securityGroups: the groups its instances carry (only managed node groups get "
                 "the EKS cluster security group)");
  }
  groups.push_back(std::move(g));
}

}  // namespace

std::vector<spec::NodeGroup> load_node_groups(Reader& reader, const YAML::Node& node) {
  std::vector<spec::NodeGroup> groups;
  for_each_item(reader, node, "nodeGroups", "a list of node groups",
                [&](const YAML::Node& item, const std::string& label) {
                  load_group(reader, item, label, groups);
                });
  return groups;
}

}  // namespace ekssim::scenario
