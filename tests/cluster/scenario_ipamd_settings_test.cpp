// aws-node settings a run honours instead of ignoring (issue 14): ENABLE_IPv4/ENABLE_IPv6 validity
// (isConfigValid) and AWS_MANAGE_ENIS_NON_SCHEDULABLE on nodes carrying the unschedulable taint,
// on variants of the warm-pool scenarios.

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "tests/cluster/scenario_support.h"
#include "tools/scenario/loader.h"

namespace {

// scenarios/warm-eni-target.yaml with each (from, to) replaced once, simulated.
ekssim::report::RunReport run_edited(
    const std::vector<std::pair<std::string, std::string>>& edits) {
  const std::string path = std::string(EKSSIM_SOURCE_DIR) + "/scenarios/warm-eni-target.yaml";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string yaml = text.str();
  for (const auto& [from, to] : edits) {
    const size_t at = yaml.find(from);
    REQUIRE(at != std::string::npos);
    yaml.replace(at, from.size(), to);
  }
  const auto loaded = ekssim::scenario::load_scenario_text(yaml, path);
  if (!loaded.ok()) FAIL(ekssim::scenario::format_diagnostics(loaded.diagnostics));
  return ekssim::report::simulate(*loaded.scenario, {});
}

}  // namespace

TEST_CASE("ENABLE_IPv4=false without IPv6 keeps every node NotReady with isConfigValid's reason",
          "[scenario][env]") {
  const auto report = ekssim::test::run_scenario_variant(
      "warm-ip-target.yaml", "WARM_IP_TARGET: \"5\"", "ENABLE_IPv4: \"false\"");
  CHECK_FALSE(report.all_expectations_passed());
  REQUIRE_FALSE(report.nodes.empty());
  for (const auto& node : report.nodes) {
    CHECK_FALSE(node.ready);
    REQUIRE(node.not_ready);
    CHECK(node.not_ready->reason == "IpamdInitFailed");
    CHECK(node.not_ready->cause ==
          "aws-node's ENABLE_IPv4=false and ENABLE_IPv6=false are not a valid combination "
          "(isConfigValid): IPv4 and IPv6 are both disabled. One of them have to be enabled");
  }
}

TEST_CASE(
    "a node group registered unschedulable gets no pod addresses unless "
    "AWS_MANAGE_ENIS_NON_SCHEDULABLE",
    "[scenario][env]") {
  // The nodes carry node.kubernetes.io/unschedulable:NoSchedule, as a cordon leaves them, and
  // the Deployment tolerates it, so its pods land there anyway.
  const std::pair<std::string, std::string> taint{
      "      iamRole: node-role\n",
      "      iamRole: node-role\n"
      "      taints: [{key: node.kubernetes.io/unschedulable, effect: NoSchedule}]\n"};
  const std::pair<std::string, std::string> toleration{
      "    resources: {cpu: 10m, memory: 32Mi}\n",
      "    resources: {cpu: 10m, memory: 32Mi}\n"
      "    tolerations: [{key: node.kubernetes.io/unschedulable, operator: Exists}]\n"};
  const auto cordoned = run_edited({taint, toleration});
  CHECK_FALSE(cordoned.all_expectations_passed());
  const auto* failure = ekssim::test::first_failure(cordoned, "ip", "NodeUnschedulable");
  REQUIRE(failure != nullptr);
  CHECK(failure->fix == "uncordon the node, or set AWS_MANAGE_ENIS_NON_SCHEDULABLE=true");
  for (const auto& node : cordoned.nodes) {
    CHECK(node.ready);
    CHECK(node.ips_total == 0);
  }
  const auto managed =
      run_edited({taint,
                  toleration,
                  {"    coredns: {replicas: 0}\n",
                   "    coredns: {replicas: 0}\n"
                   "    vpcCni: {env: {AWS_MANAGE_ENIS_NON_SCHEDULABLE: \"true\"}}\n"}});
  CHECK(managed.all_expectations_passed());
  CHECK(ekssim::test::first_failure(managed, "ip", "NodeUnschedulable") == nullptr);
}
