#include "models/cni/warm_pool.h"

#include <catch2/catch.hpp>

using namespace ekssim;
using cni::PoolStats;
using cni::WarmPoolConfig;

namespace {
const aws::InstanceType& m5() {
  return *aws::find_instance_type("m5.large");
}
WarmPoolConfig config(cni::EnvConfig env = {}) {
  return WarmPoolConfig::from_env(env, m5());
}
PoolStats pool(int total, int assigned, int enis = 1) {
  PoolStats s;
  s.total = total;
  s.assigned = assigned;
  s.enis = enis;
  return s;
}
}  // namespace

TEST_CASE("aws-node's environment parses as upstream's getters do", "[warm_pool]") {
  const WarmPoolConfig d = config();
  CHECK(d.warm_eni_target == 1);
  CHECK(d.warm_ip_target == 0);
  CHECK(d.minimum_ip_target == 0);
  CHECK(d.slots == 9);
  CHECK(d.max_eni == 3);
  CHECK(d.ip_cooldown == sim::Duration::seconds(30));
  // A negative or non-integer value gives the default (getWarmENITarget, getWarmIPTarget).
  CHECK(config({{"WARM_ENI_TARGET", "-2"}}).warm_eni_target == 1);
  CHECK(config({{"WARM_IP_TARGET", "five"}}).warm_ip_target == 0);
  CHECK(config({{"MAX_ENI", "2"}}).max_eni == 2);
  CHECK(config({{"MAX_ENI", "9"}}).max_eni == 3);
  CHECK(config({{"ENABLE_PREFIX_DELEGATION", "true"}}).prefix_delegation);
  // Prefix delegation is silently off on a Xen type (isConfigValid).
  CHECK_FALSE(WarmPoolConfig::from_env({{"ENABLE_PREFIX_DELEGATION", "true"}},
                                       *aws::find_instance_type("m4.large"))
                  .prefix_delegation);
}

TEST_CASE("with the defaults the pool keeps one ENI's worth of spare addresses", "[warm_pool]") {
  const WarmPoolConfig c = config();
  CHECK(cni::is_pool_too_low(c, pool(0, 0), 29));  // a fresh node
  CHECK(cni::cidrs_to_assign(c, pool(0, 0), 0) == 9);
  CHECK_FALSE(cni::is_pool_too_low(c, pool(9, 0), 29));  // 9 available = S × WARM_ENI_TARGET
  CHECK(cni::is_pool_too_low(c, pool(9, 1), 29));        // one pod: 8 < 9
  CHECK(cni::resources_to_allocate(c, pool(9, 1)) == 9);
  CHECK_FALSE(cni::is_pool_too_high(c, pool(27, 0, 3)));  // never "too high" under WARM_ENI_TARGET
  CHECK(cni::should_remove_extra_enis(c, pool(27, 9, 3), false));  // 18 ≥ 2 × 9
  CHECK_FALSE(cni::should_remove_extra_enis(c, pool(27, 10, 3), false));
  CHECK_FALSE(cni::is_pool_too_low(c, pool(29, 20, 3), 29));  // total ≥ max pods
  CHECK(cni::has_room_for_eni(c, 2));
  CHECK_FALSE(cni::has_room_for_eni(c, 3));
}

TEST_CASE("WARM_IP_TARGET keeps that many addresses spare, in small steps", "[warm_pool]") {
  const WarmPoolConfig c = config({{"WARM_IP_TARGET", "5"}});
  CHECK(c.warm_ip_targets_defined());
  CHECK(cni::datastore_target_state(c, pool(0, 0)).short_ips == 5);
  CHECK(cni::cidrs_to_assign(c, pool(0, 0), 0) == 5);
  CHECK(cni::cidrs_to_assign(c, pool(5, 3), 5) == 3);  // short 3, room 4
  CHECK(cni::cidrs_to_assign(c, pool(8, 3), 8) == 0);  // not short
  CHECK(cni::is_pool_too_high(c, pool(9, 1)));         // 8 available, 3 over
  CHECK(cni::datastore_target_state(c, pool(9, 1)).over_ips == 3);
  CHECK(cni::cidrs_to_release(c, pool(9, 1)) == 3);
  CHECK(cni::should_remove_extra_enis(c, pool(9, 1), false));
}

TEST_CASE("MINIMUM_IP_TARGET alone stops growth at the minimum even when all are assigned",
          "[warm_pool]") {
  // The README's rule and aws/amazon-vpc-cni-k8s#3685: the warm IP target is then 0.
  const WarmPoolConfig c = config({{"MINIMUM_IP_TARGET", "10"}});
  CHECK(cni::datastore_target_state(c, pool(0, 0)).short_ips == 10);
  CHECK(cni::cidrs_to_assign(c, pool(0, 0), 0) == 9);
  CHECK(cni::resources_to_allocate(c, pool(9, 0)) == 1);
  CHECK_FALSE(cni::is_pool_too_low(c, pool(10, 10, 2), 29));
  // With WARM_IP_TARGET as well, growth continues.
  const WarmPoolConfig both = config({{"MINIMUM_IP_TARGET", "10"}, {"WARM_IP_TARGET", "5"}});
  CHECK(cni::is_pool_too_low(both, pool(10, 10, 2), 29));
}

TEST_CASE("prefix delegation counts /28s against WARM_PREFIX_TARGET", "[warm_pool]") {
  const WarmPoolConfig c =
      config({{"ENABLE_PREFIX_DELEGATION", "true"}, {"WARM_PREFIX_TARGET", "1"}});
  CHECK(c.max_ips_per_eni() == 144);
  PoolStats fresh = pool(0, 0);
  CHECK(cni::is_pool_too_low(c, fresh, 110));
  CHECK(cni::prefixes_needed(c, fresh) == 1);
  PoolStats one = pool(16, 1);
  one.total_prefixes = 1;
  one.free_prefixes = 0;
  CHECK(cni::is_pool_too_low(c, one, 110));  // 15 available < 16 × 1
  CHECK(cni::prefixes_needed(c, one) == 1);
  PoolStats two_free = pool(48, 1);
  two_free.total_prefixes = 3;
  two_free.free_prefixes = 2;
  CHECK(cni::is_pool_too_high(c, two_free));
  CHECK(cni::cidrs_to_release(c, two_free) == 1);
  // With WARM_IP_TARGET the prefix arithmetic rounds to whole /28s.
  const WarmPoolConfig ip = config({{"ENABLE_PREFIX_DELEGATION", "true"}, {"WARM_IP_TARGET", "5"}});
  CHECK(cni::datastore_target_state(ip, pool(16, 14)).short_prefixes == 1);
}
