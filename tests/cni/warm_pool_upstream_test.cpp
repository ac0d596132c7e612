// Upstream's own warm-pool test cases (aws/amazon-vpc-cni-k8s pkg/ipamd/ipamd_test.go, each
// named below), restated against ekssim's decision functions over a real Datastore. Where
// upstream sets IPAMContext fields directly, these tests set WarmPoolConfig's.

#include <catch2/catch.hpp>

#include "models/cni/datastore.h"
#include "models/cni/warm_pool.h"

using namespace ekssim;
using cni::Datastore;
using cni::PoolStats;
using cni::WarmPoolConfig;

namespace {

const sim::Time kNow = sim::Time::at(sim::Duration::seconds(100));

WarmPoolConfig context(bool prefixes, int slots, int max_eni) {
  WarmPoolConfig c;
  c.prefix_delegation = prefixes;
  c.slots = slots;
  c.max_eni = max_eni;
  c.warm_eni_target = 0;
  return c;
}

// testDatastore, datastoreWith3FreeIPs, datastoreWith1Pod1, datastoreWith3Pods.
Datastore ip_datastore(const WarmPoolConfig& c, int ips, int pods) {
  Datastore ds(c);
  if (ips == 0) return ds;
  ds.add_eni("eni-00000000", 0, true, sim::Time());
  for (int i = 1; i <= ips; ++i)
    ds.add_ips("eni-00000000", {net::Ipv4::from_octets(10, 1, 1, static_cast<uint8_t>(i))});
  for (int i = 0; i < pods; ++i)
    REQUIRE(ds.assign("sandbox-" + std::to_string(i), kNow));
  return ds;
}

// testDatastorewithPrefix, datastoreWithFreeIPsFromPrefix, datastoreWith1Pod1FromPrefix,
// datastoreWith3PodsFromPrefix.
Datastore prefix_datastore(const WarmPoolConfig& c, bool with_prefix, int pods) {
  Datastore ds(c);
  if (!with_prefix) return ds;
  ds.add_eni("eni-00000000", 0, true, sim::Time());
  ds.add_prefixes("eni-00000000", {*net::Cidr::parse("10.1.1.0/28")});
  for (int i = 0; i < pods; ++i)
    REQUIRE(ds.assign("sandbox-" + std::to_string(i), kNow));
  return ds;
}

WarmPoolConfig env_config(cni::EnvConfig env) {
  return WarmPoolConfig::from_env(env, *aws::find_instance_type("m5.large"));
}

}  // namespace

TEST_CASE("TestGetWarmIPTargetState: short and over against WARM_IP_TARGET",
          "[warm_pool][upstream]") {
  WarmPoolConfig c = context(false, 14, 4);
  Datastore ds(c);
  CHECK_FALSE(c.warm_ip_targets_defined());
  cni::TargetState t = cni::datastore_target_state(c, ds.stats(kNow));
  CHECK(t.short_ips == 0);
  CHECK(t.over_ips == 0);

  c.warm_ip_target = 5;
  t = cni::datastore_target_state(c, ds.stats(kNow));
  CHECK(t.short_ips == 5);
  CHECK(t.over_ips == 0);

  ds.add_eni("eni-1", 1, true, sim::Time());
  ds.add_ips("eni-1", {*net::Ipv4::parse("1.1.1.1"), *net::Ipv4::parse("1.1.1.2")});
  t = cni::datastore_target_state(c, ds.stats(kNow));
  CHECK(t.short_ips == 3);
  CHECK(t.over_ips == 0);

  ds.add_ips("eni-1", {*net::Ipv4::parse("1.1.1.3"), *net::Ipv4::parse("1.1.1.4"),
                       *net::Ipv4::parse("1.1.1.5")});
  t = cni::datastore_target_state(c, ds.stats(kNow));
  CHECK(t.short_ips == 0);
  CHECK(t.over_ips == 0);
}

TEST_CASE("TestGetWarmIPTargetStateWithPDenabled: the same in whole /28s",
          "[warm_pool][upstream]") {
  WarmPoolConfig c = context(true, 14, 4);
  Datastore ds(c);
  c.warm_ip_target = 5;
  cni::TargetState t = cni::datastore_target_state(c, ds.stats(kNow));
  CHECK(t.short_prefixes == 1);
  CHECK(t.over_prefixes == 0);

  ds.add_eni("eni-1", 1, true, sim::Time());
  ds.add_prefixes("eni-1", {*net::Cidr::parse("10.1.1.0/28"), *net::Cidr::parse("20.1.1.0/28")});
  t = cni::datastore_target_state(c, ds.stats(kNow));
  CHECK(t.short_prefixes == 0);
  CHECK(t.over_prefixes == 1);

  REQUIRE(ds.remove_cidr("eni-1", *net::Cidr::parse("20.1.1.0/28")));
  t = cni::datastore_target_state(c, ds.stats(kNow));
  CHECK(t.short_prefixes == 0);
  CHECK(t.over_prefixes == 0);
}

