// Resource limits (tools/scenario/resource_limits.h) and what `check` used to accept but `run`
// refused (issue 16): each a located error naming the limit or the rule.

#include <catch2/catch.hpp>

#include "tests/scenario/scenario_text.h"

namespace ekssim::scenario {
namespace {

using testing::diagnostics_of;
using testing::load_ok;
using testing::minimal_with;

TEST_CASE("A node group's desiredCapacity above 100000 is out of range") {
  CHECK(diagnostics_of(minimal_with("desiredCapacity: 2", "desiredCapacity: 100001")) ==
        "s.yaml:21:24: error: desiredCapacity 100001 is out of range; expected an integer from 0 "
        "to 100000\n"
        "        desiredCapacity: 100001\n"
        "                         ^\n");
}

TEST_CASE(
    "Node groups reaching more than 200000 nodes in all, scale events included, are "
    "refused") {
  // ng starts at 2 and is scaled to 100000 at 5m; ng2 starts at 100000.
  std::string text = minimal_with("desiredCapacity: 3}}", "desiredCapacity: 100000}}");
  text.replace(text.find("maxSize: 4"), 10, "maxSize: 100000");
  const std::string group = R"(    - name: NAME
      instanceType: m5.large
      desiredCapacity: COUNT
      subnets: [a]
      securityGroups: [nodes]
      iamRole: node-role
workloads:)";
  auto add_group = [&](std::string name, std::string count) {
    std::string g = group;
    g.replace(g.find("NAME"), 4, name);
    g.replace(g.find("COUNT"), 5, count);
    text.replace(text.find("workloads:"), 10, g);
  };
  add_group("ng2", "100000");
  CHECK(diagnostics_of(text).empty());
  add_group("ng3", "1");
  CHECK(diagnostics_of(text) ==
        "s.yaml:19:7: error: the node groups reach 200001 nodes in all, over the limit of 200000; "
        "expected at most 200000 nodes over every group's largest desiredCapacity\n"
        "      - name: ng\n"
        "        ^\n");
}

TEST_CASE("Deployments reaching more than 2000000 replicas in all are refused") {
  const std::string text =
      minimal_with("  - {kind: Deployment, namespace: web, name: web, replicas: 2}",
                   "  - {kind: Deployment, namespace: web, name: web, replicas: 1000000}\n"
                   "  - {kind: Deployment, namespace: web, name: w2, replicas: 1000000}\n"
                   "  - {kind: Deployment, namespace: web, name: w3, replicas: 1}");
  CHECK(diagnostics_of(text) ==
        "s.yaml:27:5: error: the Deployments reach 2000001 replicas in all, over the limit of "
        "2000000; expected at most 2000000 pods over every Deployment's largest replicas\n"
        "    - {kind: Deployment, namespace: web, name: web, replicas: 1000000}\n"
        "      ^\n");
}

TEST_CASE("A scenario longer than a week of virtual time is refused") {
  CHECK(diagnostics_of(minimal_with("duration: 10m", "duration: 169h")) ==
        "s.yaml:4:11: error: duration 169h is over the limit of 168h; expected a duration of at "
        "most 168h\n"
        "  duration: 169h\n"
        "            ^\n");
}

constexpr std::string_view kTraffic = "{kind: Deployment, namespace: web, name: web, replicas: 2}";

std::string with_traffic(std::string_view every) {
  return minimal_with(kTraffic,
                      "{kind: Deployment, namespace: web, name: web, replicas: 2,\n"
                      "     traffic: [{resolve: db, every: " +
                          std::string(every) + "}]}");
}

TEST_CASE("Traffic every below 1ms is refused, naming the floor") {
  CHECK(diagnostics_of(with_traffic("1ns")) ==
        "s.yaml:28:37: error: every 1ns is below 1ms, the shortest traffic interval; expected a "
        "duration of at least 1ms\n"
        "       traffic: [{resolve: db, every: 1ns}]}\n"
        "                                      ^\n");
  CHECK(diagnostics_of(with_traffic("999us")).find("every 999us is below 1ms") !=
        std::string::npos);
  CHECK(diagnostics_of(with_traffic("0")).find("every 0s is below 1ms") != std::string::npos);
  CHECK(diagnostics_of(with_traffic("1ms")).empty());
}

TEST_CASE("A traffic entry taking more than 10000000 intervals over the run is refused") {
  std::string text = with_traffic("1ms");
  text.replace(text.find("duration: 10m"), 13, "duration: 3h");
  CHECK(diagnostics_of(text) ==
        "s.yaml:28:16: error: every 1ms over the run's 3h is 10800000 intervals, over the limit "
        "of 10000000 per traffic entry; expected every of at least 1080us\n"
        "       traffic: [{resolve: db, every: 1ms}]}\n"
        "                 ^\n");
}

constexpr std::string_view kVpc = "    cidr: 10.0.0.0/16\n";

std::string with_route_to(std::string_view destination) {
  std::string text =
      minimal_with(kVpc, std::string(kVpc) +
                             "    secondaryCidrs: [100.64.0.0/16]\n"
                             "    internetGateway: true\n"
                             "    routeTables:\n"
                             "      - name: rt\n"
                             "        routes:\n"
                             "          - {destination: " +
                             std::string(destination) + ", internetGateway: true}\n");
  return text;
}

TEST_CASE("A route to the VPC's own CIDR is refused: the local route already covers it") {
  CHECK(diagnostics_of(with_route_to("10.0.0.0/16")) ==
        "s.yaml:15:13: error: route table 'rt' has a route to 10.0.0.0/16, the VPC's primary "
        "CIDR, which its local route already covers; expected a destination outside the VPC's "
        "CIDR blocks, or no route (the local route carries traffic within the VPC)\n"
        "            - {destination: 10.0.0.0/16, internetGateway: true}\n"
        "              ^\n");
  CHECK(diagnostics_of(with_route_to("100.64.0.0/16"))
            .find("has a route to 100.64.0.0/16, the VPC's secondary CIDR, which its local route "
                  "already covers") != std::string::npos);
  CHECK(diagnostics_of(with_route_to("0.0.0.0/0")).empty());
}

}  // namespace
}  // namespace ekssim::scenario

