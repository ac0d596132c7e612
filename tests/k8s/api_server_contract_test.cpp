// The API server's contract checks: a broken one stops the run naming the call and the pod or
// node, and one that holds costs nothing (Kernel::check builds no message then).

#include <catch2/catch.hpp>

#include <string>

#include "models/k8s/api_server.h"
#include "sim/invariant.h"
#include "sim/kernel.h"
#include "sim/trace.h"
#include "tests/k8s/k8s_test_support.h"
#include "tests/support/allocation_probe.h"

namespace ekssim::k8s {
namespace {

using testing::World;

// The detail of the InvariantViolation `call` throws, "" when it throws none.
template <class Call>
std::string violation(Call call) {
  try {
    call();
  } catch (const sim::InvariantViolation& e) {
    CHECK(e.component() == "kube-apiserver");
    return e.detail();
  }
  return "";
}

TEST_CASE("a broken API server contract names the call and the pod") {
  World w;
  const NodeId node = w.add_ready_node(w.node("ip-10-0-0-1.ec2.internal"));
  const TemplateId spec = w.api.add_template(w.pod_spec());
  const PodId pod = w.api.create_pod(spec, "checkout-7d9f8b6c5-x2x4q");

  w.api.bind(pod, node);
  CHECK(violation([&] { w.api.bind(pod, node); }) ==
        "bind: pod checkout-7d9f8b6c5-x2x4q is already bound");
  CHECK(violation([&] { w.api.finish_pod_deletion(pod); }) ==
        "finish_pod_deletion: pod checkout-7d9f8b6c5-x2x4q is not terminating");
  CHECK(violation([&] { w.api.bind(PodId(4096), node); }) == "bind: unknown pod");
  CHECK(violation([&] { w.api.set_node_unschedulable(NodeId(4096), true); }) ==
        "set_node_unschedulable: unknown node");

  w.api.delete_pod(pod);
  w.api.finish_pod_deletion(pod);
  CHECK(violation([&] { w.api.set_running(pod); }) ==
        "set_running: pod checkout-7d9f8b6c5-x2x4q is gone");
}

TEST_CASE("API server checks that hold allocate nothing") {
  // No trace sink and no digest: what is left to allocate is the checks' messages.
  sim::Kernel kernel;
  sim::Trace trace{kernel};
  trace.stop_digest();
  ApiServer api{kernel, trace};
  NodeSpec spec;
  spec.name = "ip-10-0-0-1.us-west-2.compute.internal";
  spec.max_pods = 110;
  spec.cpu_millis = 2000;
  spec.memory_bytes = int64_t{8} << 30;
  const NodeId node = api.register_node(spec, NodeReadiness::kTrue, "KubeletReady", "ready");
  PodTemplate pod_spec;
  pod_spec.ns = api.strings().intern("default");
  const PodId pod = api.create_pod(api.add_template(pod_spec), "checkout-7d9f8b6c5-x2x4q");
  const std::string message = "0/1 nodes are available: 1 Too many pods.";
  api.record_failed_scheduling(pod, "FailedScheduling", message);  // sizes pending_message
  api.set_node_unschedulable(node, true);

  test::arm_allocation_probe();
  for (int i = 0; i < 100; ++i) {
    api.record_failed_scheduling(pod, "FailedScheduling", message);
    api.set_node_unschedulable(node, i % 2 == 0);
  }
  CHECK(test::disarm_allocation_probe() == 0);
  CHECK(api.pod(pod).pending_message == message);
}

}  // namespace
}  // namespace ekssim::k8s
