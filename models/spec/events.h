#pragma once
// The timeline (scenario `events`): changes and faults applied at a virtual time.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>

#include "models/spec/location.h"
#include "models/spec/security_group.h"
#include "models/spec/workloads.h"
#include "sim/time.h"

namespace ekssim::spec {

struct ScaleNodeGroup {
  Ref node_group;  // `name`
  int desired_capacity = 0;
};

struct ScaleDeployment {
  std::string ns;
  Ref name;
  int replicas = 0;
};

// add/removeSecurityGroupRule: one rule, `ingress` or `egress`.
struct AddSecurityGroupRule {
  Ref security_group;
  bool ingress = true;
  SecurityGroupRule rule;
};

struct RemoveSecurityGroupRule {
  Ref security_group;
  bool ingress = true;
  SecurityGroupRule rule;
};

// One instance: the index-th node of a node group (in launch order), or a node by name.
struct TerminateInstance {
  std::optional<Ref> node_group;
  int index = 0;
  std::string node;
};

// One pod by name, or every pod matching a selector, in a namespace.
struct DeletePod {
  std::string ns;
  std::string name;
  Labels selector;
};

// Changes aws-node's environment (and restarts it, as a DaemonSet update does).
struct SetEnv {
  std::map<std::string, std::string> env;
  std::map<std::string, Location> env_locations;
};

struct AttachPolicy {
  Ref role;
  Ref policy;
};

struct DetachPolicy {
  Ref role;
  Ref policy;
};

// For `duration`, EC2 refills throttling buckets at `rate` requests per second: every action's,
// or only `action`'s ("AssignPrivateIpAddresses").
struct Ec2Throttle {
  int64_t rate = 0;
  sim::Duration duration;
  std::string action;
};

struct FailAvailabilityZone {
  Ref az;
};

struct RestartDaemon {
  enum class Daemon { kIpamd, kCoredns, kKubeProxy };
  Daemon daemon = Daemon::kIpamd;
  std::string node;  // empty: every node (or every CoreDNS pod)
};

// `kubectl apply` of a NetworkPolicy: created, or replacing the one of that namespace and name.
struct ApplyNetworkPolicy {
  NetworkPolicy policy;
};

struct DeleteNetworkPolicy {
  std::string ns;
  Ref name;
};

// `kubectl apply` of a SecurityGroupPolicy: created, or replacing the one of that namespace and
// name. Only pods created afterwards see it (models/cluster/pod_eni_webhook.h).
struct ApplySecurityGroupPolicy {
  SecurityGroupPolicy policy;
};

struct DeleteSecurityGroupPolicy {
  std::string ns;
  Ref name;
};

using EventAction =
    std::variant<ScaleNodeGroup, ScaleDeployment, AddSecurityGroupRule, RemoveSecurityGroupRule,
                 TerminateInstance, DeletePod, SetEnv, AttachPolicy, DetachPolicy, Ec2Throttle,
                 FailAvailabilityZone, RestartDaemon, ApplyNetworkPolicy, DeleteNetworkPolicy,
                 ApplySecurityGroupPolicy, DeleteSecurityGroupPolicy>;

struct Event {
  sim::Duration at;
  EventAction action;
  Location location;
};

}  // namespace ekssim::spec
