#pragma once
// The shape of a cluster `ekssim generate` writes: which instance types its nodes are, how many
// addresses each holds, what each pod requests, how the VPC CNI's warm pool is set and how many
// CoreDNS replicas run. Two shapes:
//  - general: many small pods on general-purpose types (m5/c5/r5), the VPC CNI's defaults, CoreDNS
//    at the cluster-proportional autoscaler's node ratio; up to 20,000 nodes;
//  - accelerated: the AI/ML shape of EKS's ultra scale clusters (up to 100,000 nodes, "Amazon EKS
//    enables ultra scale AI/ML workloads with support for 100K worker nodes", AWS containers blog,
//    2025): GPU instances (p5.48xlarge and p5e.48xlarge, 192 vCPUs each) running a few large
//    pods, a warm pool of addresses instead of whole ENIs, and CoreDNS under EKS's managed
//    autoscaling, capped by its maxReplicas.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tools/cli/generate_command.h"

namespace ekssim::cli {

struct ClusterShape {
  bool accelerated = false;
  // Node groups alternate between two types of the same network limits.
  const char* family_a = "";
  const char* family_b = "";
  int max_pods = 0;  // the ENI formula E × (A − 1) + 2 for the types
  int enis = 0;
  int ips_per_eni = 0;
  int vcpus = 0;
  int64_t pods_per_node = 0;
  // IPv4 addresses one node takes from its subnets at this density, warm ones included.
  int64_t addresses_per_node = 0;
  std::string pod_resources;  // the Deployments' `resources` flow mapping
  // aws-node variables the shape sets (empty: the VPC CNI's defaults).
  std::vector<std::pair<std::string, std::string>> cni_env;
  int64_t coredns_replicas = 0;
};

// The shape `options` asks for (GenerateShape::kAuto: accelerated above 20,000 nodes).
ClusterShape shape_for(const GenerateOptions& options);

// Why the shape cannot hold the options' pods, or nullopt.
std::optional<std::string> check_shape(const GenerateOptions& options, const ClusterShape& shape);

}  // namespace ekssim::cli
