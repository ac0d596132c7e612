// public_ip_pool.h and Ec2State: an instance launched into a subnet that maps public IPs on launch
// gets one on its primary ENI only, and gives it back at termination.

#include <catch2/catch.hpp>

#include "models/aws/ec2_state.h"
#include "models/aws/instance_types.h"
#include "models/aws/public_ip_pool.h"

namespace aws = ekssim::aws;
namespace net = ekssim::net;

TEST_CASE("the public pool hands out addresses in order and reuses released ones oldest first",
          "[aws][public-ip]") {
  aws::PublicIpPool pool;
  const auto a = pool.take();
  const auto b = pool.take();
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->to_string() == "198.18.0.1");
  CHECK(b->to_string() == "198.18.0.2");
  pool.release(*b);
  pool.release(*a);
  CHECK(pool.take() == b);
  CHECK(pool.take() == a);
  CHECK(pool.take()->to_string() == "198.18.0.3");
}

TEST_CASE("only instances in a subnet with mapPublicIpOnLaunch get a public IP, on eth0 only",
          "[aws][public-ip]") {
  aws::Ec2State ec2(1);
  const auto pub = ec2.add_subnet("public", "us-east-1a", *net::Cidr::parse("10.0.0.0/24"));
  const auto priv = ec2.add_subnet("private", "us-east-1a", *net::Cidr::parse("10.0.1.0/24"));
  ec2.set_map_public_ip_on_launch(pub, true);
  const aws::InstanceType& type = *aws::find_instance_type("m5.large");

  const auto in_public = ec2.run_instance(type, pub, {}, {});
  const auto in_private = ec2.run_instance(type, priv, {}, {});
  REQUIRE(in_public.error.ok());
  REQUIRE(in_private.error.ok());
  const auto eth0 = ec2.instance(in_public.instance).enis.front();
  REQUIRE(ec2.eni(eth0).public_ip);
  CHECK(ec2.eni(eth0).public_ip->to_string() == "198.18.0.1");
  CHECK_FALSE(ec2.eni(ec2.instance(in_private.instance).enis.front()).public_ip);

  // A second ENI (as ipamd attaches) gets none.
  const auto second = ec2.create_network_interface(pub, {}, 0, 0, true, {});
  REQUIRE(second.error.ok());
  REQUIRE(ec2.attach_network_interface(second.eni, in_public.instance, 1).ok());
  CHECK_FALSE(ec2.eni(second.eni).public_ip);

  // Terminated, the address goes back to the pool: the next launch gets it.
  ec2.terminate_instance(in_public.instance);
  CHECK_FALSE(ec2.eni(eth0).public_ip);
  const auto next = ec2.run_instance(type, pub, {}, {});
  REQUIRE(next.error.ok());
  CHECK(ec2.eni(ec2.instance(next.instance).enis.front()).public_ip->to_string() == "198.18.0.1");
}
