#include "tools/cli/generate_shape.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace ekssim::cli {

namespace {

// Candidate general-purpose types, smallest density first, with their max pods from the ENI
// formula E × (A − 1) + 2 and their network limits (models/aws/data, checked against models/aws by
// tests/cli/generate_shape_test.cpp).
struct NodeType {
  const char* family_a;
  const char* family_b;
  int max_pods;
  int enis;
  int ips_per_eni;
  int vcpus;
};
constexpr std::array<NodeType, 4> kGeneralTypes = {{
    {"m5.large", "c5.large", 29, 3, 10, 2},
    {"m5.xlarge", "c5.xlarge", 58, 4, 15, 4},
    {"m5.2xlarge", "r5.2xlarge", 58, 4, 15, 8},
    {"m5.4xlarge", "c5.4xlarge", 234, 8, 30, 16},
}};
// The VPC CNI manages the ENIs of network card 0 only: 2 ENIs of 50 addresses on a p5.48xlarge
// (EKS's eni-max-pods.txt: 100).
constexpr NodeType kAcceleratedType = {"p5.48xlarge", "p5e.48xlarge", 100, 2, 50, 192};

// Every general pod requests 100m CPU; a node also runs aws-node (25m), kube-proxy (100m) and
// perhaps a CoreDNS replica (100m), and EKS's bootstrap reserves about 100m of a small node's
// CPU for the system (kube-reserved, models/cluster/node_resources).
constexpr int64_t kPodCpuMillis = 100;
constexpr int64_t kNodeOverheadCpuMillis = 25 + 100 + 100 + 100;
constexpr int64_t kGeneralMaxNodes = 20000;
// EKS's managed CoreDNS autoscaling stays within the add-on's maxReplicas; 1,000 is what
// ultra-scale configurations set.
constexpr int64_t kManagedCoreDnsMaxReplicas = 1000;
// The accelerated shape's warm pool (aws-node variables, amazon-vpc-cni-k8s
// docs/eni-and-ip-target.md): two spare addresses, and every node starts with room for its pods.
constexpr int64_t kWarmIpTarget = 2;

int64_t ceil_div(int64_t a, int64_t b) {
  return (a + b - 1) / b;
}

// Room for the two host-network DaemonSet pods and 20% headroom for uneven spreading.
int64_t wanted_slots(int64_t pods_per_node) {
  return pods_per_node + pods_per_node / 5 + 2;
}

const NodeType& general_type_for(int64_t pods_per_node) {
  const int64_t wanted = wanted_slots(pods_per_node);
  for (const NodeType& t : kGeneralTypes) {
    const int64_t cpu = (wanted - 2) * kPodCpuMillis + kNodeOverheadCpuMillis;
    if (t.max_pods >= wanted && int64_t{t.vcpus} * 1000 >= cpu) return t;
  }
  return kGeneralTypes.back();
}

ClusterShape with_type(const NodeType& t, int64_t pods_per_node) {
  ClusterShape s;
  s.family_a = t.family_a;
  s.family_b = t.family_b;
  s.max_pods = t.max_pods;
  s.enis = t.enis;
  s.ips_per_eni = t.ips_per_eni;
  s.vcpus = t.vcpus;
  s.pods_per_node = pods_per_node;
  return s;
}

ClusterShape general_shape(const GenerateOptions& o, int64_t pods_per_node) {
  ClusterShape s = with_type(general_type_for(pods_per_node), pods_per_node);
  // Its pods rounded up to whole ENIs, plus one spare ENI's worth (WARM_ENI_TARGET=1), plus
  // every ENI's own primary address.
  const int64_t slots = s.ips_per_eni - 1;
  const int64_t enis = std::min<int64_t>(s.enis, ceil_div(pods_per_node, slots) + 1);
  s.addresses_per_node = enis * s.ips_per_eni;
  s.pod_resources = "{cpu: 100m, memory: 128Mi}";
  // The cluster-proportional-autoscaler's linear mode with the defaults Kubernetes documents for
  // DNS ("Autoscale the DNS Service in a Cluster"): max(ceil(cores/256), ceil(nodes/16)), at
  // least EKS's 2. Nodes dominate at these sizes.
  s.coredns_replicas = std::max<int64_t>(2, ceil_div(o.nodes, 16));
  return s;
}

ClusterShape accelerated_shape(const GenerateOptions& o, int64_t pods_per_node) {
  ClusterShape s = with_type(kAcceleratedType, pods_per_node);
  // A few large pods share the node's CPUs (whole GPUs are what they really ask for; ekssim
  // schedules by CPU and memory): the node less about 2 vCPUs for the system, over the slots.
  const int64_t cpu = std::max<int64_t>(
      kPodCpuMillis, (int64_t{s.vcpus} * 1000 - 2000) / wanted_slots(pods_per_node) / 100 * 100);
  s.pod_resources = fmt::format("{{cpu: {}m, memory: {}Mi}}", cpu, cpu / 1000 * 8192 + 512);
  // WARM_IP_TARGET and MINIMUM_IP_TARGET instead of a whole spare ENI of 50 addresses per node:
  // at 100,000 nodes the defaults would hold ten million addresses, beyond a VPC's 50 CIDR
  // blocks (EKS best practices, "VPC and subnet considerations": set the IP targets where
  // addresses are scarce).
  const int64_t minimum = pods_per_node + kWarmIpTarget;
  s.cni_env = {{"WARM_IP_TARGET", std::to_string(kWarmIpTarget)},
               {"MINIMUM_IP_TARGET", std::to_string(minimum)}};
  // ipamd holds max(MINIMUM_IP_TARGET, pods + WARM_IP_TARGET) addresses (here both are
  // `minimum`), plus each ENI's primary.
  s.addresses_per_node = minimum + ceil_div(minimum, s.ips_per_eni - 1);
  // EKS's managed CoreDNS autoscaling: max(nodes / 16, cores / 256) ("Scale CoreDNS Pods for
  // high DNS traffic", EKS user guide), within the add-on's maxReplicas.
  const int64_t by_nodes = ceil_div(o.nodes, 16);
  const int64_t by_cores = ceil_div(o.nodes * s.vcpus, 256);
  s.coredns_replicas =
      std::min(kManagedCoreDnsMaxReplicas, std::max<int64_t>({2, by_nodes, by_cores}));
  return s;
}

}  // namespace

ClusterShape shape_for(const GenerateOptions& o) {
  const int64_t pods_per_node = ceil_div(o.pods, o.nodes);
  const bool accelerated = o.shape == GenerateShape::kAccelerated ||
                           (o.shape == GenerateShape::kAuto && o.nodes > kGeneralMaxNodes);
  ClusterShape s =
      accelerated ? accelerated_shape(o, pods_per_node) : general_shape(o, pods_per_node);
  s.accelerated = accelerated;
  return s;
}

std::optional<std::string> check_shape(const GenerateOptions& o, const ClusterShape& s) {
  if (!s.accelerated && o.nodes > kGeneralMaxNodes) {
    return fmt::format("--shape general holds at most {} nodes; larger clusters are "
                       "--shape accelerated",
                       kGeneralMaxNodes);
  }
  if (s.pods_per_node + 2 > s.max_pods) {
    return fmt::format(
        "{} pods on {} nodes is {} per node, more than the densest type here "
        "({}, {} pods) holds",
        o.pods, o.nodes, s.pods_per_node, s.family_a, s.max_pods);
  }
  return std::nullopt;
}

}  // namespace ekssim::cli
