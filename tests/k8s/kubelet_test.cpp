#include "models/k8s/kubelet.h"

#include <catch2/catch.hpp>

#include "models/k8s/api_events.h"
#include "models/k8s/scheduler.h"
#include "tests/k8s/k8s_test_support.h"

namespace ekssim::k8s {
namespace {

using testing::at;
using testing::at_ms;
using testing::FakeNetworkPlugin;
using testing::World;

constexpr std::string_view kCniNotReady =
    "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady "
    "message:Network plugin returns error: cni plugin not initialized";

// Exact times: no jitter, fixed container start and stop delays.
Kubelet::Config exact() {
  Kubelet::Config config;
  config.backoff_jitter = 0;
  config.container_start_sigma = 0;
  config.container_stop_sigma = 0;
  return config;
}

struct KubeletWorld : World {
  explicit KubeletWorld(bool plugin_ready, Kubelet::Config config = exact())
      : plugin(kernel, plugin_ready),
        scheduler(kernel, api, 1, Scheduler::Config{}),
        kubelet(kernel, trace, api, plugin, node("n1"), 1, std::move(config)) {
    scheduler.start();
    kubelet.start();
  }
  // A pod created at `when`.
  void create_at(sim::Time when, PodTemplate spec, std::string name) {
    kernel.schedule_at(when, [this, spec = std::move(spec), name = std::move(name)]() mutable {
      api.create_pod(api.add_template(std::move(spec)), std::move(name));
    });
  }
  void at_time(sim::Time when, std::function<void()> action) {
    kernel.schedule_at(when, [action = std::move(action)] { action(); });
  }
  const Pod& pod(std::string_view name) const { return api.pod(api.find_pod("default", name)); }

