// An EndpointSlice's nodeName is compared with each node's name at its kube-proxy's sync, as
// upstream's endpointslicecache does (isLocal: nodeName == the proxier's hostname), not resolved
// once when the scenario loads: a hand-written slice that names a node which only registers
// later makes its endpoint local there (issue 14).

#include <catch2/catch.hpp>

#include "models/cluster/node_rules.h"
#include "models/cluster/world.h"
#include "tools/scenario/loader.h"

namespace {

using ekssim::sim::Duration;
using ekssim::sim::Time;

constexpr std::string_view kScenario = R"(apiVersion: ekssim/v1
kind: Scenario
metadata: {name: local-by-node-name}
duration: 5m
cluster:
  name: c
  region: us-east-1
  vpc:
    cidr: 10.0.0.0/16
    subnets:
      - {name: a, az: us-east-1a, cidr: 10.0.0.0/24, routeTable: public, mapPublicIpOnLaunch: true}
    internetGateway: true
    routeTables:
      - {name: public, routes: [{destination: 0.0.0.0/0, internetGateway: true}]}
  securityGroups:
    - name: nodes
  iam:
    roles:
      - {name: node-role, policies: [AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy]}
  nodeGroups:
    - name: ng
      instanceType: m5.large
      desiredCapacity: 2
      subnets: [a]
      securityGroups: [nodes]
      iamRole: node-role
      nodes: [{name: node-a, ip: 10.0.0.10}, {name: node-b, ip: 10.0.0.11}]
  addons: {coredns: {replicas: 0}}
workloads:
  - {kind: Service, namespace: app, name: api, clusterIP: 172.20.0.50, internalTrafficPolicy: Local, ports: [{name: http, port: 80}]}
  - kind: EndpointSlice
    namespace: app
    name: api-1
    service: api
    ports: [{name: http, port: 8080, protocol: TCP}]
    endpoints: [{addresses: [10.0.0.99], nodeName: node-a}]
)";

const ekssim::spec::Scenario& scenario() {
  static const auto loaded = ekssim::scenario::load_scenario_text(kScenario, "s.yaml");
  REQUIRE(loaded.ok());
  return *loaded.scenario;
}

}  // namespace

TEST_CASE("A slice's nodeName makes its endpoint local on the node of that name once it exists",
          "[services][kube-proxy]") {
  ekssim::cluster::World world(scenario(), 1);
  world.start();
  // Before any node has registered, neither name is a node.
  CHECK_FALSE(world.proxy_view("node-a"));
  world.run_until(Time::at(Duration::minutes(5)));
  const auto node_a = world.api().find_node("node-a");
  const auto node_b = world.api().find_node("node-b");
  REQUIRE(node_a.valid());
  REQUIRE(node_b.valid());
  const auto ip = *ekssim::net::Ipv4::parse("172.20.0.50");
  const auto at = Time::at(Duration::minutes(5));
  // node-a: its kube-proxy's KUBE-SVL chain picks the local endpoint.
  const auto local =
      world.services().decide(node_a, "node-a", ip, 80, ekssim::net::Protocol::tcp(), at);
  CHECK(local.verdict == ekssim::k8s::DnatVerdict::kDnat);
  CHECK(local.local_policy);
  REQUIRE(local.candidates.size() == 1);
  CHECK(local.candidates[0].ip.to_string() == "10.0.0.99");
  // node-b has none of its own: "has no local endpoints", dropped.
  CHECK(
      world.services().decide(node_b, "node-b", ip, 80, ekssim::net::Protocol::tcp(), at).verdict ==
      ekssim::k8s::DnatVerdict::kDrop);

  const std::string rules_a = *ekssim::cluster::render_node_iptables(world, "node-a");
  CHECK(rules_a.find("-A KUBE-SERVICES -m comment --comment \"app/api:http cluster IP\" -m tcp -p "
                     "tcp -d 172.20.0.50 --dport 80 -j KUBE-SVL-") != std::string::npos);
  CHECK(rules_a.find("-j DNAT --to-destination 10.0.0.99:8080") != std::string::npos);
  CHECK(rules_a.find("has no local endpoints") == std::string::npos);
  const std::string rules_b = *ekssim::cluster::render_node_iptables(world, "node-b");
  CHECK(rules_b.find("-A KUBE-SERVICES -m comment --comment \"app/api:http has no local "
                     "endpoints\" -m tcp -p tcp -d 172.20.0.50 --dport 80 -j DROP") !=
        std::string::npos);
}
