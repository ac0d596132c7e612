// The hot-path promise of path.h: without a trace, evaluate() allocates nothing. The global
// allocation functions are replaced (tests/support/allocation_probe.h) to count calls.

#include <catch2/catch.hpp>

#include "models/vpc/path.h"
#include "seed_network.h"
#include "tests/support/allocation_probe.h"

using namespace ekssim;
using namespace ekssim::vpc;
using namespace ekssim::vpc::testing;

TEST_CASE("Evaluating without a trace allocates nothing, whatever the outcome") {
  SeedNetwork seed;
  NetworkAcl strict("strict");
  strict.add_entry(net::Direction::kInbound, {100, net::TrafficSelector::all_traffic(),
                                              cidr("10.0.0.0/16"), NaclAction::kAllow});
  seed.vpc.associate_network_acl(seed.private_1b, seed.vpc.add_network_acl(std::move(strict)));
  const net::Flow flows[] = {
      net::Flow::udp(ip("10.0.1.21"), 40000, ip("10.0.16.11"), 53),    // denied-in by nodes-old
      net::Flow::tcp(ip("10.0.1.21"), 40000, ip("10.0.16.11"), 443),   // reply denied by strict
      net::Flow::tcp(ip("10.0.1.21"), 40000, ip("203.0.113.9"), 443),  // out through the NAT
      net::Flow::udp(ip("10.0.1.21"), 40000, ip("10.0.0.2"), 53),      // the VPC resolver
      net::Flow::udp(ip("10.0.1.21"), 40000, ip("10.0.16.99"), 53),    // nobody there
  };
  int passed = 0;
  ekssim::test::arm_allocation_probe();
  for (const net::Flow& flow : flows)
    passed += evaluate(seed.vpc, flow, seed.new_node).passed();
  CHECK(ekssim::test::disarm_allocation_probe() == 0);
  CHECK(passed == 2);
}
