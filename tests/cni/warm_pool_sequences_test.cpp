// The warm pool of one m5.large (3 ENIs × 10 IPv4, so S = 9) through start-up, pods, deletes and
// the cool-down, for the default settings and each WARM_* variable, as the real ipamd's 5 s loop
// decides with EC2's latency (tests/cni/ipamd_node.h). Each step runs long enough for the loop
// to settle; the numbers follow ../shared/reference/ipamd.md §2.

#include <catch2/catch.hpp>

#include "tests/cni/ipamd_node.h"

using namespace ekssim;
using test::IpamdNode;

namespace {

// Adds pods one by one, as the scheduler would, without running the loop in between; returns
// how many got an address.
int add_pods(IpamdNode& n, int first, int count) {
  int placed = 0;
  for (int i = first; i < first + count; ++i)
    placed += n.add("pod-" + std::to_string(i)).ok ? 1 : 0;
  return placed;
}

void delete_pods(IpamdNode& n, int first, int count) {
  for (int i = first; i < first + count; ++i)
    n.del("pod-" + std::to_string(i));
}

}  // namespace

TEST_CASE(
    "defaults (WARM_ENI_TARGET=1) keep one ENI's worth spare and free whole ENIs only "
    "after the cool-down",
    "[warm_pool][sequence]") {
  IpamdNode n;
  n.start();  // handlePreScaling fills the primary ENI
  n.run_for(30);
  CHECK(n.stats().enis == 1);
  CHECK(n.stats().total == 9);  // 9 available = S × 1: not low

  // One pod makes the pool low (8 < 9): a second ENI with 9 addresses.
  REQUIRE(add_pods(n, 0, 1) == 1);
  n.run_for(30);
  CHECK(n.stats().enis == 2);
  CHECK(n.stats().total == 18);

  // Ten pods: a third ENI; then the ENI limit holds the pool at 27 addresses.
  REQUIRE(add_pods(n, 1, 9) == 9);
  n.run_for(30);
  CHECK(n.stats().enis == 3);
  CHECK(n.stats().total == 27);
  REQUIRE(add_pods(n, 10, 17) == 17);
  n.run_for(60);
  CHECK(n.stats().total == 27);
  CHECK(n.stats().assigned == 27);
  CHECK(add_pods(n, 27, 1) == 0);  // ErrNoAvailableIPInDataStore

  // Delete 20 pods, emptying both secondary ENIs: available 20 ≥ 2 × 9, so one may go, but not
  // while its addresses cool.
  delete_pods(n, 7, 20);
  n.run_for(25);
  CHECK(n.stats().enis == 3);
  CHECK(n.stats().cooldown == 20);
  n.run_for(15);  // 40 s after the deletes: the lowest-device empty ENI has gone
  CHECK(n.stats().enis == 2);
  n.run_for(150);  // 11 available < 2 × 9: the other empty ENI stays as the warm one
  CHECK(n.stats().enis == 2);
  CHECK(n.stats().total == 18);
  CHECK(n.stats().assigned == 7);
  CHECK(n.ec2.check_invariants().empty());
}

TEST_CASE("WARM_IP_TARGET=5 keeps five spare addresses, growing and shrinking one call a tick",
          "[warm_pool][sequence]") {
  IpamdNode n(cni::EnvConfig{{"WARM_IP_TARGET", "5"}});
  n.start();
  n.run_for(30);
  CHECK(n.stats().total == 5);

  REQUIRE(add_pods(n, 0, 3) == 3);
  n.run_for(30);  // short 3: the primary ENI gets 3 more
  CHECK(n.stats().total == 8);

  // 8 pods, short 5, but only 1 slot left on the primary ENI: that one, then a new ENI with 4.
  REQUIRE(add_pods(n, 3, 5) == 5);
  n.run_for(30);
  CHECK(n.stats().enis == 2);
  CHECK(n.stats().total == 13);

  // Delete all pods: 13 available, 8 over; the first decrease needs no wait, cooling included.
  delete_pods(n, 0, 8);
  n.run_for(10);
  CHECK(n.stats().total == 5);
  // The second ENI, emptied first, is freed once a minute old and with nothing cooling.
  CHECK(n.stats().enis == 2);
  n.run_for(60);
  CHECK(n.stats().enis == 1);
  CHECK(n.stats().total == 5);
}

