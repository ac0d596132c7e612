// Upstream's own datastore test cases (aws/amazon-vpc-cni-k8s
// pkg/ipamd/datastore/data_store_test.go, each named below), restated against ekssim's Datastore.
// Where upstream fakes time by zeroing createTime or UnassignedTime, these tests move the virtual
// clock instead. Checkpoint-file cases have no counterpart (ekssim keeps no file).

#include <catch2/catch.hpp>

#include "models/cni/datastore.h"

using namespace ekssim;
using cni::Datastore;
using cni::WarmPoolConfig;

namespace {

net::Ipv4 ip(const char* text) {
  return *net::Ipv4::parse(text);
}
net::Cidr cidr(const char* text) {
  return *net::Cidr::parse(text);
}
sim::Time at(int64_t seconds) {
  return sim::Time::at(sim::Duration::seconds(seconds));
}
WarmPoolConfig config(bool prefixes, int warm_ip = 0, int minimum_ip = 0, int warm_prefix = 0) {
  WarmPoolConfig c;
  c.prefix_delegation = prefixes;
  c.slots = 14;
  c.max_eni = 4;
  c.warm_ip_target = warm_ip;
  c.minimum_ip_target = minimum_ip;
  c.warm_prefix_target = warm_prefix;
  return c;
}

}  // namespace

TEST_CASE(
    "TestPodIPv4Address: addresses go to sandboxes, repeat ADDs are idempotent, and a "
    "released ENI becomes deletable once old and cooled",
    "[datastore][upstream]") {
  Datastore ds(config(false));
  ds.add_eni("eni-1", 0, true, at(0));
  ds.add_eni("eni-2", 1, false, at(0));
  ds.add_ips("eni-1", {ip("1.1.1.1")});

  auto a = ds.assign("sandbox-1", at(1));
  REQUIRE(a);
  CHECK(a->ip == ip("1.1.1.1"));
  CHECK(a->eni == "eni-1");
  CHECK(ds.stats(at(1)).total == 1);
  CHECK(ds.stats(at(1)).assigned == 1);

  ds.add_ips("eni-2", {ip("1.1.2.2")});
  a = ds.assign("sandbox-1", at(2));  // duplicate add
  REQUIRE(a);
  CHECK(a->ip == ip("1.1.1.1"));
  CHECK(ds.stats(at(2)).total == 2);
  CHECK(ds.stats(at(2)).assigned == 1);

  a = ds.assign("sandbox-2", at(3));
  REQUIRE(a);
  CHECK(a->ip == ip("1.1.2.2"));
  CHECK(a->eni == "eni-2");
  CHECK(ds.stats(at(3)).assigned == 2);

  ds.add_ips("eni-1", {ip("1.1.1.2")});
  a = ds.assign("sandbox-3", at(4));
  REQUIRE(a);
  CHECK(a->ip == ip("1.1.1.2"));
  CHECK(ds.stats(at(4)).total == 3);
  CHECK(ds.stats(at(4)).assigned == 3);

  CHECK_FALSE(ds.assign("sandbox-4", at(5)));    // no more IP addresses
  CHECK_FALSE(ds.unassign("sandbox-4", at(5)));  // unassign unknown pod (ErrUnknownPod)

  CHECK(ds.unassign("sandbox-2", at(40)) == ip("1.1.2.2"));
  CHECK(ds.stats(at(40)).total == 3);
  CHECK(ds.stats(at(40)).assigned == 2);

  // Should not be able to free eni-2 while it is younger than a minute or its address cools.
  CHECK_FALSE(ds.deletable_eni(at(40)));
  CHECK_FALSE(ds.deletable_eni(at(61)));  // old enough, released 21 s ago
  CHECK_FALSE(ds.deletable_eni(at(70)));  // released exactly 30 s ago: still cooling
  CHECK(ds.deletable_eni(at(71)) == "eni-2");
  ds.remove_eni("eni-2");
  CHECK(ds.stats(at(71)).total == 2);
  CHECK(ds.stats(at(71)).assigned == 2);
}

