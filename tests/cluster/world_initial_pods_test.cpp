// World::initial_pods, the size hint the report reserves its pods by: the pods the scenario starts
// with once its node groups are up, checked against the pods the API server has created by then.

#include <catch2/catch.hpp>
#include <string>

#include "models/cluster/world.h"
#include "tests/support/routed_vpc_yaml.h"
#include "tools/scenario/loader.h"

using namespace ekssim;

namespace {

// Two node groups of the routed VPC, CoreDNS at three replicas, two Deployments.
std::string scenario_text() {
  return R"(apiVersion: ekssim/v1
kind: Scenario
metadata: {name: initial-pods}
duration: 10m
cluster:
  name: t
  region: us-east-1
)" + std::string(test::kRoutedVpcYaml) + R"(  securityGroups:
    - {name: nodes, ingress: [{protocol: all, from: {securityGroup: nodes}}]}
  iam:
    roles:
      - {name: node-role, policies: [AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy]}
  addons:
    coredns: {replicas: 3}
  nodeGroups:
    - {name: small, instanceType: m5.large, desiredCapacity: 2, subnets: [a],
       securityGroups: [nodes], iamRole: node-role}
    - {name: big, instanceType: m5.xlarge, desiredCapacity: 1, subnets: [a],
       securityGroups: [nodes], iamRole: node-role}
workloads:
  - {kind: Deployment, namespace: web, name: frontend, replicas: 5, labels: {app: frontend}}
  - {kind: Deployment, namespace: web, name: backend, replicas: 4, labels: {app: backend}}
)";
}

}  // namespace

TEST_CASE("initial_pods counts the Deployments' replicas, CoreDNS's and a DaemonSet pod per node") {
  scenario::LoadResult loaded = scenario::load_scenario_text(scenario_text(), "initial-pods.yaml");
  INFO(scenario::format_diagnostics(loaded.diagnostics));
  REQUIRE(loaded.ok());
  cluster::World world(*loaded.scenario, 1);
  // 5 + 4 replicas, 3 CoreDNS replicas, aws-node and kube-proxy on each of 3 nodes.
  CHECK(world.initial_pods() == 5 + 4 + 3 + 2 * 3);

  world.start();
  world.run_until(sim::Time::at(sim::Duration::minutes(5)));
  // Nothing is deleted in this scenario, so every pod slot the API server used is a pod.
  CHECK(world.api().pod_slots() == world.initial_pods());
}
