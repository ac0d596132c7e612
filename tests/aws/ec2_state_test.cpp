#include "models/aws/ec2_state.h"

#include <catch2/catch.hpp>

using namespace ekssim;
using aws::Ec2State;

namespace {
struct Fixture {
  Ec2State ec2{7};
  aws::SubnetIndex subnet =
      ec2.add_subnet("private-1a", "us-east-1a", *net::Cidr::parse("10.0.0.0/27"));
  const aws::InstanceType& m5 = *aws::find_instance_type("m5.large");
};
}  // namespace

TEST_CASE("an instance launches with a primary ENI holding one subnet address", "[ec2]") {
  Fixture f;
  const auto launched = f.ec2.run_instance(f.m5, f.subnet, {"nodes"}, sim::Time::zero());
  REQUIRE(launched.error.ok());
  const aws::Instance& i = f.ec2.instance(launched.instance);
  REQUIRE(i.enis.size() == 1);
  const aws::NetworkInterface& eth0 = f.ec2.eni(i.enis.front());
  CHECK(eth0.device_index == 0);
  CHECK(eth0.delete_on_termination);
  CHECK(f.ec2.subnet(f.subnet).addresses->free_addresses() == 27 - 1);
  CHECK(i.id.rfind("i-0", 0) == 0);
  CHECK(i.id.size() == 19);
}

TEST_CASE("EC2 refuses what the subnet or the instance type cannot hold, with AWS's codes",
          "[ec2]") {
  Fixture f;
  const auto launched = f.ec2.run_instance(f.m5, f.subnet, {"nodes"}, sim::Time::zero());
  const aws::EniIndex eth0 = f.ec2.instance(launched.instance).enis.front();
  // m5.large: 10 addresses per ENI, the primary included.
  CHECK(f.ec2.assign_private_ip_addresses(eth0, 9, 0).ok());
  CHECK(f.ec2.assign_private_ip_addresses(eth0, 1, 0).code == "PrivateIpAddressLimitExceeded");
  // /27: 27 usable; 10 taken. An ENI wanting 1 + 9 fits, then another with 1 + 8 does not.
  const auto second =
      f.ec2.create_network_interface(f.subnet, {"nodes"}, 9, 0, true, sim::Time::zero());
  REQUIRE(second.error.ok());
  const auto third =
      f.ec2.create_network_interface(f.subnet, {"nodes"}, 8, 0, true, sim::Time::zero());
  CHECK(third.error.code == "InsufficientFreeAddressesInSubnet");
  CHECK(third.error.message ==
        "There are not enough free addresses in subnet 'private-1a' to satisfy the requested "
        "number of instances.");
  CHECK(f.ec2.attach_network_interface(second.eni, launched.instance, 1).ok());
  CHECK(f.ec2.check_invariants().empty());
}

TEST_CASE("the ENI limit of the type is enforced on attach", "[ec2]") {
  Ec2State ec2(1);
  const auto subnet = ec2.add_subnet("s", "us-east-1a", *net::Cidr::parse("10.0.0.0/24"));
  const auto& t3 = *aws::find_instance_type("t3.small");  // 3 ENIs
  const auto i = ec2.run_instance(t3, subnet, {}, sim::Time::zero()).instance;
  for (int device = 1; device < 3; ++device) {
    const auto eni = ec2.create_network_interface(subnet, {}, 0, 0, true, sim::Time::zero()).eni;
    REQUIRE(ec2.attach_network_interface(eni, i, device).ok());
  }
  const auto extra = ec2.create_network_interface(subnet, {}, 0, 0, true, sim::Time::zero()).eni;
  const auto error = ec2.attach_network_interface(extra, i, 3);
  CHECK(error.code == "AttachmentLimitExceeded");
}

TEST_CASE("terminating an instance frees the addresses of ENIs deleted on termination", "[ec2]") {
  Fixture f;
  const auto launched = f.ec2.run_instance(f.m5, f.subnet, {"nodes"}, sim::Time::zero());
  const auto eni =
      f.ec2.create_network_interface(f.subnet, {"nodes"}, 4, 0, true, sim::Time::zero()).eni;
  REQUIRE(f.ec2.attach_network_interface(eni, launched.instance, 1).ok());
  CHECK(f.ec2.subnet(f.subnet).addresses->used_addresses() == 6);
  f.ec2.terminate_instance(launched.instance);
  // The CNI's ENI had no DeleteOnTermination here: it leaks, detached but holding its addresses.
  CHECK(f.ec2.subnet(f.subnet).addresses->used_addresses() == 5);
  CHECK(f.ec2.eni(eni).status == aws::EniStatus::kAvailable);
}

TEST_CASE("addresses in use at t=0 are taken from the subnet, never more than it has free",
          "[ec2]") {
  Fixture f;  // a /27: 32 addresses, 27 usable
  f.ec2.occupy_addresses(f.subnet, 20);
  CHECK(f.ec2.subnet(f.subnet).addresses->free_addresses() == 7);
  f.ec2.occupy_addresses(f.subnet, 100);
  CHECK(f.ec2.subnet(f.subnet).addresses->free_addresses() == 0);
  const auto launched = f.ec2.run_instance(f.m5, f.subnet, {"nodes"}, sim::Time::zero());
  CHECK(launched.error.code == aws::ec2_errors::kInsufficientFreeAddressesInSubnet);
}

TEST_CASE("the addresses taken at t=0 do not move the placement of the rest", "[ec2]") {
  // The launch in a second subnet draws the same address whether or not the first holds some.
  const auto launch_in_b = [](int64_t in_use_in_a) {
    Fixture f;
    const auto b = f.ec2.add_subnet("private-1b", "us-east-1b", *net::Cidr::parse("10.0.1.0/24"));
    f.ec2.occupy_addresses(f.subnet, in_use_in_a);
    const auto launched = f.ec2.run_instance(f.m5, b, {"nodes"}, sim::Time::zero());
    return f.ec2.eni(f.ec2.instance(launched.instance).enis.front()).primary_ip;
  };
  CHECK(launch_in_b(0) == launch_in_b(10));
}
