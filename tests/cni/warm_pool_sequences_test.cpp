// The warm pool of one m5.large (3 ENIs × 10 IPv4, so S = 9) through start-up, pods, deletes and
// the cool-down, for the default settings and each WARM_* variable, tick by tick as ipamd's 5 s
// loop decides (tests/cni/pool_driver.h). The numbers follow ../shared/reference/ipamd.md §2.

#include <catch2/catch.hpp>

#include "tests/cni/pool_driver.h"

using namespace ekssim;
using cni::PoolStats;
using cni::WarmPoolConfig;
using cni::testing::PoolDriver;

namespace {

sim::Time at(int64_t seconds) {
  return sim::Time::at(sim::Duration::seconds(seconds));
}

WarmPoolConfig m5_large(cni::EnvConfig env) {
  return WarmPoolConfig::from_env(env, *aws::find_instance_type("m5.large"));
}

// Adds pods one by one at `now`, as the scheduler would, without ticking in between.
int add_pods(PoolDriver& d, int first, int count, sim::Time now) {
  int placed = 0;
  for (int i = first; i < first + count; ++i)
    placed += d.store().assign("pod-" + std::to_string(i), now) ? 1 : 0;
  return placed;
}

void delete_pods(PoolDriver& d, int first, int count, sim::Time now) {
  for (int i = first; i < first + count; ++i)
    REQUIRE(d.store().unassign("pod-" + std::to_string(i), now));
}

}  // namespace

TEST_CASE(
    "defaults (WARM_ENI_TARGET=1) keep one ENI's worth spare and free whole ENIs only "
    "after the cool-down",
    "[warm_pool][sequence]") {
  PoolDriver d(m5_large({}), 29);
  d.start(at(0));  // handlePreScaling fills the primary ENI
  CHECK(d.stats(at(0)).enis == 1);
  CHECK(d.stats(at(0)).total == 9);
  d.run_until(at(60));
  CHECK(d.stats(at(60)).total == 9);  // 9 available = S × 1: not low

  // One pod makes the pool low (8 < 9): a second ENI with 9 addresses.
  REQUIRE(add_pods(d, 0, 1, at(61)) == 1);
  d.run_until(at(65));
  CHECK(d.stats(at(65)).enis == 2);
  CHECK(d.stats(at(65)).total == 18);

  // Ten pods: a third ENI; then the ENI limit holds the pool at 27 addresses.
  REQUIRE(add_pods(d, 1, 9, at(66)) == 9);
  d.run_until(at(70));
  CHECK(d.stats(at(70)).enis == 3);
  CHECK(d.stats(at(70)).total == 27);
  REQUIRE(add_pods(d, 10, 17, at(71)) == 17);
  d.run_until(at(120));
  CHECK(d.stats(at(120)).total == 27);
  CHECK(d.stats(at(120)).assigned == 27);
  CHECK(add_pods(d, 27, 1, at(121)) == 0);  // ErrNoAvailableIPInDataStore

  // Delete 20 pods, emptying both secondary ENIs: available 20 ≥ 2 × 9, so one may go, but not
  // while its addresses cool.
  delete_pods(d, 7, 20, at(122));
  d.run_until(at(150));
  CHECK(d.stats(at(150)).enis == 3);
  CHECK(d.stats(at(150)).cooldown == 20);
  d.run_until(at(155));  // 33 s after the deletes: the lowest-device empty ENI goes
  CHECK(d.stats(at(155)).enis == 2);
  d.run_until(at(300));  // 11 available < 2 × 9: the other empty ENI stays as the warm one
  CHECK(d.stats(at(300)).enis == 2);
  CHECK(d.stats(at(300)).total == 18);
  CHECK(d.stats(at(300)).assigned == 7);
}

TEST_CASE("WARM_IP_TARGET=5 keeps five spare addresses, growing and shrinking one call a tick",
          "[warm_pool][sequence]") {
  PoolDriver d(m5_large({{"WARM_IP_TARGET", "5"}}), 29);
  d.start(at(0));
  CHECK(d.stats(at(0)).total == 5);

  REQUIRE(add_pods(d, 0, 3, at(1)) == 3);
  d.run_until(at(5));  // short 3: the primary ENI gets 3 more
  CHECK(d.stats(at(5)).total == 8);

  REQUIRE(add_pods(d, 3, 5, at(6)) == 5);
  d.run_until(at(10));  // 8 pods, short 5, but only 1 slot left on the primary ENI
  CHECK(d.stats(at(10)).total == 9);
  CHECK(d.stats(at(10)).enis == 1);
  d.run_until(at(15));  // short 4: a new ENI with 4 addresses
  CHECK(d.stats(at(15)).enis == 2);
  CHECK(d.stats(at(15)).total == 13);

  // Delete all pods: 13 available, 8 over; freed after the 30 s decrease gap, cooling included.
  delete_pods(d, 0, 8, at(16));
  d.run_until(at(20));
  CHECK(d.stats(at(20)).total == 5);
  // The second ENI, emptied first, is freed once a minute old and with nothing cooling.
  CHECK(d.stats(at(20)).enis == 2);
  d.run_until(at(75));
  CHECK(d.stats(at(75)).enis == 1);
  CHECK(d.stats(at(75)).total == 5);
}

