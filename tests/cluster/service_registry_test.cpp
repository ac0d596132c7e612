// service_registry.h: Services, endpoints from pods, kube-proxy's per-node lag.

#include <catch2/catch.hpp>

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
