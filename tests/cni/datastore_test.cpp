// ekssim's own choices in the datastore: the deterministic assignment order, /28 reuse, the
// cooldown edge cases, and incremental counts that always agree with a recount.

#include "models/cni/datastore.h"

#include <catch2/catch.hpp>
#include <set>

#include "sim/random.h"

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
WarmPoolConfig config(bool prefixes) {
  WarmPoolConfig c;
  c.prefix_delegation = prefixes;
  c.slots = 9;
  c.max_eni = 3;
  return c;
}

}  // namespace

TEST_CASE("addresses go out by lowest device number, then lowest address", "[datastore]") {
  Datastore ds(config(false));
  ds.add_eni("eni-b", 2, false, at(0));
  ds.add_eni("eni-a", 0, true, at(0));
  ds.add_ips("eni-b", {ip("10.0.0.9"), ip("10.0.0.7")});
  ds.add_ips("eni-a", {ip("10.0.0.30"), ip("10.0.0.20")});
  CHECK(ds.assign("p1", at(0))->ip == ip("10.0.0.20"));
  CHECK(ds.assign("p2", at(0))->ip == ip("10.0.0.30"));
  const auto third = ds.assign("p3", at(0));
  CHECK(third->ip == ip("10.0.0.7"));
  CHECK(third->eni == "eni-b");
  CHECK(ds.assign("p4", at(0))->ip == ip("10.0.0.9"));
  CHECK_FALSE(ds.assign("p5", at(0)));
  CHECK(cni::kErrNoAvailableIPInDataStore ==
        "AssignPodIPAddress: no available IP/Prefix addresses");
}

TEST_CASE("a /28 reuses an address out of cooldown before a never-used one (getUnusedIP)",
          "[datastore]") {
  Datastore ds(config(true));
  ds.add_eni("eni-0", 0, true, at(0));
  ds.add_prefixes("eni-0", {cidr("10.1.0.0/28")});
  for (const char* pod : {"p0", "p1", "p2"})
    REQUIRE(ds.assign(pod, at(0)));
  REQUIRE(ds.unassign("p1", at(10)) == ip("10.1.0.1"));
  // While .1 cools the next never-used address goes out.
  CHECK(ds.assign("p3", at(20))->ip == ip("10.1.0.3"));
  // After the cooldown .1 is reused although .4 was never used.
  CHECK(ds.assign("p4", at(41))->ip == ip("10.1.0.1"));
  CHECK(ds.assign("p5", at(41))->ip == ip("10.1.0.4"));
}

TEST_CASE("addresses EC2 reports again keep their pods", "[datastore]") {
  Datastore ds(config(false));
  ds.add_eni("eni-0", 0, true, at(0));
  ds.add_ips("eni-0", {ip("10.0.0.5")});
  REQUIRE(ds.assign("web", at(0))->ip == ip("10.0.0.5"));
  ds.sync_eni("eni-0", {ip("10.0.0.5"), ip("10.0.0.6")}, {});
  ds.sync_eni("eni-unknown", {ip("10.0.0.7")}, {});
  CHECK(ds.stats(at(0)).total == 2);
  CHECK(ds.stats(at(0)).assigned == 1);
  CHECK(ds.assign("web", at(0))->ip == ip("10.0.0.5"));
  CHECK(ds.assign("db", at(0))->ip == ip("10.0.0.6"));
  CHECK_THROWS_AS(ds.add_ips("eni-unknown", {ip("10.0.0.7")}), std::logic_error);
}

TEST_CASE("an ipamd restart forgets the cooldown — a negative IP_COOLDOWN_PERIOD has none",
          "[datastore]") {
  Datastore ds(config(false));
  ds.add_eni("eni-0", 0, true, at(0));
  ds.add_ips("eni-0", {ip("10.0.0.5")});
  REQUIRE(ds.assign("a", at(0)));
  REQUIRE(ds.unassign("a", at(1)));
  CHECK(ds.assignable(at(2)) == 0);
  CHECK(ds.stats(at(2)).cooldown == 1);
  ds.forget_cooldown();
  CHECK(ds.assignable(at(2)) == 1);
  CHECK(ds.stats(at(2)).cooldown == 0);

  REQUIRE(ds.assign("b", at(3)));
  REQUIRE(ds.unassign("b", at(4)));
  WarmPoolConfig none = config(false);
  none.ip_cooldown = sim::Duration::seconds(-1);
  ds.set_config(none);
  CHECK(ds.stats(at(4)).cooldown == 0);
  CHECK(ds.assign("c", at(4))->ip == ip("10.0.0.5"));
}

