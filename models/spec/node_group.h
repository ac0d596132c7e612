#pragma once
// Node groups (scenario `cluster.nodeGroups`): eksctl's names for an Auto Scaling group of EC2
// instances that join the cluster as nodes.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/spec/location.h"

namespace ekssim::spec {

enum class TaintEffect { kNoSchedule, kPreferNoSchedule, kNoExecute };

struct Taint {
  std::string key;
  std::string value;
  TaintEffect effect = TaintEffect::kNoSchedule;
  Location location;
};

struct NodeGroup {
  std::string name;
  // Managed node groups also carry the EKS cluster security group on their primary ENI.
  bool managed = true;
  std::string instance_type;  // "m5.large"
  Location instance_type_location;
  int desired_capacity = 0;
  int min_size = 0;
  std::optional<int> max_size;  // none: scaling events are not bounded above
  std::vector<Ref> subnets;
  std::vector<Ref> security_groups;
  Ref iam_role;
  std::map<std::string, std::string> labels;
  std::vector<Taint> taints;
  std::optional<int> max_pods;  // none: the kubelet's value from the ENI formula
  // Extensions: the instance type table has no vCPU or memory figures.
  std::optional<int> vcpus;
  std::optional<int64_t> allocatable_cpu_millis;
  std::optional<int64_t> allocatable_memory_bytes;
  Location location;
};

}  // namespace ekssim::spec