TEST_CASE(
    "TestPodIPv4AddressWithPDEnabled: a /28 hands out its addresses from the network "
    "address up",
    "[datastore][upstream]") {
  Datastore ds(config(true));
  ds.add_eni("eni-1", 0, true, at(0));
  ds.add_eni("eni-2", 2, false, at(0));
  ds.add_eni("eni-3", 3, false, at(0));
  ds.add_prefixes("eni-1", {cidr("10.0.0.0/28")});

  CHECK(ds.assign("sandbox-1", at(1))->ip == ip("10.0.0.0"));
  CHECK(ds.stats(at(1)).total == 16);
  CHECK(ds.assign("sandbox-1", at(1))->ip == ip("10.0.0.0"));  // duplicate add
  CHECK(ds.stats(at(1)).assigned == 1);
  CHECK(ds.assign("sandbox-2", at(2))->ip == ip("10.0.0.1"));
  CHECK(ds.assign("sandbox-3", at(3))->ip == ip("10.0.0.2"));
  CHECK(ds.stats(at(3)).assigned == 3);

  CHECK(ds.unassign("sandbox-2", at(4)) == ip("10.0.0.1"));
  CHECK(ds.stats(at(4)).total == 16);
  CHECK(ds.stats(at(4)).assigned == 2);
}

TEST_CASE("TestGetIPStatsV4: a released address cools down for IP_COOLDOWN_PERIOD",
          "[datastore][upstream]") {
  WarmPoolConfig c = config(false);
  c.ip_cooldown = sim::Duration::seconds(1);  // IP_COOLDOWN_PERIOD=1
  Datastore ds(c);
  ds.add_eni("eni-1", 1, true, at(0));
  ds.add_ips("eni-1", {ip("1.1.1.1")});
  REQUIRE(ds.assign("sandbox-1", at(0)));
  ds.add_ips("eni-1", {ip("1.1.1.2")});
  REQUIRE(ds.assign("sandbox-2", at(0)));

  cni::PoolStats s = ds.stats(at(0));
  CHECK(s.total == 2);
  CHECK(s.assigned == 2);
  CHECK(s.cooldown == 0);

  REQUIRE(ds.unassign("sandbox-2", at(10)));
  s = ds.stats(at(10));
  CHECK(s.total == 2);
  CHECK(s.assigned == 1);
  CHECK(s.cooldown == 1);
  CHECK(s.available() == 1);  // cooling addresses count as available

  // inCoolingPeriod is "elapsed <= period": exactly one second later it still cools; upstream's
  // test sleeps a little longer than the period and sees it free.
  CHECK(ds.stats(at(11)).cooldown == 1);
  CHECK(ds.stats(at(11) + sim::Duration::nanoseconds(1)).cooldown == 0);
}

TEST_CASE("TestGetIPStatsV4WithPD: the same for an address of a /28", "[datastore][upstream]") {
  WarmPoolConfig c = config(true);
  c.ip_cooldown = sim::Duration::seconds(1);
  Datastore ds(c);
  ds.add_eni("eni-1", 1, true, at(0));
  ds.add_prefixes("eni-1", {cidr("10.0.0.0/28")});
  REQUIRE(ds.assign("sandbox-1", at(0)));
  REQUIRE(ds.assign("sandbox-2", at(0)));

  cni::PoolStats s = ds.stats(at(0));
  CHECK(s.total == 16);
  CHECK(s.total_prefixes == 1);
  CHECK(s.assigned == 2);
  CHECK(s.cooldown == 0);

  REQUIRE(ds.unassign("sandbox-2", at(5)));
  s = ds.stats(at(5));
  CHECK(s.assigned == 1);
  CHECK(s.cooldown == 1);
  CHECK(ds.stats(at(7)).cooldown == 0);
}

