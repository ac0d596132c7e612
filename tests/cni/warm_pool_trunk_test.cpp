// hasRoomForEni with ENABLE_POD_ENI (aws/amazon-vpc-cni-k8s pkg/ipamd/ipamd.go): the trunk ENI
// that the VPC resource controller attaches takes one of the default card's ENI slots.
#include <catch2/catch.hpp>

#include "models/cni/warm_pool.h"

using namespace ekssim;
using cni::WarmPoolConfig;

namespace {
WarmPoolConfig config(const char* type, cni::EnvConfig env) {
  return WarmPoolConfig::from_env(env, *aws::find_instance_type(type));
}
}  // namespace

TEST_CASE("ENABLE_POD_ENI keeps one ENI slot for the trunk on a trunk-compatible type",
          "[warm_pool][pod_eni]") {
  const WarmPoolConfig c = config("m5.large", {{"ENABLE_POD_ENI", "true"}});
  CHECK(c.trunk_slot);
  // maxUsableENIs = maxENI − trunkEni: an m5.large's 3 slots leave 2 for pod ENIs.
  CHECK(cni::has_room_for_eni(c, 1));
  CHECK_FALSE(cni::has_room_for_eni(c, 2));
}

TEST_CASE("without ENABLE_POD_ENI every slot is a pod ENI's", "[warm_pool][pod_eni]") {
  const WarmPoolConfig c = config("m5.large", {{"ENABLE_POD_ENI", "false"}});
  CHECK_FALSE(c.trunk_slot);
  CHECK(cni::has_room_for_eni(c, 2));
}

TEST_CASE("a type the table calls not trunk-compatible reserves nothing",
          "[warm_pool][pod_eni]") {
  // IsTrunkingCompatible() is false for t3.medium, so hasRoomForEni's trunkEni stays 0.
  const WarmPoolConfig c = config("t3.medium", {{"ENABLE_POD_ENI", "true"}});
  CHECK_FALSE(c.trunk_slot);
  CHECK(cni::has_room_for_eni(c, 2));
}

TEST_CASE("an unlisted type counts as trunk-compatible, so its slot is reserved too",
          "[warm_pool][pod_eni]") {
  // awsutils.go IsTrunkingCompatible: a type missing from the controller's table gives true.
  const WarmPoolConfig c = config("c5a.metal", {{"ENABLE_POD_ENI", "1"}});
  CHECK(c.trunk_slot);
  CHECK_FALSE(cni::has_room_for_eni(c, 14));
  CHECK(cni::has_room_for_eni(c, 13));
}
