#pragma once
// The EKS cluster (scenario `cluster`): its VPC, security groups, IAM roles, node groups and
// add-ons.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/net/ipv4.h"
#include "models/spec/addons.h"
#include "models/spec/location.h"
#include "models/spec/node_group.h"
#include "models/spec/security_group.h"
#include "models/spec/vpc.h"
#include "sim/time.h"

namespace ekssim::spec {

struct ClusterEndpoints {
  bool public_access = true;
  // With private access, nodes reach the API server through cross-account ENIs in the cluster's
  // subnets that carry the cluster security group.
  bool private_access = false;
  std::vector<net::Cidr> public_access_cidrs;  // extension; default [0.0.0.0/0]
  Location location;
};

struct IamRole {
  std::string name;
  std::vector<Ref> policies;  // AWS managed policy names
  Location location;
};

// A token bucket's limits: `burst` tokens, refilled at `rate` per second.
struct ThrottleLimit {
  int64_t rate = 0;
  int64_t burst = 0;
};

// Extension: the EC2 API as the cluster's account sees it.
struct Ec2Api {
  std::optional<sim::Duration> latency;  // none: the EC2 model's default
  ThrottleLimit describe;                // non-mutating calls; default AWS's 20/s, burst 100
  ThrottleLimit mutate;                  // mutating calls; default AWS's 5/s, burst 50
  Location location;
};

// kube-apiserver's --service-node-port-range: the ports Services' node ports (and health check
// node ports) are allocated from and validated against (pkg/registry/core/service/portallocator).
struct PortRange {
  int first = 30000;
  int last = 32767;
};

struct Cluster {
  std::string name;
  std::string region;   // "us-east-1"
  std::string version;  // "1.29"
  // Default per EKS: 10.100.0.0/16, or 172.20.0.0/16 when the VPC CIDR is inside 10.0.0.0/8.
  net::Cidr service_ipv4_cidr;
  bool service_ipv4_cidr_defaulted = false;
  // Extension: EKS does not let users change it; upstream's tests use node ports like 3001.
  PortRange service_node_port_range;
  ClusterEndpoints endpoints;
  Vpc vpc;
  std::vector<PrefixList> prefix_lists;
  std::vector<SecurityGroup> security_groups;
  std::vector<IamRole> iam_roles;
  std::vector<NodeGroup> node_groups;
  Addons addons;
  Ec2Api ec2_api;
  Location location;
};

}  // namespace ekssim::spec
