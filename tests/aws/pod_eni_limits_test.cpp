// Security Groups for Pods' per-type limits, as the VPC CNI and the VPC resource controller read
// the resource controller's table (pkg/aws/vpc/limits.go; models/aws/data/README.md).
#include "models/aws/pod_eni_limits.h"

#include <catch2/catch.hpp>

#include "models/aws/max_pods.h"

using namespace ekssim::aws;

namespace {
const InstanceType& type(const char* name) {
  return *find_instance_type(name);
}
}  // namespace

TEST_CASE("a listed Nitro type advertises its BranchInterface figure as pod-eni capacity",
          "[pod_eni]") {
  // provider.go UpdateResourceCapacity: vpc.Limits[type].BranchInterface.
  CHECK(branch_eni_capacity(type("m5.large")) == 9);
  CHECK(branch_eni_capacity(type("m6i.xlarge")) == 18);
  CHECK(branch_eni_capacity(type("m5.24xlarge")) == 107);
  CHECK(branch_eni_capacity(type("c6g.medium")) == 4);
  CHECK(trunk_supported(type("m5.large")));
}

TEST_CASE("the t family is not trunk-compatible: no trunk and no pod-eni capacity",
          "[pod_eni]") {
  // The EKS user guide's considerations: "No instance types in the t family are supported".
  CHECK_FALSE(trunk_supported(type("t3.medium")));
  CHECK(branch_eni_capacity(type("t3.medium")) == 0);
  CHECK_FALSE(cni_trunking_compatible(type("t3.medium")));
}

TEST_CASE("a type missing from the controller's table: ipamd reserves the slot, the controller "
          "refuses the trunk",
          "[pod_eni]") {
  // awsutils.go IsTrunkingCompatible returns true for an unlisted type; provider.go
  // IsInstanceSupported needs the type listed.
  const InstanceType& metal = type("c5a.metal");
  REQUIRE_FALSE(metal.trunking_compatible.has_value());
  CHECK(cni_trunking_compatible(metal));
  CHECK_FALSE(trunk_supported(metal));
  CHECK(branch_eni_capacity(metal) == 0);
}

TEST_CASE("the kubelet's max pods does not change with ENABLE_POD_ENI", "[pod_eni]") {
  // nodeadm's CalcMaxPods (and the AL2 max-pods-calculator.sh) take no SGP input: an m5.large
  // keeps 29 although ipamd can give ordinary pods only (3 − 1) × 9 addresses.
  CHECK(max_pods(type("m5.large"), MaxPodsOptions()) == 29);
}