namespace ekssim::scenario {
namespace {

TEST_CASE("CoreDNS replicas go up to 20000, the autoscaler's count for 200000 nodes and more") {
  auto with_replicas = [](std::string_view count) {
    return testing::minimal_with("  nodeGroups:\n", "  addons:\n    coredns: {replicas: " +
                                                        std::string(count) + "}\n  nodeGroups:\n");
  };
  // `ekssim generate --nodes 20000` writes 1250 (one per 16 nodes).
  CHECK(testing::load_ok(with_replicas("1250")).cluster.addons.coredns.replicas == 1250);
  CHECK(testing::diagnostics_of(with_replicas("20001"))
            .find("replicas 20001 is out of range; expected an integer from 0 to 20000") !=
        std::string::npos);
}

TEST_CASE("A subnet's addressesInUse is at most its usable addresses (size less five)") {
  // 10.0.0.0/20: 4096 addresses, 4091 usable.
  CHECK(load_ok(minimal_with("cidr: 10.0.0.0/20}", "cidr: 10.0.0.0/20, addressesInUse: 4091}"))
            .cluster.vpc.subnets[0]
            .addresses_in_use == 4091);
  CHECK(diagnostics_of(
            minimal_with("cidr: 10.0.0.0/20}", "cidr: 10.0.0.0/20, addressesInUse: 4092}")) ==
        "s.yaml:11:70: error: addressesInUse 4092 is out of range; expected an integer from 0 to "
        "4091\n"
        "        - {name: a, az: us-east-1a, cidr: 10.0.0.0/20, addressesInUse: 4092}\n"
        "                                                                       ^\n");
}

}  // namespace
}  // namespace ekssim::scenario