TEST_CASE(
    "TestWarmENIInteractions: an ENI is kept while WARM_IP_TARGET or MINIMUM_IP_TARGET "
    "needs its addresses",
    "[datastore][upstream]") {
  Datastore ds(config(false));
  ds.add_eni("eni-1", 1, true, at(0));
  ds.add_eni("eni-2", 2, false, at(0));
  ds.add_eni("eni-3", 3, false, at(0));
  ds.add_ips("eni-1", {ip("1.1.1.1"), ip("1.1.1.2")});
  REQUIRE(ds.assign("sandbox-1", at(0)));
  REQUIRE(ds.assign("sandbox-2", at(0)));
  ds.add_ips("eni-2", {ip("1.1.2.1"), ip("1.1.2.2")});
  ds.add_ips("eni-3", {ip("1.1.3.1")});
  const sim::Time later = at(61);  // upstream zeroes createTime instead

  // ENI 1: 2 IPs, both in use; ENI 2: 2 IPs, none in use; ENI 3: 1 IP, not in use.
  ds.set_config(config(false, /*warm_ip=*/3, /*minimum_ip=*/1));
  CHECK_FALSE(ds.deletable_eni(later));
  ds.set_config(config(false, 1, 5));
  CHECK_FALSE(ds.deletable_eni(later));
  ds.set_config(config(false, 2, 4));  // ENI 2 alone has the 2 free IPs needed
  REQUIRE(ds.deletable_eni(later) == "eni-3");
  ds.remove_eni("eni-3");

  ds.set_config(config(false, 0, 3));
  CHECK_FALSE(ds.deletable_eni(later));
  ds.set_config(config(false, 0, 2));  // ENI 1 covers the minimum
  REQUIRE(ds.deletable_eni(later) == "eni-2");
  ds.remove_eni("eni-2");

  // Upstream then adds a trunk and an EFA ENI, which are never deleted (not modelled here), and an
  // ENI with no addresses, which is.
  ds.add_eni("eni-6", 6, false, at(0));
  CHECK(ds.deletable_eni(later) == "eni-6");
  ds.remove_eni("eni-6");
  CHECK(ds.eni_count() == 1);
}

TEST_CASE("TestDelENIIPv4Address: a CIDR with a pod on it is not removed without force",
          "[datastore][upstream]") {
  Datastore ds(config(false));
  ds.add_eni("eni-1", 0, true, at(0));
  ds.add_ips("eni-1", {ip("1.1.1.1")});
  CHECK(ds.assign("sandbox-1", at(0))->ip == ip("1.1.1.1"));
  ds.add_ips("eni-1", {ip("1.1.1.2"), ip("1.1.1.3")});
  CHECK(ds.stats(at(0)).total == 3);

  CHECK(ds.remove_cidr("eni-1", cidr("1.1.1.2/32")));
  CHECK(ds.stats(at(0)).total == 2);
  CHECK_FALSE(ds.remove_cidr("eni-1", cidr("10.10.10.10/32")));  // unknown IP
  CHECK_FALSE(ds.remove_cidr("eni-1", cidr("1.1.1.1/32")));      // in use
  CHECK(ds.stats(at(0)).total == 2);
}

TEST_CASE("TestDelENIIPv4AddressWithPDEnabled: the same for /28 prefixes",
          "[datastore][upstream]") {
  Datastore ds(config(true));
  ds.add_eni("eni-1", 0, true, at(0));
  ds.add_prefixes("eni-1", {cidr("10.0.0.0/28")});
  CHECK(ds.assign("sandbox-1", at(0))->ip == ip("10.0.0.0"));
  ds.add_prefixes("eni-1", {cidr("20.0.0.0/28")});
  ds.add_prefixes("eni-1", {cidr("30.0.0.0/28")});
  CHECK(ds.stats(at(0)).total == 48);

  CHECK(ds.remove_cidr("eni-1", cidr("30.0.0.0/28")));
  CHECK(ds.stats(at(0)).total == 32);
  CHECK_FALSE(ds.remove_cidr("eni-1", cidr("10.10.10.0/28")));
  CHECK_FALSE(ds.remove_cidr("eni-1", cidr("10.0.0.0/28")));
  CHECK(ds.stats(at(0)).total == 32);
  CHECK(ds.stats(at(0)).total_prefixes == 2);
}

