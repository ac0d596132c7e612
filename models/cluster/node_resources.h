#pragma once
// A node's allocatable CPU and memory: capacity less what the EKS node bootstrap reserves for the
// kubelet and the system (awslabs/amazon-eks-ami, nodeadm `getMemoryMebibytesToReserve`: 11 MiB
// per pod + 255 MiB; CPU: 6% of the first core, 1% of the second, 0.5% of the next two, 0.25% of
// the rest) and the 100 MiB hard eviction threshold. Capacity comes from the scenario
// (`allocatable` wins outright, `vcpus` overrides the table) or from the instance type
// (aws::resources_of: DescribeInstanceTypes' figures, estimated from the name for types the
// published table lacks).

#include <cstdint>

#include "models/aws/instance_resources.h"
#include "models/spec/node_group.h"

namespace ekssim::cluster {

struct NodeResources {
  int64_t cpu_millis = 0;
  int64_t memory_bytes = 0;
};

NodeResources allocatable_for(const spec::NodeGroup& group, const aws::InstanceType& type,
                              int max_pods);

}  // namespace ekssim::cluster
