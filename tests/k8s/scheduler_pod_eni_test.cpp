// The scheduler and vpc.amazonaws.com/pod-eni, the extended resource the VPC resource controller's
// webhook requests for a Security Groups for Pods pod (webhooks/core/pod_webhook.go) and its
// provider advertises per node (pkg/provider/branch/provider.go UpdateResourceCapacity).
// NodeResourcesFit's fitsRequest checks extended resources after cpu and memory, with the reason
// "Insufficient <resource name>" (pkg/scheduler/framework/plugins/noderesources/fit.go).
#include <catch2/catch.hpp>

#include "tests/k8s/scheduler_world.h"

namespace ekssim::k8s {
namespace {

using testing::at;
using testing::SchedulerWorld;

PodTemplate branch_pod(SchedulerWorld& w) {
  PodTemplate spec = w.pod_spec();
  spec.pod_eni = 1;
  return spec;
}

TEST_CASE("a pod-eni pod stays Pending on nodes that advertise no branch ENIs", "[scheduler]") {
  SchedulerWorld w(30);
  w.add_ready_node(w.node("n1"));
  w.add_ready_node(w.node("n2"));
  w.create(branch_pod(w), "sgp");
  w.create(w.pod_spec(), "plain");
  w.kernel.run_until(at(1));

  // Only the plain pod is bound; the pod-eni pod fits no node.
  REQUIRE(w.scheduled.size() == 1);
  CHECK(w.scheduled[0].second.rfind("plain@", 0) == 0);
  CHECK(w.failure_times("sgp").size() >= 1);
  CHECK(w.last_message ==
        "0/2 nodes are available: 2 Insufficient vpc.amazonaws.com/pod-eni. preemption: 0/2 nodes "
        "are available: 2 No preemption victims found for incoming pod.");
}

TEST_CASE("pods beyond a node's branch ENIs get Insufficient vpc.amazonaws.com/pod-eni",
          "[scheduler]") {
  SchedulerWorld w(30);
  NodeSpec node = w.node("n1");
  node.pod_eni = 2;
  w.add_ready_node(node);
  const PodTemplate spec = branch_pod(w);
  for (const char* name : {"a", "b", "c"})
    w.create(spec, name);
  w.kernel.run_until(at(1));

  CHECK(w.scheduled.size() == 2);
  CHECK(w.failure_times("c").size() >= 1);
  CHECK(w.last_message ==
        "0/1 nodes are available: 1 Insufficient vpc.amazonaws.com/pod-eni. preemption: 0/1 "
        "nodes are available: 1 No preemption victims found for incoming pod.");
}

TEST_CASE("capacity advertised later requeues the waiting pod-eni pods", "[scheduler]") {
  SchedulerWorld w(30);
  const NodeId n1 = w.add_ready_node(w.node("n1"));
  w.create(branch_pod(w), "sgp");
  w.kernel.run_until(at(1));
  REQUIRE(w.scheduled.empty());
  // The controller's AdvertiseCapacityIfNotSet after the trunk is attached: a node update with
  // more allocatable, which eventhandlers.go requeues unschedulable pods for.
  w.kernel.schedule_at(at(2), [&] { w.api.set_node_pod_eni(n1, 9); });
  w.kernel.run_until(at(3));
  REQUIRE(w.scheduled.size() == 1);
  CHECK(w.scheduled[0].second == "sgp@n1");
  CHECK(w.scheduled[0].first >= at(2));
}

}  // namespace
}  // namespace ekssim::k8s