TEST_CASE("a longer cooldown set on restart applies to addresses already released", "[datastore]") {
  Datastore ds(config(false));
  ds.add_eni("eni-0", 0, true, at(0));
  ds.add_ips("eni-0", {ip("10.0.0.5"), ip("10.0.0.6")});
  REQUIRE(ds.assign("a", at(0)));
  REQUIRE(ds.assign("b", at(0)));
  REQUIRE(ds.unassign("a", at(10)));
  REQUIRE(ds.unassign("b", at(45)));  // the release of "a" is 35 s old: past the 30 s period
  CHECK(ds.stats(at(45)).cooldown == 1);
  WarmPoolConfig longer = config(false);
  longer.ip_cooldown = sim::Duration::seconds(60);
  ds.set_config(longer);
  CHECK(ds.stats(at(45)).cooldown == 2);
  CHECK(ds.stats(at(71)).cooldown == 1);
}

TEST_CASE("the incremental counts agree with a recount after any sequence of operations",
          "[datastore]") {
  for (const bool prefixes : {false, true}) {
    sim::RandomStream r(7, prefixes ? "datastore/pd" : "datastore/sip");
    Datastore ds(config(prefixes));
    std::vector<std::string> enis;
    std::set<std::string> pods;
    uint32_t next = net::Ipv4::from_octets(10, 0, 0, 0).value();
    sim::Time now;
    for (int step = 0; step < 4000; ++step) {
      now += sim::Duration::milliseconds(static_cast<int64_t>(r.below(4000)));
      const uint64_t op = r.below(100);
      if (op < 3 && enis.size() < 4) {
        enis.push_back("eni-" + std::to_string(step));
        ds.add_eni(enis.back(), step, enis.size() == 1, now);
      } else if (op < 15 && !enis.empty()) {
        const std::string& eni = enis[r.below(enis.size())];
        if (prefixes) {
          ds.add_prefixes(eni, {net::Cidr::of(net::Ipv4(next), 28)});
          next += 16;
        } else {
          ds.add_ips(eni, {net::Ipv4(next++)});
        }
      } else if (op < 50) {
        const std::string pod = "pod-" + std::to_string(r.below(300));
        if (ds.assign(pod, now)) pods.insert(pod);
      } else if (op < 80 && !pods.empty()) {
        auto it = pods.begin();
        std::advance(it, static_cast<long>(r.below(pods.size())));
        REQUIRE(ds.unassign(*it, now));
        pods.erase(it);
      } else if (op < 90) {
        for (const auto& [eni, block] : ds.freeable_cidrs(static_cast<int>(r.below(3))))
          REQUIRE(ds.remove_cidr(eni, block));
      } else if (op < 92 && enis.size() > 1) {
        const size_t k = 1 + r.below(enis.size() - 1);
        for (const cni::AddressInfo& a : ds.addresses()) {
          if (a.eni == enis[k] && !a.key.empty()) pods.erase(a.key);
        }
        ds.remove_eni(enis[k]);
        enis.erase(enis.begin() + static_cast<long>(k));
      }
      // Recount from the addresses themselves.
      const cni::PoolStats s = ds.stats(now);
      int total = 0, assigned = 0, cooldown = 0;
      std::set<std::string> holders;
      for (const cni::AddressInfo& a : ds.addresses()) {
        if ((a.cidr.prefix_length() == 28) != prefixes) continue;
        ++total;
        if (!a.key.empty()) {
          ++assigned;
          REQUIRE(holders.insert(a.key).second);  // no sandbox holds two addresses
        } else if (a.unassigned_at && now - *a.unassigned_at <= sim::Duration::seconds(30)) {
          ++cooldown;
        }
      }
      REQUIRE(s.total == total);
      REQUIRE(s.assigned == assigned);
      REQUIRE(s.assigned == static_cast<int>(pods.size()));
      REQUIRE(s.cooldown == cooldown);
      REQUIRE(ds.assignable(now) == total - assigned - cooldown);
    }
  }
}
