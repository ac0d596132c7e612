// scenarios/kubelet-no-ec2-egress.yaml: Kubernetes 1.26's in-tree cloud provider needs the EC2
// API at kubelet start; the nodes' outbound rules stop at the VPC until 10m.

#include <catch2/catch.hpp>

#include "tests/cluster/explain_support.h"
#include "tests/cluster/scenario_support.h"

using ekssim::sim::Duration;

namespace {
constexpr const char* kFile = "kubelet-no-ec2-egress.yaml";
constexpr const char* kFix =
    "add to nodes an outbound rule: tcp 443 to 0.0.0.0/0 (ec2.us-east-1.amazonaws.com has no "
    "fixed address)";
}  // namespace

TEST_CASE("kubelets on 1.26 cannot reach the EC2 API until outbound 443 is allowed at 10m",
          "[scenario][seed-story]") {
  const auto report = ekssim::test::run_scenario(kFile);
  CHECK(report.all_expectations_passed());
  REQUIRE(report.nodes.size() == 2);
  for (const auto& node : report.nodes) {
    CHECK(node.node_group == "workers");
    CHECK(node.ready);
    REQUIRE(node.ready_at);
    // The kubelet retries every 10 s; aws-node then starts and ipamd initialises.
    CHECK(*node.ready_at > 10 * 60);
    CHECK(*node.ready_at < 10 * 60 + 40);
  }
  REQUIRE(report.top_causes.size() == 2);
  for (const auto& cause : report.top_causes) {
    CHECK(cause.kind == "node");
    CHECK(cause.reason == "CloudProviderEc2Unreachable");
    CHECK(cause.cause.rfind("tcp 443 to ec2.us-east-1.amazonaws.com (public endpoint) blocked: "
                            "security group nodes (eni ",
                            0) == 0);
    CHECK(cause.cause.find("outbound): denied: no rule matches tcp 443 to 52.94.0.10") !=
          std::string::npos);
    CHECK(cause.fix == kFix);
    CHECK(cause.failures == 1);
    CHECK(cause.first_at < 2 * 60);
  }
  for (const auto& pod : report.pods) {
    if (pod.namespace_ != "app") continue;
    REQUIRE(pod.running_at);
    CHECK(*pod.running_at > 10 * 60);
  }
}

TEST_CASE(
    "explain names the nodes' outbound rule that stops the kubelet's EC2 call, then the "
    "path out through the NAT gateway",
    "[scenario][seed-story][explain]") {
  const ekssim::test::ScenarioWorld before(kFile, Duration::minutes(5));
  const auto e = before.explain("node/workers/1", "ec2.us-east-1.amazonaws.com:443");
  CHECK(e.source.kind == ekssim::cluster::ExplainSource::Kind::kNode);
  CHECK(e.source.chosen.rfind("node 1 of node group workers in launch order: ip-", 0) == 0);
  CHECK_FALSE(e.source.kube_proxy);  // never registered
  CHECK(e.destination.kind == ekssim::cluster::ExplainDestination::Kind::kAwsEndpoint);
  CHECK(e.destination.address.to_string() == "52.94.0.10");
  CHECK_FALSE(e.service);
  REQUIRE(e.paths.size() == 1);
  const auto& v = e.paths[0].verdict;
  CHECK(v.disposition == ekssim::net::Disposition::kDeniedOut);
  CHECK(v.reason == ekssim::net::Reason::kEniSgRulesMismatch);
  REQUIRE(v.hops.size() == 2);
  CHECK(v.hops[0].component == ekssim::net::Component::kHost);
  const auto& hop = ekssim::test::stopping_hop(v);
  CHECK(hop.component == ekssim::net::Component::kSecurityGroup);
  CHECK(hop.name == "nodes");
  CHECK(hop.direction == ekssim::net::Direction::kOutbound);
  CHECK(hop.detail == "no rule matches tcp 443 to 52.94.0.10");
  REQUIRE(v.fix);
  CHECK(v.fix->text == kFix);

  const ekssim::test::ScenarioWorld after(kFile, Duration::minutes(11));
  const auto fixed = after.explain("node/workers/1", "ec2.us-east-1.amazonaws.com:443");
  CHECK(fixed.source.kube_proxy);
  REQUIRE(fixed.paths.size() == 1);
  CHECK(fixed.paths[0].verdict.disposition == ekssim::net::Disposition::kExitsNetwork);
  CHECK(fixed.paths[0].verdict.hops[1].detail == "rule 2: tcp 443 to 0.0.0.0/0");
  CHECK_FALSE(fixed.paths[0].verdict.fix);
}