TEST_CASE(
    "MINIMUM_IP_TARGET=10 alone stops growing at 10 even with every address in use "
    "(aws/amazon-vpc-cni-k8s#3685)",
    "[warm_pool][sequence]") {
  PoolDriver d(m5_large({{"MINIMUM_IP_TARGET", "10"}}), 29);
  d.start(at(0));
  CHECK(d.stats(at(0)).total == 9);  // short 10, capped by the primary ENI's 9 slots
  d.run_until(at(5));
  CHECK(d.stats(at(5)).total == 10);  // a second ENI with min(short 1, 9) = 1 address
  CHECK(d.stats(at(5)).enis == 2);

  REQUIRE(add_pods(d, 0, 10, at(6)) == 10);
  d.run_until(at(120));
  CHECK(d.stats(at(120)).total == 10);  // short = max(0 − 0, 0, 10 − 10) = 0
  CHECK(add_pods(d, 10, 1, at(121)) == 0);

  SECTION("with WARM_IP_TARGET=5 as well, five stay spare") {
    PoolDriver both(m5_large({{"MINIMUM_IP_TARGET", "10"}, {"WARM_IP_TARGET", "5"}}), 29);
    both.start(at(0));
    both.run_until(at(5));
    CHECK(both.stats(at(5)).total == 10);
    REQUIRE(add_pods(both, 0, 10, at(6)) == 10);
    both.run_until(at(10));
    CHECK(both.stats(at(10)).total == 15);
    CHECK(add_pods(both, 10, 5, at(11)) == 5);
  }
}

TEST_CASE("prefix delegation with WARM_PREFIX_TARGET=1 keeps one free /28",
          "[warm_pool][sequence]") {
  PoolDriver d(m5_large({{"ENABLE_PREFIX_DELEGATION", "true"}, {"WARM_PREFIX_TARGET", "1"}}), 110);
  d.start(at(0));
  CHECK(d.stats(at(0)).total_prefixes == 1);
  CHECK(d.stats(at(0)).total == 16);

  REQUIRE(add_pods(d, 0, 1, at(1)) == 1);
  d.run_until(at(5));  // 15 available < 16: a second /28 on the same ENI
  CHECK(d.stats(at(5)).total_prefixes == 2);
  CHECK(d.stats(at(5)).free_prefixes == 1);
  CHECK(d.stats(at(5)).enis == 1);

  REQUIRE(add_pods(d, 1, 16, at(6)) == 16);  // 17 pods: both /28s in use
  d.run_until(at(10));
  CHECK(d.stats(at(10)).total_prefixes == 3);
  CHECK(d.stats(at(10)).free_prefixes == 1);

  // Delete every pod: 3 free /28s, 2 over WARM_PREFIX_TARGET, released on the next tick.
  delete_pods(d, 0, 17, at(11));
  d.run_until(at(15));
  CHECK(d.stats(at(15)).total_prefixes == 1);
  CHECK(d.stats(at(15)).free_prefixes == 1);
}

TEST_CASE("prefix delegation with WARM_IP_TARGET counts in whole /28s", "[warm_pool][sequence]") {
  PoolDriver d(m5_large({{"ENABLE_PREFIX_DELEGATION", "true"}, {"WARM_IP_TARGET", "5"}}), 110);
  d.start(at(0));
  CHECK(d.stats(at(0)).total_prefixes == 1);

  REQUIRE(add_pods(d, 0, 11, at(1)) == 11);
  d.run_until(at(5));  // 5 available: enough
  CHECK(d.stats(at(5)).total_prefixes == 1);
  REQUIRE(add_pods(d, 11, 1, at(6)) == 1);
  d.run_until(at(10));  // 4 available, short 1 → one more /28
  CHECK(d.stats(at(10)).total_prefixes == 2);

  // Not "too high" while the second /28 is needed: ceil((12 + 5) / 16) = 2.
  d.run_until(at(60));
  CHECK(d.stats(at(60)).total_prefixes == 2);
  // With 8 pods left, ceil((8 + 5) / 16) = 1: the free /28 goes.
  delete_pods(d, 0, 4, at(61));
  d.run_until(at(65));
  CHECK(d.stats(at(65)).total_prefixes == 1);
}