TEST_CASE("TestTogglePD: after prefix delegation is switched on, only /28s serve new pods",
          "[datastore][upstream]") {
  Datastore ds(config(false));
  ds.add_eni("eni-1", 0, true, at(0));
  ds.add_ips("eni-1", {ip("1.1.1.1")});
  CHECK(ds.assign("sandbox-1", at(0))->ip == ip("1.1.1.1"));

  ds.set_config(config(true));
  ds.add_prefixes("eni-1", {cidr("10.0.0.0/28")});
  CHECK(ds.assign("sandbox-2", at(0))->ip == ip("10.0.0.0"));
  // GetIPStats counts the current mode's CIDRs only (upstream's internal total is 17).
  CHECK(ds.stats(at(0)).total == 16);
  CHECK(ds.stats(at(0)).assigned == 1);
  CHECK_FALSE(ds.remove_cidr("eni-1", cidr("1.1.1.1/32")));  // still in use

  ds.set_config(config(false));
  ds.add_ips("eni-1", {ip("1.1.1.2")});
  CHECK(ds.stats(at(0)).total == 2);
  CHECK_FALSE(ds.remove_cidr("eni-1", cidr("10.0.0.0/28")));
}

TEST_CASE("TestDeleteENI: removing an ENI with pods forces their addresses out",
          "[datastore][upstream]") {
  Datastore ds(config(false));
  ds.add_eni("eni-1", 0, true, at(0));
  ds.add_eni("eni-2", 2, false, at(0));
  ds.add_eni("eni-3", 3, false, at(0));
  CHECK(ds.eni_count() == 3);
  ds.remove_eni("eni-2");
  CHECK(ds.eni_count() == 2);
  ds.remove_eni("unknown-eni");
  CHECK(ds.eni_count() == 2);

  ds.add_ips("eni-1", {ip("1.1.1.1")});
  CHECK(ds.assign("sandbox1", at(0))->ip == ip("1.1.1.1"));
  ds.remove_eni("eni-1");
  CHECK(ds.stats(at(0)).assigned == 0);
  CHECK_FALSE(ds.unassign("sandbox1", at(0)));  // the sandbox no longer holds anything
}

TEST_CASE("TestDataStore_CheckFreeableENIexists: only a non-primary ENI without pods counts",
          "[datastore][upstream]") {
  Datastore ds(config(false));
  CHECK_FALSE(ds.freeable_eni_exists());
  ds.add_eni("eni-primary", 0, true, at(0));
  CHECK_FALSE(ds.freeable_eni_exists());
  ds.add_eni("eni-secondary", 1, false, at(0));
  CHECK(ds.freeable_eni_exists());
}

TEST_CASE(
    "TestDataStore_GetFreePrefixes, TestDataStore_FindFreeableCidrs and "
    "TestDataStore_FreeableIPs: empty CIDRs are free and freeable",
    "[datastore][upstream]") {
  Datastore pd(config(true));
  pd.add_eni("eni-test", 1, false, at(0));
  pd.add_prefixes("eni-test", {cidr("10.0.1.0/28")});
  CHECK(pd.stats(at(0)).free_prefixes == 1);
  CHECK(pd.freeable_cidrs(10).size() == 1);

  Datastore sip(config(false));
  sip.add_eni("eni-test", 1, false, at(0));
  sip.add_ips("eni-test", {ip("10.0.1.1"), ip("10.0.1.2")});
  CHECK(sip.freeable_cidrs(10).size() == 2);
}
