#pragma once
// What one scenario may ask for, so that a typo (`replicas: 10000000`, `every: 1ns`) is a located
// error naming the limit instead of a run that exhausts memory or never ends (issue 16,
// "Hardening"). Each limit is generous: twice or more what `ekssim generate --nodes 100000 --pods
// 1000000 --services 20000` (issue 18's ultra scale) asks for. scenarios/README.md lists them.

#include <cstdint>

#include "models/spec/scenario.h"
#include "sim/time.h"
#include "tools/scenario/yaml_reader.h"

namespace ekssim::scenario {

// One node group's desiredCapacity, minSize and maxSize (and scaleNodeGroup's desiredCapacity):
// one group may hold the whole ultra-scale cluster.
inline constexpr int64_t kMaxNodesPerGroup = 100'000;
// Nodes over all groups: the largest desiredCapacity each group reaches, initially or through a
// scaleNodeGroup event, summed.
inline constexpr int64_t kMaxNodes = 200'000;
// One Deployment's replicas (and scaleDeployment's): a single Deployment may hold every pod.
inline constexpr int64_t kMaxReplicas = 1'000'000;
// Replicas over all Deployments, each at the most it reaches through scaleDeployment events.
inline constexpr int64_t kMaxPods = 2'000'000;
// CoreDNS replicas: the cluster-proportional-autoscaler's linear rule (one per 16 nodes, which
// `ekssim generate` follows) gives 12,500 at kMaxNodes.
inline constexpr int64_t kMaxCorednsReplicas = 20'000;
// Services declared in the scenario (kube-dns and default/kubernetes come on top).
inline constexpr int64_t kMaxServices = 100'000;
// The shortest traffic interval. The model's fastest exchange, a CoreDNS or VPC resolver answer,
// takes 1 ms, and a stream's pods make one lookup per interval: below 1 ms a pod would start a
// lookup before its previous one could have been answered, which no client does.
inline constexpr sim::Duration kMinTrafficInterval = sim::Duration::milliseconds(1);
// Intervals one traffic entry may take over the run (duration / every): a stream costs about
// 10 µs per interval here, so the largest takes minutes, not days (1 ms for 2 h 46 m, 1 s for
// 115 days).
inline constexpr int64_t kMaxTrafficIntervals = 10'000'000;
// The longest run: a week of virtual time, beyond any incident or soak test a scenario stands for.
inline constexpr sim::Duration kMaxDuration = sim::Duration::hours(7 * 24);

// The limits that need more than one value: nodes and pods in total, Services, traffic intervals
// over the run. `duration` is the run's, when it loaded.
void check_resource_limits(Reader& reader, const spec::Scenario& scenario,
                           std::optional<sim::Duration> duration);

}  // namespace ekssim::scenario
