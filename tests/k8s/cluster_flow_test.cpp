// The Kubernetes models together: nodes come up NotReady until their network plugin is ready,
// workload pods wait in the scheduler, DaemonSet pods run on the host network meanwhile, and
// everything runs once the CNI is ready.

#include <catch2/catch.hpp>
#include <memory>

#include "models/k8s/daemon_set_controller.h"
#include "models/k8s/deployment_controller.h"
#include "models/k8s/kubelet.h"
#include "models/k8s/scheduler.h"
#include "tests/k8s/k8s_test_support.h"

namespace ekssim::k8s {
namespace {

using testing::at;
using testing::FakeNetworkPlugin;
using testing::World;

TEST_CASE("pods wait for NotReady nodes and run once the network plugin is ready",
          "[kubelet][scheduler]") {
  World w;
  Scheduler scheduler(w.kernel, w.api, 1, Scheduler::Config{});
  DaemonSetController daemons(w.kernel, w.api, 1);
  DeploymentController deployments(w.kernel, w.api, 1);
  DaemonSetController::DaemonSetSpec aws_node;
  aws_node.ns = "kube-system";
  aws_node.name = "aws-node";
  aws_node.pod = w.pod_spec("kube-system", 25, 0);
  aws_node.pod.host_network = true;
  daemons.add(std::move(aws_node));
  DeploymentController::DeploymentSpec web;
  web.ns = "default";
  web.name = "web";
  web.replicas = 4;
  web.pod = w.pod_spec("default", 100, 0);
  const uint32_t d = deployments.add(std::move(web));

  Kubelet::Config exact;
  exact.backoff_jitter = 0;
  exact.container_start_sigma = 0;
  std::vector<std::unique_ptr<FakeNetworkPlugin>> plugins;
  std::vector<std::unique_ptr<Kubelet>> kubelets;
  for (const char* name : {"n1", "n2"}) {
    plugins.push_back(std::make_unique<FakeNetworkPlugin>(w.kernel, /*ready=*/false));
    kubelets.push_back(std::make_unique<Kubelet>(w.kernel, w.trace, w.api, *plugins.back(),
                                                 w.node(name), 1, exact));
  }
  scheduler.start();
  for (auto& kubelet : kubelets)
    kubelet->start();
  w.kernel.run_until(at(19));

  // No node at first, then two NotReady ones; aws-node runs regardless (host network).
  const Pod& waiting = w.api.pod(deployments.active_pods(d)[0]);
  CHECK(waiting.pending_message ==
        "0/2 nodes are available: 2 node(s) had untolerated taint {node.kubernetes.io/not-ready: "
        "}. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling..");
  CHECK(w.lines("PodRunning").size() == 2);

  w.kernel.schedule_at(at(20), [&] {
    for (auto& plugin : plugins)
      plugin->set_ready(true);
  });
  w.kernel.run_until(at(30));
  CHECK(w.lines("NodeReady") ==
        std::vector<std::string>{"20s NodeReady node=n1", "20s NodeReady node=n2"});
  for (const PodId pod : deployments.active_pods(d)) {
    const Pod& p = w.api.pod(pod);
    INFO(p.name);
    CHECK(p.phase == PodPhase::kRunning);
    CHECK(p.scheduled == at(20));
    CHECK(p.running == at(22));
  }
  for (auto& kubelet : kubelets) {
    CHECK(scheduler.usage(kubelet->node()).pods == 3);  // aws-node and two of web
  }
}

TEST_CASE("a terminated instance's node goes with its pods, which are replaced elsewhere",
          "[kubelet][scheduler]") {
  World w;
  Scheduler scheduler(w.kernel, w.api, 1, Scheduler::Config{});
  DeploymentController deployments(w.kernel, w.api, 1);
  DeploymentController::DeploymentSpec web;
  web.ns = "default";
  web.name = "web";
  web.replicas = 2;
  web.pod = w.pod_spec("default", 100, 0);
  const uint32_t d = deployments.add(std::move(web));
  FakeNetworkPlugin plugin1(w.kernel);
  FakeNetworkPlugin plugin2(w.kernel);
  Kubelet first(w.kernel, w.trace, w.api, plugin1, w.node("n1"), 1, Kubelet::Config{});
  Kubelet second(w.kernel, w.trace, w.api, plugin2, w.node("n2"), 1, Kubelet::Config{});
  scheduler.start();
  first.start();
  w.kernel.run_until(at(30));
  for (const PodId pod : deployments.active_pods(d))
    CHECK(w.api.pod(pod).node == first.node());

  second.start();
  w.kernel.run_until(at(60));
  first.fail("instance terminated");
  w.api.remove_node(first.node());
  plugin1.set_ready(false);  // nothing more is written about the deleted node
  w.kernel.run_until(at(200));
  for (const PodId pod : deployments.active_pods(d)) {
    const Pod& p = w.api.pod(pod);
    CHECK(p.node == second.node());
    CHECK(p.phase == PodPhase::kRunning);
    CHECK(p.created == at(60));
  }
  CHECK(w.lines("NodeNotReady").empty());
  CHECK(w.lines("NodeRemoved") == std::vector<std::string>{"1m NodeRemoved node=n1"});
}

}  // namespace
}  // namespace ekssim::k8s
