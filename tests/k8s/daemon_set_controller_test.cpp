#include "models/k8s/daemon_set_controller.h"

#include <catch2/catch.hpp>
#include <regex>

#include "models/k8s/scheduler.h"
#include "tests/k8s/k8s_test_support.h"

namespace ekssim::k8s {
namespace {

using testing::at;
using testing::World;

struct DaemonWorld : World {
  DaemonWorld() : scheduler(kernel, api, 1, Scheduler::Config{}), daemons(kernel, api, 1) {
    scheduler.start();
    for (const char* name : {"aws-node", "kube-proxy"}) {
      DaemonSetController::DaemonSetSpec spec;
      spec.ns = "kube-system";
      spec.name = name;
      spec.pod = pod_spec("kube-system", 25, 0);
      spec.pod.host_network = true;
      spec.pod.tolerations = {Toleration::everything()};
      daemons.add(std::move(spec));
    }
  }
  Scheduler scheduler;
  DaemonSetController daemons;
};

TEST_CASE("every node gets one pod of each DaemonSet when it registers", "[daemonset]") {
  DaemonWorld w;
  w.add_ready_node(w.node("n1"));
  w.kernel.run_until(at(5));
  w.api.register_node(w.node("n2"), NodeReadiness::kFalse, "KubeletNotReady", "not ready");
  w.kernel.run_until(at(6));

  const auto scheduled = w.lines("PodScheduled");
  REQUIRE(scheduled.size() == 4);
  const std::regex shape(
      "(0s|5s) PodScheduled namespace=kube-system pod=(aws-node|kube-proxy)-"
      "[bcdfghjklmnpqrstvwxz2456789]{5} node=(n1|n2)");
  for (const std::string& line : scheduled) {
    INFO(line);
    CHECK(std::regex_match(line, shape));
  }
  CHECK(scheduled[2].rfind("5s", 0) == 0);
  CHECK(scheduled[2].find("node=n2") != std::string::npos);
  CHECK(w.api.pods_on(w.api.find_node("n1")).size() == 2);
  CHECK(w.api.pods_on(w.api.find_node("n2")).size() == 2);
}

TEST_CASE("DaemonSet pods count against the node's max pods", "[daemonset]") {
  DaemonWorld w;
  const NodeId node = w.add_ready_node(w.node("n1", /*max_pods=*/3));
  w.kernel.run_until(at(1));
  const TemplateId web = w.api.add_template(w.pod_spec());
  w.api.create_pod(web, "web-1");
  w.api.create_pod(web, "web-2");
  w.kernel.run_until(at(2));
  CHECK(w.scheduler.usage(node).pods == 3);
  CHECK(w.api.pod(w.api.find_pod("default", "web-1")).node == node);
  CHECK(w.api.pod(w.api.find_pod("default", "web-2")).pending_message ==
        "0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No "
        "preemption victims found for incoming pod..");
}

TEST_CASE("a DaemonSet pod that is gone is replaced on its node — a removed node is not refilled",
          "[daemonset]") {
  DaemonWorld w;
  const NodeId node = w.add_ready_node(w.node("n1"));
  w.kernel.run_until(at(1));
  const PodId aws_node = w.api.pods_on(node)[0];
  w.api.delete_pod(aws_node);  // bound: Terminating until its kubelet finishes
  w.kernel.run_until(at(2));
  CHECK(w.api.pods_on(node).size() == 2);
  w.api.finish_pod_deletion(aws_node);
  w.kernel.run_until(at(3));
  CHECK(w.api.pods_on(node).size() == 2);
  CHECK(w.lines("PodCreated").size() == 3);

  w.api.remove_node(node);
  w.kernel.run_until(at(4));
  CHECK(w.lines("PodCreated").size() == 3);
  CHECK(w.lines("NodeRemoved") == std::vector<std::string>{"3s NodeRemoved node=n1"});
  CHECK(w.lines("PodDeleted").size() == 3);
}

TEST_CASE("a DaemonSet with a nodeSelector skips nodes without the label", "[daemonset]") {
  World w;
  DaemonSetController daemons(w.kernel, w.api, 1);
  DaemonSetController::DaemonSetSpec spec;
  spec.ns = "kube-system";
  spec.name = "gpu-agent";
  spec.pod = w.pod_spec("kube-system");
  spec.pod.node_selector = Labels::intern(w.api.strings(), {{"gpu", "true"}});
  daemons.add(std::move(spec));
  NodeSpec gpu = w.node("gpu-1");
  gpu.labels = Labels::intern(w.api.strings(), {{"gpu", "true"}});
  w.add_ready_node(gpu);
  w.add_ready_node(w.node("cpu-1"));
  w.kernel.run_until(at(1));
  CHECK(w.api.pods_on(w.api.find_node("gpu-1")).size() == 1);
  CHECK(w.api.pods_on(w.api.find_node("cpu-1")).empty());
}

}  // namespace
}  // namespace ekssim::k8s
