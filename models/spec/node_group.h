#pragma once
// Node groups (scenario `cluster.nodeGroups`): eksctl's names for an Auto Scaling group of EC2
// instances that join the cluster as nodes.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/net/ipv4.h"
#include "models/spec/location.h"

namespace ekssim::spec {

enum class TaintEffect { kNoSchedule, kPreferNoSchedule, kNoExecute };

struct Taint {
  std::string key;
  std::string value;
  TaintEffect effect = TaintEffect::kNoSchedule;
  Location location;
};

// Extension: one node of a group pinned to a name and a primary address, so that a test or an
// imported cluster can name its nodes (an EndpointSlice's nodeName, `ekssim iptables --node`).
struct PinnedNode {
  std::string name;  // the Node's name (a DNS-1123 subdomain)
  net::Ipv4 ip;      // inside one of the group's subnets
  Location location;
  Location ip_location;
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
  // Extension: the chance that a glibc lookup's A and AAAA, sent together from one socket,
  // clash in conntrack after kube-proxy's DNAT and one is dropped (kubernetes#56903): a 5 s
  // stall. Older kernels have the race (the different-endpoint clash was fixed around 5.7–5.8);
  // the 5.10 and 6.1 kernels of current EKS AMIs do not, hence 0.
  double conntrack_dns_race = 0;
  // Extensions: the instance type table has no vCPU or memory figures.
  std::optional<int> vcpus;
  std::optional<int64_t> allocatable_cpu_millis;
  std::optional<int64_t> allocatable_memory_bytes;
  std::vector<PinnedNode> nodes;  // extension: the first launches take these, in order
  Location location;
};

}  // namespace ekssim::spec
