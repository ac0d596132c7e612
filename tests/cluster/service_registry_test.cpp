// service_registry.h: Services, endpoints from pods, kube-proxy's per-node lag.

#include <catch2/catch.hpp>
#include <set>

#include "models/cluster/world.h"
#include "tools/scenario/loader.h"

namespace {

using ekssim::sim::Duration;
using ekssim::sim::Time;

const ekssim::spec::Scenario& shop() {
  static const auto loaded = ekssim::scenario::load_scenario_file(
      std::string(EKSSIM_SOURCE_DIR) + "/scenarios/service-without-endpoints.yaml");
  REQUIRE(loaded.ok());
  return *loaded.scenario;
}

}  // namespace

TEST_CASE("kube-dns sits at the tenth address — other ClusterIPs are drawn from the upper band",
          "[services]") {
  ekssim::cluster::World world(shop(), 3);
  const auto& services = world.services();
  CHECK(services.kube_dns_ip().to_string() == "172.20.0.10");
  CHECK(services.cluster_ip("kube-system", "kube-dns") == services.kube_dns_ip());
  CHECK(services.cluster_ip("default", "kubernetes")->to_string() == "172.20.0.1");
  const auto payments = services.cluster_ip("shop", "payments");
  REQUIRE(payments);
  // A /16 keeps its lowest 256 addresses for pinned ClusterIPs (ipallocator's bands).
  const uint32_t offset = payments->value() - services.kube_dns_ip().value() + 10;
  CHECK(offset >= 256);
  CHECK(offset < 65535);
  CHECK_FALSE(services.cluster_ip("shop", "nope"));
  // The same seed draws the same address; the kubernetes plugin sees the same record.
  ekssim::cluster::World again(shop(), 3);
  CHECK(again.services().cluster_ip("shop", "payments") == payments);
  CHECK(services.lookup("payments", "shop").cluster_ip == *payments);
  CHECK(services.namespace_exists("shop"));
  CHECK_FALSE(services.namespace_exists("nope"));
}

TEST_CASE("each node's rules switch to REJECT when the Service empties, its sync lag later",
          "[services][kube-proxy]") {
  ekssim::cluster::World world(shop(), 3);
  world.start();
  world.run_until(Time::at(Duration::minutes(12)));
  const auto& services = world.services();
  const auto ip = *services.cluster_ip("shop", "payments");
  std::vector<std::pair<std::string, Duration>> switched;  // node, first REJECT time
  for (const auto& group : world.node_groups()) {
    for (const auto& node : group->nodes()) {
      const auto id = world.api().find_node(node->name());
      REQUIRE(id.valid());
      CHECK(services
                .decide(id, node->name(), ip, 8080, ekssim::net::Protocol::tcp(),
                        Time::at(Duration::minutes(5)))
                .candidates.size() == 2);
      std::optional<Duration> first_reject;
      for (Duration t = Duration::minutes(9); t <= Duration::minutes(12);
           t += Duration::milliseconds(50)) {
        const auto d =
            services.decide(id, node->name(), ip, 8080, ekssim::net::Protocol::tcp(), Time::at(t));
        if (d.verdict == ekssim::k8s::DnatVerdict::kReject) {
          if (!first_reject) first_reject = t;
        } else {
          CHECK_FALSE(first_reject);  // once REJECT, it stays
        }
      }
      REQUIRE(first_reject);
      switched.emplace_back(node->name(), *first_reject);
    }
  }
  REQUIRE(switched.size() == 2);
  // The two nodes see the same change, each its own lag after the API did.
  const Duration lag_gap =
      services.sync_lag(switched[0].first) - services.sync_lag(switched[1].first);
  const Duration seen_gap = switched[0].second - switched[1].second;
  CHECK(std::abs((seen_gap - lag_gap).nanoseconds()) <= Duration::milliseconds(50).nanoseconds());
  for (const auto& [node, t] : switched) {
    CHECK(services.sync_lag(node) < Duration::seconds(1));  // minSyncPeriod
    CHECK(t > Duration::minutes(10));
  }
}

TEST_CASE("decide's memo gives the decision worked out afresh, whatever order the times come in",
          "[services][kube-proxy]") {
  ekssim::cluster::World world(shop(), 3);
  world.start();
  const auto& services = world.services();
  const auto payments = *services.cluster_ip("shop", "payments");
  const auto same = [&](ekssim::k8s::NodeId id, const std::string& name, ekssim::net::Ipv4 ip,
                        uint16_t port, ekssim::net::Protocol protocol, Time at) {
    const auto memo = services.decide(id, name, ip, port, protocol, at);
    const auto afresh = services.decide_unmemoized(id, name, ip, port, protocol, at);
    CHECK(memo.verdict == afresh.verdict);
    CHECK(memo.service_port == afresh.service_port);
    CHECK(memo.candidates.data() == afresh.candidates.data());
    CHECK(memo.candidates.size() == afresh.candidates.size());
    CHECK(memo.local_policy == afresh.local_policy);
    CHECK(memo.client_ip_affinity == afresh.client_ip_affinity);
    return memo.verdict;
  };
  // Through the Service emptying at 10 min (each node switches its sync lag later), asking
  // about kube-dns and payments in turn, at times running forward and back over the switch.
  std::set<ekssim::k8s::DnatVerdict> seen;
  for (const Duration stop : {Duration::minutes(1), Duration::minutes(9),
                             Duration::minutes(10) + Duration::milliseconds(1500),
                             Duration::minutes(12)}) {
    world.run_until(Time::at(stop));
    for (const auto& group : world.node_groups()) {
      for (const auto& node : group->nodes()) {
        const auto id = world.api().find_node(node->name());
        if (!id.valid()) continue;  // not registered yet at the first stop
        for (int pass = 0; pass < 2; ++pass) {
          for (int64_t step = 0; step <= 80; ++step) {
            const int64_t ms = pass == 0 ? step * 25 : (80 - step) * 25;
            const Time at = Time::at(stop - Duration::seconds(2) + Duration::milliseconds(ms));
            seen.insert(same(id, node->name(), payments, 8080, ekssim::net::Protocol::tcp(), at));
            same(id, node->name(), services.kube_dns_ip(), 53, ekssim::net::Protocol::udp(), at);
            same(id, node->name(), payments, 9999, ekssim::net::Protocol::tcp(), at);
          }
        }
      }
    }
  }
  // Both sides of the switch were asked about.
  CHECK(seen.count(ekssim::k8s::DnatVerdict::kDnat) == 1);
  CHECK(seen.count(ekssim::k8s::DnatVerdict::kReject) == 1);
}
