#include "models/dns/packet_budget.h"

#include <catch2/catch.hpp>

#include "dns_test_support.h"
#include "sim/invariant.h"

using namespace ekssim::dns;
using ekssim::dns::test::at_ms;
using ekssim::dns::test::ms;
using ekssim::dns::test::seconds;

TEST_CASE("1,500 packets in one second on one ENI give 476 drops, however they are spread",
          "[packet_budget]") {
  {
    PacketBudget budget;
    CHECK(budget.admit_spread(at_ms(0), seconds(1), 1500) == 1024);
    CHECK(budget.dropped_total() == 476);
    CHECK(budget.remaining(at_ms(999)) == 0);
    CHECK(budget.remaining(at_ms(1000)) == 1024);
  }
  {
    PacketBudget budget;  // all at once
    CHECK(budget.admit(at_ms(0), 1500) == 1024);
    CHECK(budget.dropped_total() == 476);
  }
  {
    PacketBudget budget;  // one by one, evenly over the second
    int64_t admitted = 0;
    for (int i = 0; i < 1500; ++i)
      admitted += budget.admit(ekssim::sim::Time::at(ms(1000) * i / 1500), 1);
    CHECK(admitted == 1024);
    CHECK(budget.dropped_total() == 476);
  }
}

TEST_CASE("packets spread across a second boundary count in the second each is sent in",
          "[packet_budget]") {
  PacketBudget budget;
  // 1,500 over [0.5 s, 1.5 s): 750 in each second, all within 1024.
  CHECK(budget.admit_spread(at_ms(500), seconds(1), 1500) == 1500);
  CHECK(budget.remaining(at_ms(0)) == 1024 - 750);
  CHECK(budget.remaining(at_ms(1000)) == 1024 - 750);
  // 3,000 more over [0, 3 s): 1,000 a second; 726 drops in each of the first two seconds.
  CHECK(budget.admit_spread(at_ms(0), seconds(3), 3000) == 274 + 274 + 1000);
  CHECK(budget.dropped_total() == 726 * 2);
}

TEST_CASE("two replicas on one ENI share its budget — on two ENIs they do not", "[packet_budget]") {
  using ekssim::dns::test::DnsWorld;
  {
    DnsWorld world;
    const int64_t a = world.vpc.admit_spread(1, at_ms(0), seconds(1), 750);
    const int64_t b = world.vpc.admit_spread(1, at_ms(0), seconds(1), 750);
    CHECK(a + b == 1024);
    CHECK(world.vpc.dropped_total(1) == 476);
  }
  {
    DnsWorld world;
    CHECK(world.vpc.admit_spread(1, at_ms(0), seconds(1), 750) == 750);
    CHECK(world.vpc.admit_spread(2, at_ms(0), seconds(1), 750) == 750);
    CHECK(world.vpc.dropped_total(1) + world.vpc.dropped_total(2) == 0);
  }
}

TEST_CASE("charging a second the budget no longer keeps stops the run", "[packet_budget]") {
  ekssim::dns::test::DnsWorld world;
  world.vpc.admit(4, at_ms(400'000), 1);
  CHECK(world.vpc.admit(4, at_ms(101'000), 1) == 1);  // 299 s back: still kept
  REQUIRE_THROWS_AS(world.vpc.admit(4, at_ms(100'000), 1), ekssim::sim::InvariantViolation);
  try {
    world.vpc.admit(4, at_ms(100'000), 1);
  } catch (const ekssim::sim::InvariantViolation& e) {
    CHECK(e.component() == "vpc-resolver");
    CHECK(e.detail() ==
          "ENI #4 charged for the second at 1m40s, older than the 300 s its packet budget keeps");
  }
}

TEST_CASE("an overloaded second is shared fairly once the second before it was overloaded",
          "[packet_budget]") {
  PacketBudget budget;
  // Second 5 is charged first come, first served (no clock given): 2,048 offered, 1,024 pass.
  CHECK(budget.admit(at_ms(5000), 2048) == 1024);
  // With the clock in second 6 the last whole second offered 2,048, so in second 6 each packet
  // passes with chance 1024 / 2048, whatever order the charges come in: a retry charged ahead
  // of the new queries no longer takes the whole budget.
  const auto now = at_ms(6000);
  CHECK(budget.admit(at_ms(6100), 512, now) == 256);
  CHECK(budget.admit(at_ms(6200), 512, now) == 256);
  CHECK(budget.admit(at_ms(6300), 1, now) == 0);  // error diffusion: every other packet
  CHECK(budget.admit(at_ms(6300), 1, now) == 1);
  CHECK(budget.admit(at_ms(6400), 1022, now) == 511);
  // More than the estimate: the second's own count takes over and the cap holds.
  CHECK(budget.admit(at_ms(6500), 1000, now) == 0);
  CHECK(budget.remaining(at_ms(6000)) == 0);
  CHECK(budget.peak_offered() == 3048);
  CHECK(budget.peak_second() == at_ms(6000));
  // A second after a quiet one is first come, first served again.
  CHECK(budget.admit(at_ms(9000), 1024, at_ms(8500)) == 1024);
}

TEST_CASE("with the clock, a second within the limit admits every packet", "[packet_budget]") {
  PacketBudget budget;
  CHECK(budget.admit(at_ms(0), 1000, at_ms(0)) == 1000);
  CHECK(budget.admit(at_ms(1000), 1024, at_ms(1000)) == 1024);
  CHECK(budget.dropped_total() == 0);
}
