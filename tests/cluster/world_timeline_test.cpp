// World::apply dispatches each timeline event to the component that owns it
// (models/cluster/world_timeline.cpp): overlapping ec2Throttle events compose, a name the loader
// should have rejected stops the run as an invariant failure naming the time, the event and the
// component, and an ENI the setup cannot create is traced instead of dropped.

#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "models/cluster/cluster_events.h"
#include "models/cluster/world.h"
#include "sim/invariant.h"
#include "tools/scenario/loader.h"

using namespace ekssim;

namespace {

constexpr std::string_view kScenario = R"(apiVersion: ekssim/v1
kind: Scenario
metadata: {name: timeline}
duration: 20m
cluster:
  name: t
  region: us-east-1
  vpc:
    cidr: 10.0.0.0/16
    subnets:
      - {name: a, az: us-east-1a, cidr: 10.0.0.0/24}
    endpoints:
      - {service: ec2, type: Interface, subnets: [a], securityGroups: [nodes]}
    hosts:
      - {name: forwarder, subnet: a, ip: 10.0.0.126, securityGroups: [nodes]}
  securityGroups:
    - name: nodes
      ingress:
        - {protocol: all, from: {securityGroup: nodes}}
  iam:
    roles:
      - {name: node-role, policies: [AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy]}
  nodeGroups:
    - {name: ng, instanceType: m5.large, desiredCapacity: 1, subnets: [a],
       securityGroups: [nodes], iamRole: node-role}
events:
  - {at: 1m, ec2Throttle: {rate: 1, duration: 10m}}
  - {at: 2m, ec2Throttle: {rate: 5, duration: 2m, action: AssignPrivateIpAddresses}}
  - {at: 3m, scaleNodeGroup: {name: ng, desiredCapacity: 2}}
)";

spec::Scenario load() {
  scenario::LoadResult loaded = scenario::load_scenario_text(kScenario, "timeline.yaml");
  INFO(scenario::format_diagnostics(loaded.diagnostics));
  REQUIRE(loaded.ok());
  return std::move(*loaded.scenario);
}

int64_t rate(const cluster::World& world) {
  return world.ec2_api().limits(aws::Ec2Action::kAssignPrivateIpAddresses).refill_per_second;
}

}  // namespace

TEST_CASE("Overlapping ec2Throttle events compose — the shorter one's end keeps the longer one") {
  const spec::Scenario scenario = load();
  cluster::World world(scenario, 1);
  world.start();
  world.run_until(sim::Time::at(sim::Duration::minutes(3)));
  CHECK(rate(world) == 5);
  // At 4m the action-wide throttle ends: back to the 10-minute one's 1/s (the restore used to
  // reset every limit to EC2's defaults, ending the long throttle six minutes early).
  world.run_until(sim::Time::at(sim::Duration::minutes(5)));
  CHECK(rate(world) == 1);
  CHECK(world.ec2_api().limits(aws::Ec2Action::kDescribeInstances).refill_per_second == 1);
  world.run_until(sim::Time::at(sim::Duration::minutes(12)));
  CHECK(rate(world) == 5);  // the configured mutating limit
  CHECK(world.ec2_api().limits(aws::Ec2Action::kDescribeInstances).refill_per_second == 20);
}

TEST_CASE("An event naming what does not exist is an invariant failure, not a silent no-op") {
  spec::Scenario scenario = load();
  std::get<spec::ScaleNodeGroup>(scenario.events[2].action).node_group.name = "ng-gone";
  cluster::World world(scenario, 1);
  world.start();
  try {
    world.run_until(sim::Time::at(sim::Duration::minutes(5)));
    FAIL("no invariant failure");
  } catch (const sim::InvariantViolation& e) {
    CHECK(e.time() == sim::Time::at(sim::Duration::minutes(3)));
    CHECK(e.component() == "world");
    CHECK(e.detail() == "scaleNodeGroup (line " +
                            std::to_string(scenario.events[2].location.line) +
                            ") names node group 'ng-gone', which does not exist");
  }
}

TEST_CASE("An unknown EC2 action in ec2Throttle is an invariant failure") {
  spec::Scenario scenario = load();
  std::get<spec::Ec2Throttle>(scenario.events[1].action).action = "AssignEverything";
  cluster::World world(scenario, 1);
  world.start();
  CHECK_THROWS_AS(world.run_until(sim::Time::at(sim::Duration::minutes(5))),
                  sim::InvariantViolation);
}

TEST_CASE("A node group in an unknown subnet is an invariant failure, not subnet 0") {
  spec::Scenario scenario = load();
  scenario.cluster.node_groups[0].subnets[0].name = "b";
  try {
    cluster::World world(scenario, 1);
    FAIL("no invariant failure");
  } catch (const sim::InvariantViolation& e) {
    CHECK(e.component() == "world");
    CHECK(e.detail() == "subnet 'b' is referenced but does not exist");
  }
}

TEST_CASE("A VPC host whose address the endpoint took is traced, not dropped") {
  // The ec2 interface endpoint's ENI is created first and takes 10.0.0.126 (with seed 1); the
  // host asks for the same address.
  const spec::Scenario scenario = load();
  cluster::World world(scenario, 1);
  std::vector<std::string> failures;
  world.trace().subscribe<cluster::EndpointEniFailed>(
      [&](sim::Time, const cluster::EndpointEniFailed& e) {
        failures.push_back(std::string(e.owner) + " in " + std::string(e.subnet) + ": " +
                           std::string(e.code));
      });
  world.start();
  world.run_until(sim::Time::at(sim::Duration::seconds(1)));
  REQUIRE(failures.size() == 1);
  CHECK(failures[0] == "forwarder in a: InvalidParameterValue");
}
