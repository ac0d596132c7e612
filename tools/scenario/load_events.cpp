// events: the timeline. Each entry is `at` plus exactly one action key; every action's arguments
// are read here, references to other sections are checked in cross_references.cpp.

#include <fmt/format.h>

#include "models/aws/ec2_action.h"
#include "models/aws/iam.h"
#include "models/spec/kind_names.h"
#include "tools/scenario/edit_distance.h"
#include "tools/scenario/env_vars.h"
#include "tools/scenario/resource_limits.h"
#include "tools/scenario/sections.h"
#include "tools/scenario/workload_fields.h"

namespace ekssim::scenario {
namespace {

std::optional<spec::EventAction> security_group_rule_change(MapReader& map, bool add) {
  Reader& reader = map.reader();
  auto group = map.ref("securityGroup", Need::kRequired, "a security group name");
  auto ingress = map.get("ingress");
  auto egress = map.get("egress");
  if (ingress.has_value() == egress.has_value()) {
    reader.error(map.location(),
                 ingress ? "rule change has both ingress and egress"
                         : "rule change has neither ingress nor egress",
                 "exactly one of: ingress: RULE, egress: RULE");
    return std::nullopt;
  }
  auto rule = load_security_group_rule(reader, ingress ? *ingress : *egress,
                                       ingress ? "ingress" : "egress", ingress.has_value());
  if (!group || !rule) return std::nullopt;
  if (add) return spec::AddSecurityGroupRule{*group, ingress.has_value(), *rule};
  return spec::RemoveSecurityGroupRule{*group, ingress.has_value(), *rule};
}

std::optional<spec::EventAction> terminate_instance(MapReader& map) {
  auto group = map.ref("nodeGroup", Need::kOptional, "a node group name");
  auto index = map.integer("index", Need::kOptional, 0, 100'000);
  auto node = map.text("node", Need::kOptional, "a node name");
  const bool by_group = map.has("nodeGroup");
  const bool by_name = map.has("node");
  if (by_group == by_name || (by_name && map.has("index"))) {
    map.reader().error(map.location(),
                       by_group && by_name ? "terminateInstance names both a node and a node group"
                       : by_name           ? "terminateInstance has an index but no nodeGroup"
                                           : "terminateInstance names no instance",
                       "nodeGroup (with an optional index, default 0) or node");
    return std::nullopt;
  }
  if ((by_group && !group) || (by_name && !node) || (map.has("index") && !index)) {
    return std::nullopt;
  }
  spec::TerminateInstance t;
  t.node_group = group;
  t.index = static_cast<int>(index.value_or(0));
  t.node = node.value_or("");
  return t;
}

std::optional<spec::EventAction> delete_pod(MapReader& map) {
  spec::DeletePod d;
  d.ns = read_namespace(map);
  auto name = map.text("name", Need::kOptional, "a pod name");
  if (auto selector = map.get("selector")) {
    d.selector = map.reader().string_map(*selector, "selector");
  }
  if (map.has("name") == map.has("selector")) {
    map.reader().error(map.location(),
                       name ? "deletePod has both a name and a selector"
                            : "deletePod has neither a name nor a selector",
                       "exactly one of: name, selector");
    return std::nullopt;
  }
  d.name = name.value_or("");
  return d;
}

std::optional<spec::Ref> policy(MapReader& map) {
  auto p = map.ref("policy", Need::kRequired, "a managed policy name");
  if (!p) return std::nullopt;
  const auto& known = aws::known_managed_policies();
  if (std::find(known.begin(), known.end(), p->name) == known.end()) {
    map.reader().error(
        p->location,
        fmt::format("unknown managed policy '{}'{}", p->name, did_you_mean(p->name, known)),
        "one of: " + join_names(known));
    return std::nullopt;
  }
  return p;
}

std::optional<spec::EventAction> ec2_throttle(MapReader& map) {
  std::vector<std::string> actions;
  for (size_t i = 0; i < aws::kEc2ActionCount; ++i) {
    actions.emplace_back(aws::action_name(static_cast<aws::Ec2Action>(i)));
  }
  auto rate = map.integer("rate", Need::kRequired, 0, 1'000'000);
  auto duration = map.duration("duration", Need::kRequired);
  auto action = map.one_of("action", Need::kOptional, actions);
  if (!rate || !duration || (map.has("action") && !action)) return std::nullopt;
  return spec::Ec2Throttle{*rate, *duration, action.value_or("")};
}

std::optional<spec::EventAction> restart_daemon(MapReader& map) {
  auto daemon = map.one_of("daemon", Need::kRequired, {"ipamd", "coredns", "kube-proxy"});
  auto node = map.text("node", Need::kOptional, "a node name");
  if (!daemon) return std::nullopt;
  spec::RestartDaemon r;
  r.daemon = *daemon == "ipamd"     ? spec::RestartDaemon::Daemon::kIpamd
             : *daemon == "coredns" ? spec::RestartDaemon::Daemon::kCoredns
                                    : spec::RestartDaemon::Daemon::kKubeProxy;
  r.node = node.value_or("");
  return r;
}

std::optional<spec::EventAction> load_action(Reader& reader, const std::string& kind,
                                             const YAML::Node& node) {
  if (kind == "setEnv") {
    spec::SetEnv s;
    load_vpc_cni_env(reader, node, "setEnv", s.env, s.env_locations);
    if (node.IsMap() && node.size() == 0) {
      reader.error(node, "setEnv sets no variable", "a map such as {WARM_IP_TARGET: \"5\"}");
    }
    if (s.env.empty()) return std::nullopt;
    return s;
  }
  MapReader map(reader, node, kind, "the arguments of " + kind);
  if (!map.ok()) return std::nullopt;
  std::optional<spec::EventAction> action;
  if (kind == "scaleNodeGroup") {
    auto group = map.ref("name", Need::kRequired, "a node group name");
    auto desired = map.integer("desiredCapacity", Need::kRequired, 0, kMaxNodesPerGroup);
    if (group && desired) action = spec::ScaleNodeGroup{*group, static_cast<int>(*desired)};
  } else if (kind == "scaleDeployment") {
    std::string ns = read_namespace(map);
    auto name = map.ref("name", Need::kRequired, "a Deployment name");
    auto replicas = map.integer("replicas", Need::kRequired, 0, kMaxReplicas);
    if (name && replicas) action = spec::ScaleDeployment{ns, *name, static_cast<int>(*replicas)};
  } else if (kind == "addSecurityGroupRule" || kind == "removeSecurityGroupRule") {
    action = security_group_rule_change(map, kind == "addSecurityGroupRule");
  } else if (kind == "terminateInstance") {
    action = terminate_instance(map);
  } else if (kind == "deletePod") {
    action = delete_pod(map);
  } else if (kind == "attachPolicy" || kind == "detachPolicy") {
    auto role = map.ref("role", Need::kRequired, "an IAM role name");
    auto p = policy(map);
    if (role && p) {
      action = kind == "attachPolicy" ? spec::EventAction(spec::AttachPolicy{*role, *p})
                                      : spec::EventAction(spec::DetachPolicy{*role, *p});
    }
  } else if (kind == "ec2Throttle") {
    action = ec2_throttle(map);
  } else if (kind == "failAvailabilityZone") {
    if (auto az = map.ref("az", Need::kRequired, "an availability zone")) {
      action = spec::FailAvailabilityZone{*az};
    }
  } else if (kind == "applyNetworkPolicy") {
    map.set_what("the NetworkPolicy of applyNetworkPolicy");
    action = spec::ApplyNetworkPolicy{load_network_policy(map)};
  } else if (kind == "deleteNetworkPolicy") {
    std::string ns = read_namespace(map);
    if (auto name = map.ref("name", Need::kRequired, "a NetworkPolicy name"))
      action = spec::DeleteNetworkPolicy{ns, *name};
  } else if (kind == "applySecurityGroupPolicy") {
    map.set_what("the SecurityGroupPolicy of applySecurityGroupPolicy");
    action = spec::ApplySecurityGroupPolicy{load_security_group_policy(map)};
  } else if (kind == "deleteSecurityGroupPolicy") {
    std::string ns = read_namespace(map);
    if (auto name = map.ref("name", Need::kRequired, "a SecurityGroupPolicy name"))
      action = spec::DeleteSecurityGroupPolicy{ns, *name};
  } else {
    action = restart_daemon(map);
  }
  map.finish();
  return action;
}

}  // namespace

std::vector<spec::Event> load_events(Reader& reader, const YAML::Node& node,
                                     std::optional<sim::Duration> run_duration) {
  std::vector<spec::Event> events;
  for_each_item(reader, node, "events", "a list of events",
                [&](const YAML::Node& item, const std::string& label) {
                  MapReader map(reader, item, label, "an event");
                  if (!map.ok()) return;
                  spec::Event event;
                  event.location = map.location();
                  auto at = map.duration("at", Need::kRequired);
                  if (at && run_duration && *at > *run_duration) {
                    reader.error(
                        *map.get("at"),
                        fmt::format("at {} is after the end of the run ({})",
                                    sim::format_duration(*at), sim::format_duration(*run_duration)),
                        "a time within duration");
                    at.reset();
                  }
                  for (const std::string& k : spec::event_kind_names())
                    map.get(k);
                  const std::vector<std::string> given = map.present(spec::event_kind_names());
                  const size_t unknown = map.finish();
                  if (given.empty() && unknown > 0) return;  // the unknown key was the action
                  if (given.size() != 1) {
                    reader.error(event.location,
                                 given.empty() ? std::string("event has no action")
                                               : fmt::format("event has {} actions: {}",
                                                             given.size(), join_names(given)),
                                 "exactly one of: " + join_names(spec::event_kind_names()));
                    return;
                  }
                  auto action = load_action(reader, given.front(), *map.get(given.front()));
                  if (!at || !action) return;
                  event.at = *at;
                  event.action = std::move(*action);
                  events.push_back(std::move(event));
                });
  return events;
}

}  // namespace ekssim::scenario
