// Which cluster events bring an unschedulable pod back (pkg/scheduler/internal/queue and
// eventhandlers.go), and the reuse of a pod class's last failure.

#include <catch2/catch.hpp>

#include "models/k8s/scheduling_queue.h"
#include "tests/k8s/scheduler_world.h"

namespace ekssim::k8s {
namespace {

using testing::at;
using testing::SchedulerWorld;

using Times = std::vector<sim::Time>;

// A queue on its own kernel, counting the pods that became active.
struct QueueWorld {
  QueueWorld() { queue.start(); }
  // Pops the pod just added and fails it with `rejectors`.
  void fail(PodId pod, PluginSet rejectors, PodClassId pod_class) {
    queue.add(pod, 0);
    REQUIRE(queue.pop() == pod);
    queue.add_unschedulable(pod, rejectors, pod_class);
  }

  sim::Kernel kernel;
  int activations = 0;
  SchedulingQueue queue{kernel, SchedulingQueue::Config{}, [this] { ++activations; }};
};

TEST_CASE("a node event moves only the pod classes its pre-enqueue check passes",
          "[scheduler][queue]") {
  QueueWorld q;
  const PodClassId small(0);
  const PodClassId large(1);
  q.fail(PodId(0), kTaintToleration, small);
  q.fail(PodId(1), kNodeResourcesFit, large);
  q.fail(PodId(2), kTaintToleration, small);
  REQUIRE(q.queue.unschedulable_size() == 3);
  q.kernel.run_until(at(20));  // past the 1 s backoff: moved pods go straight to activeQ

  q.queue.move_all(kNodeEventPlugins, [&](PodClassId c) { return c == small; });
  CHECK(q.queue.unschedulable_size() == 1);
  CHECK(q.queue.active_size() == 2);
  CHECK(q.queue.pop() == PodId(0));  // same timestamp: by pod id
  CHECK(q.queue.pop() == PodId(2));
}

TEST_CASE("a pod deletion moves only pods a resource shortage rejected, into backoff if due",
          "[scheduler][queue]") {
  QueueWorld q;
  q.fail(PodId(0), kTaintToleration | kNodeAffinity, PodClassId(0));
  q.fail(PodId(1), kNodeResourcesFit | kTaintToleration, PodClassId(0));
  q.kernel.run_until(at(0.5));  // inside pod 1's first 1 s backoff

  q.queue.move_all(kPodDeletePlugins);
  CHECK(q.queue.unschedulable_size() == 1);
  CHECK(q.queue.backoff_size() == 1);
  CHECK(q.queue.active_size() == 0);
  q.kernel.run_until(at(1));  // the 1 s flush
  CHECK(q.queue.active_size() == 1);
  CHECK(q.queue.pop() == PodId(1));
}

TEST_CASE("a NotReady node joining does not requeue a pod — the same node turning Ready does",
          "[scheduler]") {
  SchedulerWorld w;
  NodeSpec tainted = w.node("n1");
  tainted.taints = {w.taint("dedicated", "airflow")};
  w.add_ready_node(tainted);
  w.create(w.pod_spec(), "web");
  w.kernel.run_until(at(20));
  // preCheckForNode: the pod does not tolerate node.kubernetes.io/not-ready:NoSchedule.
  const NodeId joining =
      w.api.register_node(w.node("n2"), NodeReadiness::kFalse, "KubeletNotReady", "not ready");
  w.kernel.run_until(at(40));
  CHECK(w.failure_times("web") == Times{at(0)});
  w.api.set_node_readiness(joining, NodeReadiness::kTrue, "KubeletReady", "ready");
  w.kernel.run_until(at(41));
  CHECK(w.scheduled == std::vector<std::pair<sim::Time, std::string>>{{at(40), "web@n2"}});
}

TEST_CASE("a node too small for the pod does not requeue it", "[scheduler]") {
  SchedulerWorld w;
  w.add_ready_node(w.node("n1", 110, /*cpu_millis=*/1000));
  w.create(w.pod_spec("default", 1500, 0), "big");
  w.kernel.run_until(at(20));
  w.add_ready_node(w.node("n2", 110, /*cpu_millis=*/1200));  // still too small: stays put
  w.kernel.run_until(at(40));
  CHECK(w.failure_times("big") == Times{at(0)});
  w.add_ready_node(w.node("n3", 110, /*cpu_millis=*/2000));
  w.kernel.run_until(at(41));
  CHECK(w.scheduled == std::vector<std::pair<sim::Time, std::string>>{{at(40), "big@n3"}});
}

TEST_CASE("cordoning a node requeues nothing — it is no event upstream", "[scheduler]") {
  SchedulerWorld w;
  const NodeId node = w.add_ready_node(w.node("n1", /*max_pods=*/1));
  w.create(w.pod_spec(), "first");
  w.create(w.pod_spec(), "second");
  w.kernel.run_until(at(20));
  w.api.set_node_unschedulable(node, true);
  w.kernel.run_until(at(100));
  CHECK(w.failure_times("second") == Times{at(0)});
}

TEST_CASE("pods of one class failing together share the message until the cluster changes",
          "[scheduler]") {
  SchedulerWorld w;
  const NodeId node = w.add_ready_node(w.node("n1", /*max_pods=*/2));
  const TemplateId replica = w.api.add_template(w.pod_spec("default", 100, 0));
  for (const char* name : {"a", "b", "c", "d"})
    w.api.create_pod(replica, name);
  w.kernel.run_until(at(20));
  const std::string full =
      "0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No "
      "preemption victims found for incoming pod..";
  CHECK(w.messages == std::vector<std::string>{full, full});
  CHECK(w.scheduler.cycles() == 4);

  // The cordon requeues nothing, but the 5 min flush retries both pods: a new verdict.
  w.api.set_node_unschedulable(node, true);
  w.kernel.run_until(at(340));
  const std::string cordoned =
      "0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are "
      "available: 1 Preemption is not helpful for scheduling..";
  CHECK(w.messages == std::vector<std::string>{full, full, cordoned, cordoned});
  CHECK(w.failure_times("c") == Times{at(0), at(330)});
}

}  // namespace
}  // namespace ekssim::k8s