TEST_CASE("TestIPAMContext_nodeIPPoolTooLow", "[warm_pool][upstream]") {
  struct Case {
    const char* name;
    int max_ips_per_eni, warm_eni, warm_ip, ips, pods, max_pods;
    bool want;
  };
  const Case cases[] = {
      {"Test new ds, all defaults", 14, 1, 0, 0, 0, 500, true},
      {"Test new ds, 0 ENIs", 14, 0, 0, 0, 0, 500, true},
      {"Test new ds, 3 warm IPs", 14, 0, 3, 0, 0, 500, true},
      {"Test 3 unused IPs, 1 warm", 3, 1, 1, 3, 0, 500, false},
      {"Test 1 used, 1 warm ENI", 3, 1, 0, 3, 1, 500, true},
      {"Test 1 used, 0 warm ENI", 3, 0, 0, 3, 1, 500, false},
      {"Test 3 used, 1 warm ENI", 3, 1, 0, 3, 3, 500, true},
      {"Test 3 used, 0 warm ENI", 3, 0, 0, 3, 3, 500, true},
      {"Test max pods exceeded", 3, 0, 5, 3, 3, 3, false},
  };
  for (const Case& k : cases) {
    INFO(k.name);
    WarmPoolConfig c = context(false, k.max_ips_per_eni, 4);
    c.warm_eni_target = k.warm_eni;
    c.warm_ip_target = k.warm_ip;
    const Datastore ds = ip_datastore(c, k.ips, k.pods);
    CHECK(cni::is_pool_too_low(c, ds.stats(kNow), k.max_pods) == k.want);
  }
}

TEST_CASE("TestIPAMContext_nodePrefixPoolTooLow", "[warm_pool][upstream]") {
  struct Case {
    const char* name;
    int warm_prefix;
    bool with_prefix;
    int pods, max_pods;
    bool want;
  };
  const Case cases[] = {
      {"Test new ds, all defaults", 1, false, 0, 500, true},
      {"Test new ds, 0 ENIs", 0, false, 0, 500, true},
      {"Test 3 unused IPs, 1 warm", 1, true, 0, 500, false},
      {"Test 1 used, 1 warm Prefix", 1, true, 1, 500, true},
      {"Test 1 used, 0 warm Prefix", 0, true, 1, 500, false},
      {"Test 3 used, 1 warm Prefix", 1, true, 3, 500, true},
      {"Test 3 used, 0 warm Prefix", 0, true, 3, 500, false},
      {"Test max pods exceeded", 1, true, 3, 4, false},
  };
  for (const Case& k : cases) {
    INFO(k.name);
    WarmPoolConfig c = context(true, 16, 4);  // maxIPsPerENI 256, maxPrefixesPerENI 16
    c.warm_prefix_target = k.warm_prefix;
    const Datastore ds = prefix_datastore(c, k.with_prefix, k.pods);
    CHECK(cni::is_pool_too_low(c, ds.stats(kNow), k.max_pods) == k.want);
  }
}

TEST_CASE("TestDecreaseIPPool: the release honours WARM_IP_TARGET across ENIs",
          "[warm_pool][upstream]") {
  WarmPoolConfig c = context(false, 14, 4);
  c.warm_ip_target = 1;
  Datastore ds(c);
  ds.add_eni("eni-00000000", 0, true, sim::Time());
  ds.add_eni("eni-00000001", 1, false, sim::Time());
  ds.add_ips("eni-00000000", {*net::Ipv4::parse("10.1.1.1"), *net::Ipv4::parse("10.1.1.2")});
  REQUIRE(ds.assign("container1", kNow));
  ds.add_ips("eni-00000001", {*net::Ipv4::parse("10.1.2.1"), *net::Ipv4::parse("10.1.2.2")});
  REQUIRE(ds.assign("container2", kNow));
  // container2 went to the primary ENI's second address; upstream's map order may differ.
  cni::TargetState t = cni::datastore_target_state(c, ds.stats(kNow));
  CHECK(t.short_ips == 0);
  CHECK(t.over_ips == 1);  // 4 IPs, 2 assigned, WARM_IP_TARGET 1
  CHECK(cni::is_pool_too_high(c, ds.stats(kNow)));
  const int over = cni::cidrs_to_release(c, ds.stats(kNow));
  REQUIRE(over == 1);
  for (const auto& [eni, cidr] : ds.freeable_cidrs(over))
    REQUIRE(ds.remove_cidr(eni, cidr));
  t = cni::datastore_target_state(c, ds.stats(kNow));
  CHECK(t.short_ips == 0);
  CHECK(t.over_ips == 0);
}

