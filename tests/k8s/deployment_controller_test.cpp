#include "models/k8s/deployment_controller.h"

#include <catch2/catch.hpp>
#include <regex>

#include "models/k8s/pod_names.h"
#include "tests/k8s/k8s_test_support.h"

namespace ekssim::k8s {
namespace {

using testing::at;
using testing::World;

DeploymentController::DeploymentSpec deployment(World& w, std::string ns, std::string name,
                                                int replicas) {
  DeploymentController::DeploymentSpec spec;
  spec.ns = std::move(ns);
  spec.name = std::move(name);
  spec.replicas = replicas;
  spec.pod = w.pod_spec();
  return spec;
}

std::vector<std::string> names(const World& w, std::string_view kind) {
  std::vector<std::string> out;
  for (const std::string& line : w.lines(kind)) {
    const size_t start = line.find(" pod=") + 5;
    out.push_back(line.substr(start, line.find(' ', start) - start));
  }
  return out;
}

TEST_CASE("pod names have upstream's shape: deployment, template hash, 5-character suffix",
          "[deployment]") {
  CHECK(safe_encode("0123456789") == "456789bcdf");
  World w;
  DeploymentController controller(w.kernel, w.api, 1);
  const uint32_t d = controller.add(deployment(w, "airflow", "airflow-scheduler", 3));
  w.kernel.run_until(at(1));

  const std::string rs = controller.replica_set_name(d);
  CHECK(rs == "airflow-scheduler-" + pod_template_hash("airflow", "airflow-scheduler"));
  CHECK(std::regex_match(rs, std::regex("airflow-scheduler-[4-9bcdf]{1,10}")));
  const auto created = names(w, "PodCreated");
  REQUIRE(created.size() == 3);
  for (const std::string& name : created) {
    INFO(name);
    CHECK(std::regex_match(name, std::regex(rs + "-[bcdfghjklmnpqrstvwxz2456789]{5}")));
  }
  CHECK(controller.active_pods(d).size() == 3);
  CHECK(w.lines("PodCreated")[0].find("owner=airflow-scheduler") != std::string::npos);
}

TEST_CASE("the same seed gives the same pod names — another seed, others", "[deployment]") {
  auto first_name = [](uint64_t seed) {
    World w;
    DeploymentController controller(w.kernel, w.api, seed);
    controller.add(deployment(w, "default", "web", 1));
    w.kernel.run_until(at(1));
    return names(w, "PodCreated").at(0);
  };
  CHECK(first_name(1) == first_name(1));
  CHECK(first_name(1) != first_name(2));
}

TEST_CASE(
    "scaling down deletes unscheduled, then pending, then doubled-up, then newest-ready "
    "pods first",
    "[deployment]") {
  World w;
  DeploymentController controller(w.kernel, w.api, 1);
  const NodeId n1 = w.add_ready_node(w.node("n1"));
  const NodeId n2 = w.add_ready_node(w.node("n2"));
  const NodeId n3 = w.add_ready_node(w.node("n3"));
  const uint32_t d = controller.add(deployment(w, "default", "web", 5));
  w.kernel.run_until(at(1));
  const std::vector<std::string> pods = names(w, "PodCreated");
  REQUIRE(pods.size() == 5);
  auto id = [&](int i) { return w.api.find_pod("default", pods[static_cast<size_t>(i)]); };
  // pods[0] stays unscheduled; pods[1] is scheduled but Pending.
  w.api.bind(id(1), n1);
  w.api.bind(id(2), n2);
  w.api.bind(id(3), n3);
  w.api.bind(id(4), n2);
  w.kernel.run_until(at(10));
  w.api.set_running(id(2));
  w.kernel.run_until(at(1000));
  w.api.set_running(id(3));
  w.kernel.run_until(at(1500));
  w.api.set_running(id(4));
  w.kernel.run_until(at(2000));

  std::vector<std::string> deleted;
  for (const int replicas : {4, 3, 2, 1}) {
    controller.scale(d, replicas);
    const size_t before = w.recorder.lines.size();
    w.kernel.run_until(w.kernel.now() + sim::Duration::seconds(1));
    for (size_t i = before; i < w.recorder.lines.size(); ++i) {
      const std::string& line = w.recorder.lines[i];
      if (line.find(" PodTerminating ") != std::string::npos ||
          line.find(" PodDeleted ") != std::string::npos) {
        const size_t start = line.find(" pod=") + 5;
        deleted.push_back(line.substr(start, line.find(' ', start) - start));
      }
    }
  }
  // Unscheduled; Pending; of the two on n2 the more recently Ready (rank 2 before rank 1); then
  // the more recently Ready (1000 s, age bucket 2^39 ns, against 10 s, bucket 2^40 ns).
  CHECK(deleted == std::vector<std::string>{pods[0], pods[1], pods[4], pods[3]});
  REQUIRE(controller.active_pods(d).size() == 1);
  CHECK(w.api.pod(controller.active_pods(d)[0]).name == pods[2]);
}

TEST_CASE("a deleted pod is replaced at once, while it still terminates", "[deployment]") {
  World w;
  DeploymentController controller(w.kernel, w.api, 1);
  const NodeId node = w.add_ready_node(w.node("n1"));
  const uint32_t d = controller.add(deployment(w, "default", "web", 2));
  w.kernel.run_until(at(1));
  for (const PodId pod : controller.active_pods(d))
    w.api.bind(pod, node);
  const PodId victim = controller.active_pods(d)[0];
  w.kernel.run_until(at(10));
  w.api.delete_pod(victim);
  w.kernel.run_until(at(11));
  const auto created = w.lines("PodCreated");
  REQUIRE(created.size() == 3);
  CHECK(created[2].rfind("10s PodCreated", 0) == 0);
  CHECK(w.api.pod(victim).terminating);
  CHECK_FALSE(w.api.pod(victim).removed);
  CHECK(controller.active_pods(d).size() == 2);

  // Scaling up from the scenario's timeline adds the missing pods in one sync.
  controller.scale(d, 5);
  w.kernel.run_until(at(12));
  CHECK(controller.active_pods(d).size() == 5);
  CHECK(controller.replicas(d) == 5);
  CHECK(w.api.pod_slots() == 6);  // five active, one terminating
  CHECK(to_string(w.api.pod(victim).phase) == "Pending");
  CHECK(controller.find("default", "web") == d);
  CHECK_FALSE(controller.find("default", "api").has_value());
}

}  // namespace
}  // namespace ekssim::k8s
