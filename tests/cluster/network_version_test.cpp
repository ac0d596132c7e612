// PodNetwork::config_version keys every path verdict cache (DNS reach, connection verdicts). A
// pod starting moves it only where a network policy agent may enforce: there the new pod's
// policy state changes verdicts; elsewhere nothing it judges depends on the pod, and moving the
// version on each of a large cluster's pod starts made every cached path be judged again.

#include <catch2/catch.hpp>
#include <string>
#include <utility>

#include "models/cluster/world.h"
#include "tests/support/routed_vpc_yaml.h"
#include "tools/scenario/loader.h"

using namespace ekssim;

namespace {

std::string scenario_text(const std::string& cni_env) {
  return R"(apiVersion: ekssim/v1
kind: Scenario
metadata: {name: network-version}
duration: 10m
cluster:
  name: t
  region: us-east-1
)" + std::string(test::kRoutedVpcYaml) + R"(  securityGroups:
    - name: nodes
      ingress:
        - {protocol: all, from: {securityGroup: nodes}}
  iam:
    roles:
      - {name: node-role, policies: [AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy]}
  nodeGroups:
    - {name: ng, instanceType: m5.large, desiredCapacity: 1, subnets: [a],
       securityGroups: [nodes], iamRole: node-role}
  addons:
    vpcCni:
      env: {)" + cni_env + R"(}
workloads:
  - {kind: Deployment, namespace: default, name: web, replicas: 4}
events:
  - {at: 5m, scaleDeployment: {namespace: default, name: web, replicas: 8}}
)";
}

size_t running_pods(const cluster::World& world) {
  size_t running = 0;
  for (size_t i = 0; i < world.api().pod_slots(); ++i) {
    const k8s::Pod& pod = world.api().pod(k8s::PodId(static_cast<uint32_t>(i)));
    if (!pod.removed && pod.phase == k8s::PodPhase::kRunning) ++running;
  }
  return running;
}

// The version before the scale-up at 5m and after its pods run, with the running pods then.
std::pair<uint64_t, uint64_t> versions_around_scale_up(const std::string& cni_env,
                                                       size_t& running_after) {
  scenario::LoadResult loaded =
      scenario::load_scenario_text(scenario_text(cni_env), "network-version.yaml");
  INFO(scenario::format_diagnostics(loaded.diagnostics));
  REQUIRE(loaded.ok());
  cluster::World world(*loaded.scenario, 1);
  world.start();
  world.run_until(sim::Time::at(sim::Duration::minutes(4)));
  const uint64_t before = world.network().config_version();
  world.run_until(sim::Time::at(sim::Duration::minutes(10)));
  running_after = running_pods(world);
  return {before, world.network().config_version()};
}

}  // namespace

TEST_CASE("pods starting leave the network version alone where no policy agent may enforce",
          "[cluster][versions]") {
  size_t running = 0;
  const auto [before, after] = versions_around_scale_up("", running);
  REQUIRE(running >= 8);  // the scale-up's pods did start
  CHECK(after == before);
}

TEST_CASE("pods starting move the network version where the policy agent may enforce",
          "[cluster][versions]") {
  size_t running = 0;
  const auto [before, after] = versions_around_scale_up("ENABLE_NETWORK_POLICY: \"true\"", running);
  REQUIRE(running >= 8);
  CHECK(after > before);
}
