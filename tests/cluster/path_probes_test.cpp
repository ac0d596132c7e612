// The reachable and unreachable expectations as live probes (models/report/path_expectations.h):
// judged on the live World at their `at` (default: the end of the run actually simulated), so
// every timeline event up to then counts, and `--until` is honoured.

#include <catch2/catch.hpp>
#include <string>
#include <string_view>

#include "models/report/simulate.h"
#include "tools/scenario/loader.h"

using namespace ekssim;

namespace {

// Two node groups with a Deployment each; nodes-b admits only itself until the rule event at 5m.
// A third group, ng-c, has no node until it is scaled up at 6m.
constexpr std::string_view kTwoGroups = R"(apiVersion: ekssim/v1
kind: Scenario
metadata: {name: two-groups}
seed: 3
duration: 30m
cluster:
  name: probe
  region: us-east-1
  serviceIpv4Cidr: 172.20.0.0/16
  vpc:
    cidr: 10.0.0.0/16
    subnets:
      - {name: private-1a, az: us-east-1a, cidr: 10.0.0.0/20, routeTable: private}
      - {name: public-1a, az: us-east-1a, cidr: 10.0.128.0/24, routeTable: public}
    internetGateway: true
    natGateways: [{name: nat-1a, subnet: public-1a}]
    routeTables:
      - {name: private, routes: [{destination: 0.0.0.0/0, natGateway: nat-1a}]}
      - {name: public, routes: [{destination: 0.0.0.0/0, internetGateway: true}]}
  securityGroups:
    - name: nodes-a
      ingress:
        - {protocol: all, from: {securityGroup: nodes-a}}
        - {protocol: all, from: {securityGroup: nodes-b}}
    - name: nodes-b
      ingress:
        - {protocol: all, from: {securityGroup: nodes-b}}
  iam:
    roles:
      - {name: node-role, policies: [AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy]}
  nodeGroups:
    - {name: ng-a, managed: false, instanceType: m5.large, desiredCapacity: 1, subnets: [private-1a],
       securityGroups: [nodes-a], iamRole: node-role, labels: {pool: a}}
    - {name: ng-b, managed: false, instanceType: m5.large, desiredCapacity: 2, subnets: [private-1a],
       securityGroups: [nodes-b], iamRole: node-role, labels: {pool: b}}
    - {name: ng-c, managed: false, instanceType: m5.large, desiredCapacity: 0, subnets: [private-1a],
       securityGroups: [nodes-a], iamRole: node-role, labels: {pool: c}}
  addons:
    coredns: {replicas: 1}
workloads:
  - {kind: Deployment, namespace: app, name: a, replicas: 1, labels: {app: a},
     nodeSelector: {pool: a}, resources: {cpu: 100m, memory: 64Mi}}
  - {kind: Deployment, namespace: app, name: b, replicas: 2, labels: {app: b},
     nodeSelector: {pool: b}, resources: {cpu: 100m, memory: 64Mi}}
events:
  - {at: 5m, addSecurityGroupRule: {securityGroup: nodes-b, ingress: {protocol: all, from: {securityGroup: nodes-a}}}}
  - {at: 6m, scaleNodeGroup: {name: ng-c, desiredCapacity: 1}}
expect:
  - unreachable: {from: {nodeGroup: ng-a}, to: {nodeGroup: ng-b}, port: 53, protocol: udp, at: 4m}
  - reachable: {from: {nodeGroup: ng-a}, to: {nodeGroup: ng-b}, port: 53, protocol: udp, at: 5m}
  - reachable: {from: {nodeGroup: ng-a}, to: {nodeGroup: ng-b}, port: 53, protocol: udp}
  - unreachable: {from: {nodeGroup: ng-a}, to: {nodeGroup: ng-c}, port: 443, at: 4m}
  - reachable: {from: {nodeGroup: ng-a}, to: {nodeGroup: ng-c}, port: 443, at: 15m}
)";

report::RunReport run(std::optional<sim::Duration> until = std::nullopt) {
  scenario::LoadResult loaded = scenario::load_scenario_text(kTwoGroups, "two-groups.yaml");
  INFO(scenario::format_diagnostics(loaded.diagnostics));
  REQUIRE(loaded.ok());
  report::SimulateOptions options;
  options.until = until;
  return report::simulate(*loaded.scenario, options);
}

std::string detail(const report::RunReport& r, size_t i) {
  REQUIRE(r.expectations.size() > i);
  return r.expectations[i].detail;
}

bool starts_with(const std::string& text, std::string_view prefix) {
  return text.rfind(prefix, 0) == 0;
}

}  // namespace

TEST_CASE("An expectation before a rule event sees the old rules, one at the event the new ones") {
  const report::RunReport r = run();
  INFO(detail(r, 0));
  CHECK(r.expectations[0].passed);
  CHECK(starts_with(detail(r, 0),
                    "ng-a → ng-b on 53/udp at 4m: denied-in (ENI_SG_RULES_MISMATCH) at security "
                    "group nodes-b (eni "));
  CHECK(detail(r, 0).find("; fix: add to nodes-b an inbound rule: udp 53 from security group "
                          "nodes-a") != std::string::npos);
  // The event at 5m is in force at 5m.
  CHECK(r.expectations[1].passed);
  CHECK(detail(r, 1) == "ng-a → ng-b on 53/udp at 5m: allowed (accepted)");
  CHECK(r.expectations[2].passed);
  CHECK(detail(r, 2) == "ng-a → ng-b on 53/udp at 30m: allowed (accepted)");
}

TEST_CASE("Without `at`, an expectation is judged at the end of the run actually simulated") {
  // Under --until 4m the rule of 5m never arrives: the reachable check fails, at 4m (it used to
  // be judged on the configuration at the scenario's 30 minutes, and passed).
  const report::RunReport r = run(sim::Duration::minutes(4));
  CHECK(r.expectations[0].passed);
  CHECK_FALSE(r.expectations[2].passed);
  CHECK(starts_with(detail(r, 2),
                    "ng-a → ng-b on 53/udp at 4m: denied-in (ENI_SG_RULES_MISMATCH) at security "
                    "group nodes-b (eni "));
  // An `at` after the end of the run is not evaluated, and fails.
  CHECK_FALSE(r.expectations[1].passed);
  CHECK(detail(r, 1) == "not evaluated: the run ended at 4m, before 5m");
}

TEST_CASE("A scaleNodeGroup event counts: before it the group has no node to reach") {
  const report::RunReport r = run();
  // The configuration copy this replaced placed two nodes of every group, whatever its size:
  // reachable at 4m, and this expectation failed.
  INFO(detail(r, 3));
  CHECK(r.expectations[3].passed);
  CHECK(detail(r, 3) ==
        "ng-a → ng-c on 443/tcp at 4m: nothing to reach: node group ng-c: no node");
  INFO(detail(r, 4));
  CHECK(r.expectations[4].passed);
  CHECK(detail(r, 4) == "ng-a → ng-c on 443/tcp at 15m: allowed (accepted)");
}