  FakeNetworkPlugin plugin;
  Scheduler scheduler;
  Kubelet kubelet;
};

TEST_CASE("a node registers NotReady with containerd's CNI message until the plugin is ready",
          "[kubelet]") {
  KubeletWorld w(/*plugin_ready=*/false);
  w.at_time(at_ms(5050), [&] { w.plugin.set_ready(true); });
  w.at_time(at(203), [&] { w.plugin.set_ready(false); });
  w.at_time(at(215), [&] { w.plugin.set_ready(true); });
  w.kernel.run_until(at(300));

  // Ready within 100 ms while fastStatusUpdateOnce runs; after that, at the 10 s status loop.
  CHECK(w.lines("NodeRegistered") ==
        std::vector<std::string>{"100ms NodeRegistered node=n1 ready=false"});
  CHECK(w.lines("NodeNotReady") ==
        std::vector<std::string>{
            "100ms NodeNotReady node=n1 status=False reason=KubeletNotReady message=" +
                std::string(kCniNotReady),
            "3m30s NodeNotReady node=n1 status=False reason=KubeletNotReady message=" +
                std::string(kCniNotReady)});
  CHECK(w.lines("NodeReady") ==
        std::vector<std::string>{"5.1s NodeReady node=n1", "3m40s NodeReady node=n1"});
  CHECK(w.api.node(w.kubelet.node()).ready_message == "kubelet is posting ready status");
}

TEST_CASE("a pod goes from Pending to Running through the plugin's ADD", "[kubelet]") {
  KubeletWorld w(/*plugin_ready=*/true);
  w.plugin.set_latency(sim::Duration::milliseconds(50));
  w.create_at(at(1), w.pod_spec(), "web");
  w.kernel.run_until(at(10));

  CHECK(w.lines("PodScheduled") ==
        std::vector<std::string>{"1s PodScheduled namespace=default pod=web node=n1"});
  CHECK(w.lines("PodSandboxCreated") ==
        std::vector<std::string>{"1.05s PodSandboxCreated namespace=default pod=web node=n1 "
                                 "ip=10.1.0.1 interface=eni-fake"});
  CHECK(w.lines("PodRunning") ==
        std::vector<std::string>{"3.05s PodRunning namespace=default pod=web node=n1 ip=10.1.0.1"});
  const Pod& web = w.pod("web");
  CHECK(web.phase == PodPhase::kRunning);
  CHECK(web.interface_id == "eni-fake");
  CHECK(web.running == at(3.05));
}

TEST_CASE(
    "a failed ADD shows containerd's wrapping of the plugin's message and is retried after "
    "10 s at the next sync tick",
    "[kubelet]") {
  KubeletWorld w(/*plugin_ready=*/true);
  w.plugin.set_latency(sim::Duration::milliseconds(300));
  w.plugin.fail_next("add cmd: failed to assign an IP address to container", 2);
  w.create_at(at(1), w.pod_spec(), "web");
  w.kernel.run_until(at(60));

  REQUIRE(w.plugin.adds.size() == 3);
  CHECK(w.plugin.adds[0].at == at(1));
  CHECK(w.plugin.adds[1].at == at(12));  // 1.3 s + 10 s, at the next whole second
  CHECK(w.plugin.adds[2].at == at(23));
  const std::string& first = w.plugin.adds[0].sandbox_id;
  CHECK(first.size() == 64);
  CHECK(first.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(first != w.plugin.adds[1].sandbox_id);

  const auto failures = w.lines("PodSandboxFailed");
  REQUIRE(failures.size() == 2);
  CHECK(failures[0] ==
        "1.3s PodSandboxFailed namespace=default pod=web node=n1 reason=FailedCreatePodSandBox "
        "message=Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup "
        "network for sandbox \"" +
            first +
            "\": plugin type=\"aws-cni\" name=\"aws-cni\" failed (add): add cmd: failed to assign "
            "an IP address to container");
  // containerd tears the failed sandbox's network down: a DEL for each failed ADD.
  REQUIRE(w.plugin.dels.size() == 2);
  CHECK(w.plugin.dels[0].at == at(1.3));
  CHECK(w.plugin.dels[0].sandbox_id == first);
  CHECK(w.plugin.dels[1].sandbox_id == w.plugin.adds[1].sandbox_id);
  CHECK(w.pod("web").running == at(25.3));
}

TEST_CASE("sandbox retries are jittered between 10 and 15 s and land on whole sync ticks",
          "[kubelet]") {
  Kubelet::Config config = exact();
  config.backoff_jitter = 0.5;
  KubeletWorld w(/*plugin_ready=*/true, config);
  w.plugin.set_latency(sim::Duration::milliseconds(300));
  w.plugin.fail_next("add cmd: failed to assign an IP address to container", 5);
  w.create_at(at(1), w.pod_spec(), "web");
  w.kernel.run_until(at(200));
  REQUIRE(w.plugin.adds.size() == 6);
  for (size_t i = 1; i < w.plugin.adds.size(); ++i) {
    const sim::Duration gap =
        w.plugin.adds[i].at - (w.plugin.adds[i - 1].at + sim::Duration::milliseconds(300));
    INFO("retry " << i << " after " << sim::format_duration(gap));
    CHECK(gap >= sim::Duration::seconds(10));
    CHECK(gap < sim::Duration::seconds(16));
    CHECK(w.plugin.adds[i].at.since_start() % sim::Duration::seconds(1) == sim::Duration::zero());
  }
}

TEST_CASE(
    "a pod on a node whose network is not ready waits with NetworkNotReady, retried every "
    "second",
    "[kubelet]") {
  KubeletWorld w(/*plugin_ready=*/false);
  w.kernel.run_until(at(1));
  const PodId web = w.api.create_pod(w.api.add_template(w.pod_spec()), "web");
  w.api.bind(web, w.kubelet.node());  // as if it tolerated the not-ready taint
  w.at_time(at(3.5), [&] { w.plugin.set_ready(true); });
  w.kernel.run_until(at(10));

  CHECK(w.lines("PodSandboxFailed") ==
        std::vector<std::string>{
            "1s PodSandboxFailed namespace=default pod=web node=n1 reason=NetworkNotReady "
            "message=network is not ready: " +
                std::string(kCniNotReady),
            "2s PodSandboxFailed namespace=default pod=web node=n1 reason=NetworkNotReady "
            "message=network is not ready: " +
                std::string(kCniNotReady),
            "3s PodSandboxFailed namespace=default pod=web node=n1 reason=NetworkNotReady "
            "message=network is not ready: " +
                std::string(kCniNotReady)});
  REQUIRE(w.plugin.adds.size() == 1);
  CHECK(w.plugin.adds[0].at == at(4));
}

TEST_CASE("host-network pods run without the CNI and take the node's address", "[kubelet]") {
  KubeletWorld w(/*plugin_ready=*/false);
  w.kernel.run_until(at(1));
  PodTemplate host = w.pod_spec("kube-system");
  host.host_network = true;
  const PodId pod = w.api.create_pod(w.api.add_template(host), "aws-node-abcde");
  w.api.bind(pod, w.kubelet.node());
  w.kernel.run_until(at(5));
  CHECK(w.lines("PodSandboxCreated") ==
        std::vector<std::string>{"1s PodSandboxCreated namespace=kube-system pod=aws-node-abcde "
                                 "node=n1 ip=10.0.0.1 interface="});
  CHECK(w.api.pod(pod).phase == PodPhase::kRunning);
  CHECK(w.plugin.adds.empty());
}

TEST_CASE("deleting a running pod stops it, releases its address with a DEL and removes it",
          "[kubelet]") {
  KubeletWorld w(/*plugin_ready=*/true);
  w.create_at(at(1), w.pod_spec(), "web");
  w.at_time(at(10), [&] { w.api.delete_pod(w.api.find_pod("default", "web")); });
  w.kernel.run_until(at(20));
  CHECK(w.lines("PodTerminating") ==
        std::vector<std::string>{"10s PodTerminating namespace=default pod=web"});
  CHECK(w.lines("PodDeleted") ==
        std::vector<std::string>{"11s PodDeleted namespace=default pod=web node=n1"});
  REQUIRE(w.plugin.dels.size() == 1);
  CHECK(w.plugin.dels[0].at == at(11));
  CHECK(w.plugin.dels[0].sandbox_id == w.plugin.adds[0].sandbox_id);
  CHECK(w.scheduler.usage(w.kubelet.node()).pods == 0);
}

TEST_CASE(
    "a pod deleted while its ADD runs is removed at once and its sandbox released when the "
    "ADD returns",
    "[kubelet]") {
  KubeletWorld w(/*plugin_ready=*/true);
  w.plugin.set_latency(sim::Duration::seconds(5));
  w.create_at(at(1), w.pod_spec(), "web");
  w.at_time(at(2), [&] { w.api.delete_pod(w.api.find_pod("default", "web")); });
  w.kernel.run_until(at(20));
  CHECK(w.lines("PodDeleted") ==
        std::vector<std::string>{"2s PodDeleted namespace=default pod=web node=n1"});
  CHECK(w.lines("PodSandboxCreated").empty());
  REQUIRE(w.plugin.dels.size() == 1);
  CHECK(w.plugin.dels[0].at == at(6));
  CHECK(w.plugin.dels[0].sandbox_id == w.plugin.adds[0].sandbox_id);
}

TEST_CASE("a kubelet that fails before registering never registers its node", "[kubelet]") {
  KubeletWorld w(/*plugin_ready=*/true);
  w.at_time(at_ms(50), [&] { w.kubelet.fail("Unauthorized"); });
  w.kernel.run_until(at(60));
  CHECK(
      w.lines("KubeletFailed") ==
      std::vector<std::string>{"50ms KubeletFailed node=n1 reason=Unauthorized registered=false"});
  CHECK(w.lines("NodeRegistered").empty());
  CHECK_FALSE(w.kubelet.registered());
}

TEST_CASE("a registered node whose kubelet fails goes Unknown after the 40 s grace period",
          "[kubelet]") {
  KubeletWorld w(/*plugin_ready=*/true);
  w.at_time(at(10), [&] { w.kubelet.fail("kubelet cannot reach the API server"); });
  w.kernel.run_until(at(100));
  CHECK(w.lines("NodeNotReady") ==
        std::vector<std::string>{"50s NodeNotReady node=n1 status=Unknown "
                                 "reason=NodeStatusUnknown message=Kubelet stopped posting node "
                                 "status."});
  const Node& node = w.api.node(w.kubelet.node());
  REQUIRE(node.spec.taints.size() == 1);
  CHECK(w.api.strings().view(node.spec.taints[0].key) == "node.kubernetes.io/unreachable");
}

TEST_CASE("container start delays are drawn from the kubelet's own stream", "[kubelet]") {
  auto running_time = [](uint64_t seed) {
    World w;
    FakeNetworkPlugin plugin(w.kernel);
    Scheduler scheduler(w.kernel, w.api, seed, Scheduler::Config{});
    Kubelet kubelet(w.kernel, w.trace, w.api, plugin, w.node("n1"), seed, Kubelet::Config{});
    scheduler.start();
    kubelet.start();
    w.kernel.run_until(at(1));
    w.api.create_pod(w.api.add_template(w.pod_spec()), "web");
    w.kernel.run_until(at(60));
    return w.api.pod(w.api.find_pod("default", "web")).running;
  };
  CHECK(running_time(7) == running_time(7));
  CHECK(running_time(7) != running_time(8));
  CHECK(running_time(7) > at(1));
  CHECK(running_time(7) < at(30));
}

}  // namespace
}  // namespace ekssim::k8s
