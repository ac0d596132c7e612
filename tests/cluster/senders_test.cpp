// senders_on (pod_network.h): the senders a lookup or connection starts from carry their node's
// name and conntrack race chance, which the exchanges read instead of the node (the name picks
// the node's kube-proxy sync lag, so an empty one would silently give every node the same lag).

#include <catch2/catch.hpp>
#include <string>

#include "models/cluster/node_agent.h"
#include "models/cluster/pod_network.h"
#include "models/cluster/world.h"
#include "tools/scenario/loader.h"

using namespace ekssim;

TEST_CASE("senders_on fills the node's name and race chance from the node", "[cluster]") {
  scenario::LoadResult loaded = scenario::load_scenario_file(std::string(EKSSIM_SOURCE_DIR) +
                                                             "/scenarios/subnet-exhaustion.yaml");
  REQUIRE(loaded.ok());
  cluster::World world(*loaded.scenario, loaded.scenario->seed);
  world.start();
  world.run_until(sim::Time::at(sim::Duration::minutes(5)));
  size_t checked = 0;
  for (const auto& group : world.node_groups()) {
    const cluster::NodeAgent* node = group->live_node(0);
    if (node == nullptr) continue;
    const cluster::Senders senders =
        cluster::senders_on(*node, k8s::NodeId(), net::Ipv4(), false, 7);
    CHECK(senders.node == node);
    CHECK(!senders.node_name.empty());
    CHECK(senders.node_name == node->name());
    CHECK(senders.node_name.data() == node->name().data());  // a view of the node's own name
    CHECK(senders.conntrack_dns_race == node->conntrack_dns_race());
    CHECK(senders.class_id == 7);
    ++checked;
  }
  CHECK(checked > 0);
}
