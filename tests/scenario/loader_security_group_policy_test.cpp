// kind: SecurityGroupPolicy: what the loader keeps and refuses, after the VPC resource
// controller's CRD (apis/vpcresources/v1beta1/securitygrouppolicy_types.go) and its matching
// rules (pkg/utils/helper.go filterPodSecurityGroups skips a policy with no selector).

#include <catch2/catch.hpp>
#include <string>

#include "tests/scenario/scenario_text.h"

namespace ekssim::scenario {
namespace {

using testing::diagnostics_of;
using testing::load_ok;
using testing::minimal_with;
using testing::with_workloads;

TEST_CASE("a SecurityGroupPolicy loads with its selectors and groups") {
  const spec::Scenario s = load_ok(with_workloads(
      "  - {kind: SecurityGroupPolicy, namespace: web, name: sgp, podSelector: {matchLabels: "
      "{app: web}}, serviceAccountSelector: {}, securityGroups: {groupIds: [nodes]}}\n"));
  const spec::SecurityGroupPolicy* p = nullptr;
  for (const spec::Workload& w : s.workloads) {
    if (const auto* found = std::get_if<spec::SecurityGroupPolicy>(&w)) p = found;
  }
  REQUIRE(p != nullptr);
  CHECK(p->ns == "web");
  CHECK(p->name == "sgp");
  REQUIRE(p->pod_selector);
  CHECK(p->pod_selector->to_string() == "app=web");
  REQUIRE(p->service_account_selector);
  CHECK(p->service_account_selector->empty());
  REQUIRE(p->security_groups.size() == 1);
  CHECK(p->security_groups[0].name == "nodes");
}

TEST_CASE("a SecurityGroupPolicy without a selector is refused: the controller would skip it") {
  CHECK(diagnostics_of(with_workloads("  - {kind: SecurityGroupPolicy, namespace: web, name: p, "
                                   "securityGroups: {groupIds: [nodes]}}\n"))
            .find("error: SecurityGroupPolicy 'p' has no selector (the controller ignores such "
                  "a policy); expected podSelector or serviceAccountSelector") !=
        std::string::npos);
}

TEST_CASE("a SecurityGroupPolicy's groups must be declared, at least one and at most five") {
  CHECK(diagnostics_of(with_workloads("  - {kind: SecurityGroupPolicy, namespace: web, name: p, "
                                   "podSelector: {}, securityGroups: {groupIds: [nodez]}}\n"))
            .find("unknown security group 'nodez' (did you mean 'nodes'?)") != std::string::npos);
  CHECK(diagnostics_of(with_workloads("  - {kind: SecurityGroupPolicy, namespace: web, name: p, "
                                   "podSelector: {}, securityGroups: {groupIds: []}}\n"))
            .find("error: SecurityGroupPolicy 'p' lists no security groups") != std::string::npos);
  CHECK(diagnostics_of(with_workloads("  - {kind: SecurityGroupPolicy, namespace: web, name: p, "
                                   "podSelector: {}, securityGroups: {groupIds: [nodes, nodes, "
                                   "nodes, nodes, nodes, nodes]}}\n"))
            .find("error: SecurityGroupPolicy 'p' lists 6 security groups; expected at most 5 "
                  "groupIds per SecurityGroupPolicy") != std::string::npos);
}

}  // namespace
}  // namespace ekssim::scenario
