// kind: SecurityGroupPolicy: what the loader keeps and refuses, after the VPC resource
// controller's CRD (apis/vpcresources/v1beta1/securitygrouppolicy_types.go) and its matching
// rules (pkg/utils/helper.go filterPodSecurityGroups skips a policy with no selector).

#include <catch2/catch.hpp>
#include <map>
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

TEST_CASE(
    "applySecurityGroupPolicy and deleteSecurityGroupPolicy load — the applied policy's groups "
    "are checked, and deleting an unknown policy is an error") {
  const spec::Scenario s = load_ok(minimal_with(
      "events:\n",
      "events:\n  - {at: 1m, applySecurityGroupPolicy: {namespace: web, name: sgp, podSelector: "
      "{matchLabels: {app: web}}, securityGroups: {groupIds: [nodes]}}}\n  - {at: 2m, "
      "deleteSecurityGroupPolicy: {namespace: web, name: sgp}}\n"));
  REQUIRE(s.events.size() == 3);
  const auto* apply = std::get_if<spec::ApplySecurityGroupPolicy>(&s.events[0].action);
  REQUIRE(apply != nullptr);
  CHECK(apply->policy.ns == "web");
  CHECK(apply->policy.name == "sgp");
  REQUIRE(apply->policy.security_groups.size() == 1);
  CHECK(apply->policy.security_groups[0].name == "nodes");
  const auto* remove = std::get_if<spec::DeleteSecurityGroupPolicy>(&s.events[1].action);
  REQUIRE(remove != nullptr);
  CHECK(remove->ns == "web");
  CHECK(remove->name.name == "sgp");
  CHECK(diagnostics_of(minimal_with("events:\n",
                                    "events:\n  - {at: 1m, applySecurityGroupPolicy: {namespace: "
                                    "web, name: sgp, podSelector: {}, securityGroups: {groupIds: "
                                    "[nodez]}}}\n"))
            .find("unknown security group 'nodez' (did you mean 'nodes'?)") != std::string::npos);
  CHECK(diagnostics_of(minimal_with("events:\n",
                                    "events:\n  - {at: 2m, deleteSecurityGroupPolicy: {namespace: "
                                    "web, name: sgp}}\n"))
            .find("unknown SecurityGroupPolicy 'web/sgp'") != std::string::npos);
}

TEST_CASE("two SecurityGroupPolicies of one namespace may not share a name") {
  CHECK(diagnostics_of(with_workloads("  - {kind: SecurityGroupPolicy, namespace: web, name: p, "
                                      "podSelector: {}, securityGroups: {groupIds: [nodes]}}\n"
                                      "  - {kind: SecurityGroupPolicy, namespace: web, name: p, "
                                      "podSelector: {}, securityGroups: {groupIds: [nodes]}}\n"))
            .find("error: duplicate SecurityGroupPolicy name 'web/p'") != std::string::npos);
}

TEST_CASE("serviceAccountName and serviceAccounts load, an account declared with its labels") {
  const spec::Scenario s = load_ok(minimal_with(
      "  - {kind: Deployment, namespace: web, name: web, replicas: 2}\n",
      "  - {kind: Deployment, namespace: web, name: web, replicas: 2, serviceAccountName: "
      "crawler}\n  - {kind: Deployment, namespace: web, name: api}\nserviceAccounts:\n  - "
      "{namespace: web, name: crawler, labels: {role: crawler}}\n  - {name: ci}\n"));
  REQUIRE(s.service_accounts.size() == 2);
  CHECK(s.service_accounts[0].ns == "web");
  CHECK(s.service_accounts[0].name == "crawler");
  CHECK(s.service_accounts[0].labels == std::map<std::string, std::string>{{"role", "crawler"}});
  CHECK(s.service_accounts[1].ns == "default");
  const auto& crawler = std::get<spec::Deployment>(s.workloads[0]);
  const auto& api = std::get<spec::Deployment>(s.workloads[1]);
  CHECK(crawler.service_account == "crawler");
  CHECK(api.service_account == "default");
}

TEST_CASE(
    "a serviceAccountName no ServiceAccount has is a located warning: the pods run as an "
    "account without labels") {
  const std::string text =
      minimal_with("  - {kind: Deployment, namespace: web, name: web, replicas: 2}\n",
                   "  - {kind: Deployment, namespace: web, name: web, replicas: 2, "
                   "serviceAccountName: crawler}\n");
  const LoadResult result = load_scenario_text(text, "s.yaml");
  CHECK(result.ok());
  CHECK(format_diagnostics(result.diagnostics)
            .find("s.yaml:27:84: warning: Deployment web/web: serviceAccountName 'crawler' is no "
                  "ServiceAccount of namespace 'web', so its pods run as an account without "
                  "labels (a cluster without it refuses the pods); expected a serviceAccounts "
                  "entry {namespace: web, name: crawler}") != std::string::npos);
  // "default" needs no declaration.
  CHECK(diagnostics_of(
            minimal_with(
                "  - {kind: Deployment, namespace: web, name: web, replicas: 2}\n",
                "  - {kind: Deployment, namespace: web, name: web, serviceAccountName: default}\n"))
            .find("serviceAccountName") == std::string::npos);
}

TEST_CASE("an undeclared serviceAccountName near a declared one suggests it") {
  CHECK(diagnostics_of(minimal_with("  - {kind: Deployment, namespace: web, name: web, replicas: "
                                    "2}\n",
                                    "  - {kind: Deployment, namespace: web, name: web, "
                                    "serviceAccountName: crawlr}\nserviceAccounts:\n  - "
                                    "{namespace: web, name: crawler}\n"))
            .find("serviceAccountName 'crawlr' is no ServiceAccount of namespace 'web' (did you "
                  "mean 'crawler'?), so its pods run") != std::string::npos);
}

TEST_CASE("a service account declared twice in a namespace is an error") {
  CHECK(diagnostics_of(minimal_with("workloads:\n",
                                    "serviceAccounts:\n  - {namespace: web, name: a}\n  - "
                                    "{namespace: web, name: a}\nworkloads:\n"))
            .find("error: service account 'web/a' is declared twice; expected each service "
                  "account once per namespace") != std::string::npos);
}

}  // namespace
}  // namespace ekssim::scenario
