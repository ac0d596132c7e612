// Planner warnings (tools/scenario/planner_warnings.h): prefix delegation left at the ENI
// formula's maxPods is named with what EKS's max-pods calculator gives.

#include "tools/scenario/planner_warnings.h"

#include <catch2/catch.hpp>

#include "tests/scenario/scenario_text.h"

using ekssim::scenario::format_warnings;
using ekssim::scenario::planner_warnings;
using ekssim::scenario::testing::load_ok;
using ekssim::scenario::testing::minimal_with;

namespace {

std::string warnings_of(const std::string& text) {
  return format_warnings(planner_warnings(load_ok(text), text, "s.yaml"));
}

const std::string kPrefixDelegation =
    "  addons:\n    vpcCni:\n      env: {ENABLE_PREFIX_DELEGATION: \"true\"}\n  nodeGroups:";

}  // namespace

TEST_CASE("Prefix delegation with the ENI formula's maxPods warns at the node group") {
  CHECK(warnings_of(minimal_with("  nodeGroups:", kPrefixDelegation)) ==
        "s.yaml:22:7: warning: node group 'ng' keeps the ENI formula's maxPods 29 for m5.large "
        "although ENABLE_PREFIX_DELEGATION is true: the kubelet refuses pods beyond 29, so prefix "
        "delegation's density never shows; expected maxPods: 110, what EKS's max-pods calculator "
        "gives with --cni-prefix-delegation-enabled (2 vCPUs: the 110-pod cap)\n"
        "      - name: ng\n"
        "        ^\n");
}

TEST_CASE("Prefix delegation with maxPods raised, or without it, gives no warning") {
  const std::string raised =
      minimal_with("      desiredCapacity: 2\n", "      desiredCapacity: 2\n      maxPods: 110\n");
  CHECK(warnings_of(minimal_with("  nodeGroups:", kPrefixDelegation)).size() > 0);
  std::string both = raised;
  both.replace(both.find("  nodeGroups:"), 13, kPrefixDelegation);
  CHECK(warnings_of(both).empty());
  CHECK(warnings_of(std::string(ekssim::scenario::testing::kMinimal)).empty());
}
