// The scale the project targets: 5,000 nodes and 150,000 pods scheduled in one run. The wall time
// is reported, not asserted (machines differ); the placement is checked.

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>

#include "models/k8s/daemon_set_controller.h"
#include "models/k8s/deployment_controller.h"
#include "models/k8s/scheduler.h"
#include "tests/k8s/k8s_test_support.h"

namespace ekssim::k8s {
namespace {

using testing::at;
using testing::World;

TEST_CASE("5,000 nodes and 150,000 pods schedule in near-linear time", "[scheduler][scale]") {
  constexpr int kNodes = 5000;
  constexpr int kDeployments = 5000;
  constexpr int kReplicas = 30;
  const auto started = std::chrono::steady_clock::now();

  World w;
  Scheduler scheduler(w.kernel, w.api, 1, Scheduler::Config{});
  DaemonSetController daemons(w.kernel, w.api, 1);
  DeploymentController deployments(w.kernel, w.api, 1);
  for (const char* name : {"aws-node", "kube-proxy"}) {
    DaemonSetController::DaemonSetSpec spec;
    spec.ns = "kube-system";
    spec.name = name;
    spec.pod = w.pod_spec("kube-system", 25, 0);
    spec.pod.host_network = true;
    daemons.add(std::move(spec));
  }
  for (int i = 0; i < kNodes; ++i) {
    w.add_ready_node(w.node(fmt::format("ip-10-0-{}-{}.ec2.internal", i / 250, i % 250),
                            /*max_pods=*/58, /*cpu_millis=*/3920,
                            /*memory_bytes=*/int64_t{15} << 30));
  }
  for (int i = 0; i < kDeployments; ++i) {
    DeploymentController::DeploymentSpec spec;
    spec.ns = fmt::format("team-{}", i % 50);
    spec.name = fmt::format("app-{}", i);
    spec.replicas = kReplicas;
    spec.pod = w.pod_spec(spec.ns, 100, int64_t{128} << 20);
    deployments.add(std::move(spec));
  }
  scheduler.start();
  w.kernel.run_until(at(1));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("[scale] %d nodes, %d pods: %llu scheduling cycles, %llu events, %.2f s wall\n",
              kNodes, kDeployments * kReplicas, static_cast<unsigned long long>(scheduler.cycles()),
              static_cast<unsigned long long>(w.kernel.events_processed()), seconds);

  CHECK(scheduler.cycles() == kDeployments * kReplicas);
  CHECK(scheduler.queue().active_size() + scheduler.queue().backoff_size() +
            scheduler.queue().unschedulable_size() ==
        0);
  int most = 0;
  for (int i = 0; i < kNodes; ++i)
    most = std::max(most, scheduler.usage(NodeId(i)).pods);
  CHECK(most <= 58);
  // Spreading keeps each deployment's 30 pods on 30 different nodes.
  for (uint32_t d = 0; d < kDeployments; d += 97) {
    std::vector<NodeId> nodes;
    for (const PodId pod : deployments.active_pods(d))
      nodes.push_back(w.api.pod(pod).node);
    std::sort(nodes.begin(), nodes.end());
    INFO("deployment " << d);
    CHECK(std::adjacent_find(nodes.begin(), nodes.end()) == nodes.end());
    CHECK(nodes.front().valid());
  }
}

}  // namespace
}  // namespace ekssim::k8s
