#pragma once
// An instance type's vCPUs and memory, which the kubelet's allocatable and the max-pods
// calculator's 110/250 cap depend on.
//
// Published: models/aws/data/ec2-instance-resources.csv, the Cluster Autoscaler's static table
// (kubernetes/autoscaler cluster-autoscaler/cloudprovider/aws/ec2_instance_types.go, generated
// from EC2 DescribeInstanceTypes: VCpuInfo.DefaultVCpus and MemoryInfo.SizeInMiB). It lists 1,108
// of the network table's 1,391 types; the newest families are missing.
// Estimated, for a type the table lacks: the size gives vCPUs (nano to medium 1, large 2, xlarge
// 4, Nxlarge and metal-Nxl 4·N) and the family's first letter memory per vCPU (c 2 GiB; r, i, d
// and z 8; x 16; anything else 4). Plain "metal" and unusual sizes give nothing.

#include <cstdint>
#include <optional>
#include <string_view>

#include "models/aws/instance_types.h"

namespace ekssim::aws {

struct InstanceResources {
  int vcpus = 0;
  int64_t memory_bytes = 0;
  bool estimated = false;  // from the name, not the published table
};

// The published figures, or nothing when the table does not list `name`.
std::optional<InstanceResources> published_resources(std::string_view name);
// The name-based estimate alone (see above).
std::optional<InstanceResources> estimate_resources(const InstanceType& type);
// Published where known, else estimated.
std::optional<InstanceResources> resources_of(const InstanceType& type);

// Defined in the generated source that embeds models/aws/data/ec2-instance-resources.csv.
std::string_view embedded_instance_resources_csv();

}  // namespace ekssim::aws
