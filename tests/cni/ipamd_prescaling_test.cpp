// ipamd's start: handlePreScaling grows the pool only when it is low (pkg/ipamd/ipamd.go
// nodeInit, `if decisions.IsLow`), and the smaller rules of growing and freeing: a new ENI's
// minimum life counts from AddENI, and tryAssignIPs retries with one address after any failure.

#include <catch2/catch.hpp>

#include "tests/cni/ipamd_node.h"

using namespace ekssim;
using aws::Ec2Action;
using test::IpamdNode;

TEST_CASE("a restart with a full warm pool attaches no ENI and makes no mutating EC2 call",
          "[ipamd][prescaling]") {
  IpamdNode n;
  n.start();
  n.run_for(30);
  REQUIRE(n.stats().enis == 1);
  REQUIRE(n.stats().total == 9);  // 9 available: not below WARM_ENI_TARGET's 9
  const int64_t creates = n.calls(Ec2Action::kCreateNetworkInterface);
  const int64_t assigns = n.calls(Ec2Action::kAssignPrivateIpAddresses);
  n.ipamd->restart({});
  n.run_for(90);
  CHECK(n.ipamd->ready());
  CHECK(n.stats().enis == 1);
  CHECK(n.attached_enis() == 1);
  CHECK(n.calls(Ec2Action::kCreateNetworkInterface) == creates);
  CHECK(n.calls(Ec2Action::kAssignPrivateIpAddresses) == assigns);
}

TEST_CASE("with prefix delegation a restart neither adds nor drops a /28", "[ipamd][prescaling]") {
  // WARM_PREFIX_TARGET=1, as the shipped manifest sets it: one free /28 is neither low nor high.
  const cni::EnvConfig env{{"ENABLE_PREFIX_DELEGATION", "true"}, {"WARM_PREFIX_TARGET", "1"}};
  IpamdNode n(env);
  n.start();
  n.run_for(30);
  REQUIRE(n.stats().total_prefixes == 1);
  const int64_t assigns = n.calls(Ec2Action::kAssignPrivateIpAddresses);
  const int64_t unassigns = n.calls(Ec2Action::kUnassignPrivateIpAddresses);
  n.ipamd->restart(env);
  n.run_for(90);
  CHECK(n.stats().total_prefixes == 1);
  CHECK(n.calls(Ec2Action::kAssignPrivateIpAddresses) == assigns);
  CHECK(n.calls(Ec2Action::kUnassignPrivateIpAddresses) == unassigns);
}

TEST_CASE("a restart with a low pool still pre-scales before the node turns ready",
          "[ipamd][prescaling]") {
  IpamdNode n;
  n.start();
  n.run_for(30);
  REQUIRE(n.stats().total == 9);
  // WARM_IP_TARGET=12 makes 9 available short by 3: the init itself adds them.
  n.ipamd->restart(cni::EnvConfig{{"WARM_IP_TARGET", "12"}});
  CHECK_FALSE(n.ipamd->ready());
  n.run_for(30);
  REQUIRE(n.ready_at.size() == 2);
  CHECK(n.ready_at.back().ips == 12);  // a new ENI with 3 addresses, before the node is ready
}

TEST_CASE("a new ENI is freed no sooner than 60 s after ipamd added it to the datastore",
          "[ipamd][prescaling]") {
  // Slow EC2 calls (4 s each) put about 13 s between CreateNetworkInterface and the ENI's
  // arrival in the datastore (DescribeInstances, AttachNetworkInterface,
  // ModifyNetworkInterfaceAttribute, IMDS).
  aws::Ec2ApiConfig slow;
  slow.latency_median = sim::Duration::seconds(4);
  slow.latency_sigma = 0.01;
  IpamdNode n({}, "10.0.0.0/24", slow);
  n.start();
  n.run_for(60);
  REQUIRE(n.stats().total == 9);
  REQUIRE(n.add("a").ok);  // 8 available < 9: the next tick attaches a second ENI
  n.run_for(40);
  REQUIRE(n.stats().enis == 2);
  const sim::Time created_at = n.ec2.eni(n.ec2.instance(n.instance).enis.at(1)).created_at;
  // The pod goes at once: 18 available ≥ (1 + 1)·9, so the new ENI is surplus.
  n.del("a");
  n.run_for(120);
  REQUIRE(n.stats().enis == 1);
  sim::Time attached, freed;
  for (const auto& c : n.pool_changes) {
    if (c.what == "ENI attached") attached = c.at;
    if (c.what == "ENI freed") freed = c.at;
  }
  REQUIRE(attached - created_at > sim::Duration::seconds(10));
  // minENILifeTime counts from AddENI's time.Now(), not CreateNetworkInterface's.
  CHECK(freed - attached >= sim::Duration::seconds(60));
  CHECK(freed - attached < sim::Duration::seconds(65));
}

TEST_CASE("a failed request for one address is retried with one address", "[ipamd][prescaling]") {
  // A /28 holds 11 usable addresses; the instance's primary takes one. Another interface takes
  // the other ten, so WARM_IP_TARGET=1's single address cannot be assigned.
  IpamdNode n(cni::EnvConfig{{"WARM_IP_TARGET", "1"}, {"ENABLE_SUBNET_DISCOVERY", "false"}},
              "10.0.0.0/28");
  REQUIRE(n.ec2.create_network_interface(n.subnet, {"nodes"}, 9, 0, false, sim::Time::zero())
              .error.ok());
  n.start();
  n.run_for(2);
  CHECK(n.ipamd->ready());
  // tryAssignIPs: the request (1), then the retry with one (1); the 120 s freeze stops the rest.
  CHECK(n.calls(Ec2Action::kAssignPrivateIpAddresses) == 2);
  CHECK(n.stats().total == 0);
}