TEST_CASE("TestTryAddIPToENI and testIncreaseIPPool: what a new ENI or the primary is asked for",
          "[warm_pool][upstream]") {
  WarmPoolConfig c = context(false, 14, 4);
  c.warm_eni_target = 1;
  Datastore empty(c);
  REQUIRE(cni::is_pool_too_low(c, empty.stats(kNow), 500));
  CHECK_FALSE(empty.allocatable_eni());
  CHECK(cni::has_room_for_eni(c, empty.eni_count()));
  CHECK(cni::resources_to_allocate(c, empty.stats(kNow)) == 14);  // AllocENI(…, 14, …)
  // With subnet discovery the primary ENI is known and unfilled: AllocIPAddresses(primary, 14).
  Datastore primary(c);
  primary.add_eni("eni-00000000", 0, true, sim::Time());
  REQUIRE(primary.allocatable_eni());
  CHECK(cni::cidrs_to_assign(c, primary.stats(kNow), primary.allocatable_eni()->second) == 14);

  WarmPoolConfig warm = c;
  warm.warm_ip_target = 3;
  CHECK(cni::resources_to_allocate(warm, empty.stats(kNow)) == 3);  // AllocENI(…, 3, …)
}

TEST_CASE("testIncreasePrefixPool: one /28 at a time under WARM_PREFIX_TARGET=1",
          "[warm_pool][upstream]") {
  WarmPoolConfig c = context(true, 16, 4);
  c.warm_eni_target = 1;
  c.warm_prefix_target = 1;
  Datastore empty(c);
  REQUIRE(cni::is_pool_too_low(c, empty.stats(kNow), 500));
  CHECK(cni::resources_to_allocate(c, empty.stats(kNow)) == 1);
  Datastore primary(c);
  primary.add_eni("eni-00000000", 0, true, sim::Time());
  CHECK(cni::cidrs_to_assign(c, primary.stats(kNow), 0) == 1);
}

TEST_CASE(
    "TestGetWarmENITarget, TestGetWarmPrefixTarget, TestGetMinimumIPTarget: the getters' "
    "defaults and rejects",
    "[warm_pool][upstream]") {
  // TestGetWarmENITarget (which reads WARM_IP_TARGET).
  CHECK(env_config({{"WARM_IP_TARGET", "5"}}).warm_ip_target == 5);
  CHECK(env_config({}).warm_ip_target == 0);
  CHECK(env_config({{"WARM_IP_TARGET", "non-integer-string"}}).warm_ip_target == 0);
  // TestGetWarmPrefixTarget.
  CHECK(env_config({{"WARM_PREFIX_TARGET", "5"}}).warm_prefix_target == 5);
  CHECK(env_config({}).warm_prefix_target == 0);
  CHECK(env_config({{"WARM_PREFIX_TARGET", "non-integer-string"}}).warm_prefix_target == 0);
  // TestGetMinimumIPTarget.
  CHECK(env_config({}).minimum_ip_target == 0);
  CHECK(env_config({{"MINIMUM_IP_TARGET", "10"}}).minimum_ip_target == 10);
  CHECK(env_config({{"MINIMUM_IP_TARGET", "0"}}).minimum_ip_target == 0);
  CHECK(env_config({{"MINIMUM_IP_TARGET", "-5"}}).minimum_ip_target == 0);
  CHECK(env_config({{"MINIMUM_IP_TARGET", "invalid"}}).minimum_ip_target == 0);
}

TEST_CASE(
    "TestUsePrefixDelegation and TestIsConfigValid: prefix delegation falls back on types "
    "that are neither Nitro nor metal",
    "[warm_pool][upstream]") {
  CHECK_FALSE(env_config({}).prefix_delegation);
  CHECK(env_config({{"ENABLE_PREFIX_DELEGATION", "true"}}).prefix_delegation);
  const cni::EnvConfig pd = {{"ENABLE_PREFIX_DELEGATION", "true"}};
  CHECK_FALSE(WarmPoolConfig::from_env(pd, *aws::find_instance_type("m4.large")).prefix_delegation);
  // IsPrefixDelegationSupported accepts bare metal, whose hypervisor the table lists as unknown.
  const aws::InstanceType& metal = *aws::find_instance_type("m5.metal");
  REQUIRE(metal.hypervisor == aws::Hypervisor::kUnknown);
  CHECK(WarmPoolConfig::from_env(pd, metal).prefix_delegation);
}

TEST_CASE("TestIPAMContext_WarmIPTargetsDefined and TestIPAMContext_WarmPrefixTargetDefined",
          "[warm_pool][upstream]") {
  WarmPoolConfig c;
  CHECK_FALSE(c.warm_ip_targets_defined());  // both not defined
  c.warm_ip_target = 5;
  CHECK(c.warm_ip_targets_defined());
  c.warm_ip_target = 0;
  c.minimum_ip_target = 10;
  CHECK(c.warm_ip_targets_defined());
  c.warm_ip_target = 5;
  CHECK(c.warm_ip_targets_defined());

  WarmPoolConfig p;
  CHECK_FALSE(p.warm_prefix_target_defined());  // 0 without prefix delegation
  p.warm_prefix_target = 1;
  CHECK_FALSE(p.warm_prefix_target_defined());  // defined without prefix delegation
  p.prefix_delegation = true;
  CHECK(p.warm_prefix_target_defined());
  p.warm_prefix_target = 0;
  CHECK(p.warm_prefix_target_defined());  // the ≥ 0 quirk: unset still counts as defined
}
