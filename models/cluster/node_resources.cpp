#include "models/cluster/node_resources.h"

#include <algorithm>

namespace ekssim::cluster {

namespace {

constexpr int64_t kMiB = 1024 * 1024;

int64_t reserved_cpu_millis(int64_t cores) {
  int64_t reserved = 0;
  for (int64_t core = 1; core <= cores; ++core) {
    if (core == 1) {
      reserved += 60;  // 6% of a core, in millicores
    } else if (core == 2) {
      reserved += 10;
    } else if (core <= 4) {
      reserved += 5;
    } else {
      reserved += 2;  // 0.25%, rounded down to whole millicores per core
    }
  }
  return reserved;
}

}  // namespace

NodeResources allocatable_for(const spec::NodeGroup& group, const aws::InstanceType& type,
                              int max_pods) {
  const auto capacity = aws::resources_of(type);
  int64_t vcpus = group.vcpus ? *group.vcpus : (capacity ? capacity->vcpus : 2);
  int64_t memory = capacity ? capacity->memory_bytes : int64_t{8} * 1024 * kMiB;
  NodeResources r;
  r.cpu_millis = group.allocatable_cpu_millis ? *group.allocatable_cpu_millis
                                              : vcpus * 1000 - reserved_cpu_millis(vcpus);
  r.memory_bytes = group.allocatable_memory_bytes
                       ? *group.allocatable_memory_bytes
                       : std::max<int64_t>(0, memory - (11 * max_pods + 255) * kMiB - 100 * kMiB);
  return r;
}

}  // namespace ekssim::cluster
