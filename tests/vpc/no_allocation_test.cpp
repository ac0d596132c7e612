// The hot-path promise of path.h: without a trace, evaluate() allocates nothing. The global
// allocation functions are replaced in this test binary to count calls while a probe is armed.

#include <catch2/catch.hpp>
#include <cstdlib>
#include <new>

#include "models/vpc/path.h"
#include "seed_network.h"

namespace {
bool armed = false;
long allocations = 0;
}  // namespace

void* operator new(std::size_t size) {
  if (armed) ++allocations;
  if (void* block = std::malloc(size == 0 ? 1 : size)) return block;
  throw std::bad_alloc();
}
void operator delete(void* block) noexcept {
  std::free(block);
}
void operator delete(void* block, std::size_t) noexcept {
  std::free(block);
}

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
  allocations = 0;
  armed = true;
  for (const net::Flow& flow : flows)
    passed += evaluate(seed.vpc, flow, seed.new_node).passed();
  armed = false;
  CHECK(allocations == 0);
  CHECK(passed == 2);
}