TEST_CASE(
    "MINIMUM_IP_TARGET=10 alone stops growing at 10 even with every address in use "
    "(aws/amazon-vpc-cni-k8s#3685)",
    "[warm_pool][sequence]") {
  SECTION("alone") {
    IpamdNode n(cni::EnvConfig{{"MINIMUM_IP_TARGET", "10"}});
    n.start();
    // Short 10: the primary ENI's 9 slots, then a second ENI with min(short 1, 9) = 1.
    n.run_for(30);
    CHECK(n.stats().total == 10);
    CHECK(n.stats().enis == 2);
    REQUIRE(add_pods(n, 0, 10) == 10);
    n.run_for(90);
    CHECK(n.stats().total == 10);  // short = max(0 − 0, 0, 10 − 10) = 0
    CHECK(add_pods(n, 10, 1) == 0);
  }
  SECTION("with WARM_IP_TARGET=5 as well, five stay spare") {
    IpamdNode n(cni::EnvConfig{{"MINIMUM_IP_TARGET", "10"}, {"WARM_IP_TARGET", "5"}});
    n.start();
    n.run_for(30);
    CHECK(n.stats().total == 10);
    REQUIRE(add_pods(n, 0, 10) == 10);
    n.run_for(30);
    CHECK(n.stats().total == 15);
    CHECK(add_pods(n, 10, 5) == 5);
  }
}

TEST_CASE("prefix delegation with WARM_PREFIX_TARGET=1 keeps one free /28",
          "[warm_pool][sequence]") {
  IpamdNode n(cni::EnvConfig{{"ENABLE_PREFIX_DELEGATION", "true"}, {"WARM_PREFIX_TARGET", "1"}});
  n.max_pods = 110;
  n.start();
  n.run_for(30);
  CHECK(n.stats().total_prefixes == 1);
  CHECK(n.stats().total == 16);

  REQUIRE(add_pods(n, 0, 1) == 1);
  n.run_for(30);  // 15 available < 16: a second /28 on the same ENI
  CHECK(n.stats().total_prefixes == 2);
  CHECK(n.stats().free_prefixes == 1);
  CHECK(n.stats().enis == 1);

  REQUIRE(add_pods(n, 1, 16) == 16);  // 17 pods: both /28s in use
  n.run_for(30);
  CHECK(n.stats().total_prefixes == 3);
  CHECK(n.stats().free_prefixes == 1);

  // Delete every pod: 3 free /28s, 2 over WARM_PREFIX_TARGET, released by the next decrease.
  delete_pods(n, 0, 17);
  n.run_for(10);
  CHECK(n.stats().total_prefixes == 1);
  CHECK(n.stats().free_prefixes == 1);
}

TEST_CASE("prefix delegation with WARM_IP_TARGET counts in whole /28s", "[warm_pool][sequence]") {
  IpamdNode n(cni::EnvConfig{{"ENABLE_PREFIX_DELEGATION", "true"}, {"WARM_IP_TARGET", "5"}});
  n.max_pods = 110;
  n.start();
  n.run_for(30);
  CHECK(n.stats().total_prefixes == 1);

  REQUIRE(add_pods(n, 0, 11) == 11);
  n.run_for(30);  // 5 available: enough
  CHECK(n.stats().total_prefixes == 1);
  REQUIRE(add_pods(n, 11, 1) == 1);
  n.run_for(30);  // 4 available, short 1 → one more /28
  CHECK(n.stats().total_prefixes == 2);

  // Not "too high" while the second /28 is needed: ceil((12 + 5) / 16) = 2.
  n.run_for(60);
  CHECK(n.stats().total_prefixes == 2);
  // With 8 pods left, ceil((8 + 5) / 16) = 1: the free /28 goes.
  delete_pods(n, 0, 4);
  n.run_for(10);
  CHECK(n.stats().total_prefixes == 1);
}
