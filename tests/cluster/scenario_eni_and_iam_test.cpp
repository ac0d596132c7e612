// scenarios/eni-limit*.yaml and missing-cni-policy.yaml: the ENI limit as max pods, as failures
// when maxPods is set too high, and a node role without the CNI policy.

#include <catch2/catch.hpp>

#include "tests/cluster/scenario_support.h"

using ekssim::test::first_failure;
using ekssim::test::run_scenario;

TEST_CASE("at the ENI limit the next pods stay Pending on Too many pods, not failing",
          "[scenario][eni-limit]") {
  const auto report = run_scenario("eni-limit.yaml");
  REQUIRE(report.all_expectations_passed());
  CHECK(first_failure(report, "ip", "EniLimitReached") == nullptr);
  int pending = 0, running = 0;
  for (const auto& p : report.pods) {
    if (p.namespace_ != "app") continue;
    if (p.phase == "Running") ++running;
    if (p.phase != "Pending") continue;
    ++pending;
    CHECK_FALSE(p.node.has_value());
    REQUIRE(p.pending_reason);
    CHECK(p.pending_reason->find("2 Too many pods") != std::string::npos);
  }
  CHECK(running == 54);  // 2 nodes × (29 max pods − aws-node − kube-proxy)
  CHECK(pending == 6);
  for (const auto& n : report.nodes) {
    CHECK(n.max_pods == 29);
    CHECK(n.enis == 3);
    CHECK(n.ips_assigned == 27);
  }
}

TEST_CASE("with maxPods above the ENIs' capacity the extra pods fail and the ENI limit is named",
          "[scenario][eni-limit]") {
  const auto report = run_scenario("eni-limit-max-pods-too-high.yaml");
  REQUIRE(report.all_expectations_passed());
  const ekssim::report::PodReport* pod = nullptr;
  const auto* failure = first_failure(report, "ip", "EniLimitReached", &pod);
  REQUIRE(failure != nullptr);
  CHECK(failure->cause ==
        "ENI limit: m5.large holds 3 ENIs × 10 IPv4 → 29 pods; all 27 pod addresses are in use");
  CHECK(failure->fix.find("lower maxPods to 29") != std::string::npos);
  CHECK(pod->phase == "Pending");
  CHECK(pod->node.has_value());  // scheduled, waiting for its sandbox
}

TEST_CASE("without the CNI policy nodes stay NotReady until it is attached at 8m",
          "[scenario][iam]") {
  const auto report = run_scenario("missing-cni-policy.yaml");
  REQUIRE(report.all_expectations_passed());
  REQUIRE(report.nodes.size() == 2);
  for (const auto& n : report.nodes) {
    REQUIRE(n.ready_at);
    CHECK(*n.ready_at > 480);
    CHECK(n.ready);
  }
  const ekssim::report::CauseSummary* node_cause = nullptr;
  for (const auto& c : report.top_causes) {
    if (c.kind == "node") node_cause = &c;
  }
  REQUIRE(node_cause != nullptr);
  const auto& root = *node_cause;
  CHECK(root.reason == "IpamdInitFailed");
  CHECK(root.cause ==
        "ipamd cannot call ec2:DescribeNetworkInterfaces: UnauthorizedOperation (node-role lacks "
        "AmazonEKS_CNI_Policy)");
  CHECK(root.pods == 2);  // both nodes
  CHECK(root.first_at < 120);
  for (const auto& p : report.pods) {
    if (p.namespace_ != "app") continue;
    REQUIRE(p.scheduled_at);
    CHECK(*p.scheduled_at > 480);  // nothing is scheduled on a NotReady node
  }
}
