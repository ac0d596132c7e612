#include "models/cni/ipamd.h"

#include <catch2/catch.hpp>

#include <optional>
#include <vector>

#include "models/aws/ec2_api.h"
#include "models/aws/sdk_ec2.h"
#include "models/cni/ipamd_events.h"

using namespace ekssim;

namespace {

// One m5.large node with ipamd, a real kernel, EC2 state and API; no path blocking.
struct Node {
  explicit Node(cni::EnvConfig env = {},
                std::vector<std::string> policies = {"AmazonEKSWorkerNodePolicy",
                                                     "AmazonEKS_CNI_Policy"})
      : role("node-role", std::move(policies)) {
    subnet = ec2.add_subnet("private-1a", "us-east-1a", *net::Cidr::parse("10.0.0.0/24"));
    instance =
        ec2.run_instance(*aws::find_instance_type("m5.large"), subnet, {"nodes"}, sim::Time::zero())
            .instance;
    aws::Ec2Caller caller;
    caller.name = "node/n1/ipamd";
    caller.role = &role;
    caller.instance_id = ec2.instance(instance).id;
    sdk = std::make_unique<aws::SdkEc2>(kernel, ec2, api, caller, 1);
    cni::IpamdContext context{kernel, trace, ec2, *sdk, "n1", instance, 29, std::nullopt};
    context.role = &role;
    ipamd = std::make_unique<cni::Ipamd>(std::move(context), env, 1);
    trace.subscribe<cni::IpamdInitFailed>([this](sim::Time, const cni::IpamdInitFailed& e) {
      init_failures.push_back(std::string(e.cause));
    });
  }
  void run_for(int seconds) { kernel.run_for(sim::Duration::seconds(seconds)); }
  cni::PoolStats stats() const { return ipamd->datastore().stats(kernel.now()); }
  k8s::NetworkAddResult add(const std::string& name) {
    k8s::NetworkAddResult out;
    ipamd->add(k8s::SandboxRef{k8s::PodId(), "default", name, "sandbox"},
               [&out](k8s::NetworkAddResult r) { out = std::move(r); });
    return out;
  }

  sim::Kernel kernel;
  sim::Trace trace{kernel};
  aws::Ec2State ec2{1};
  aws::Ec2Api api{kernel, trace, 1, "us-east-1"};
  aws::IamRole role;
  aws::SubnetIndex subnet = 0;
  aws::InstanceIndex instance = 0;
  std::unique_ptr<aws::SdkEc2> sdk;
  std::unique_ptr<cni::Ipamd> ipamd;
  std::vector<std::string> init_failures;
};

}  // namespace

TEST_CASE("with the defaults ipamd starts with the primary ENI's nine addresses", "[ipamd]") {
  Node n;
  n.ipamd->start();
  n.run_for(30);
  CHECK(n.ipamd->ready());
  CHECK(n.stats().enis == 1);
  CHECK(n.stats().total == 9);
  // One pod makes the pool too low (8 < 9): the next tick attaches a second ENI with 9 more.
  CHECK(n.add("a").ok);
  n.run_for(30);
  CHECK(n.stats().enis == 2);
  CHECK(n.stats().total == 18);
  CHECK(n.ec2.check_invariants().empty());
}

TEST_CASE("WARM_IP_TARGET=5 adds addresses a few at a time", "[ipamd]") {
  Node n(cni::EnvConfig{{"WARM_IP_TARGET", "5"}});
  n.ipamd->start();
  n.run_for(30);
  CHECK(n.stats().total == 5);
  for (const char* pod : {"a", "b", "c"})
    CHECK(n.add(pod).ok);
  n.run_for(30);
  CHECK(n.stats().total == 8);  // 3 assigned + 5 warm, still on the primary ENI
  CHECK(n.stats().enis == 1);
}

TEST_CASE("MINIMUM_IP_TARGET alone leaves the 11th pod without an address", "[ipamd]") {
  Node n(cni::EnvConfig{{"MINIMUM_IP_TARGET", "10"}});
  n.ipamd->start();
  n.run_for(60);
  CHECK(n.stats().total == 10);
  for (int i = 0; i < 10; ++i)
    CHECK(n.add("p" + std::to_string(i)).ok);
  n.run_for(60);
  const auto eleventh = n.add("p10");
  CHECK_FALSE(eleventh.ok);
  CHECK(eleventh.error == "add cmd: failed to assign an IP address to container");
}

TEST_CASE("a deleted pod's address cools down for 30 s before reuse", "[ipamd]") {
  Node n(cni::EnvConfig{{"WARM_IP_TARGET", "1"}, {"MINIMUM_IP_TARGET", "1"}});
  n.ipamd->start();
  n.run_for(20);
  REQUIRE(n.stats().total == 1);
  const auto first = n.add("a");
  REQUIRE(first.ok);
  n.ipamd->del(k8s::SandboxRef{k8s::PodId(), "default", "a", "sandbox"});
  CHECK(n.stats().cooldown == 1);
  // available = 1 (the cooling address) satisfies WARM_IP_TARGET=1: nothing is added, and the
  // next pod fails until the cool-down ends (aws/amazon-vpc-cni-k8s#2896).
  CHECK_FALSE(n.add("b").ok);
  n.run_for(31);
  const auto later = n.add("b");
  REQUIRE(later.ok);
  CHECK(later.ip == first.ip);
}

TEST_CASE("without the CNI policy ipamd's init fails and it crash-loops", "[ipamd]") {
  Node n(cni::EnvConfig{}, {"AmazonEKSWorkerNodePolicy"});
  n.ipamd->start();
  n.run_for(120);
  CHECK_FALSE(n.ipamd->ready());
  REQUIRE(!n.init_failures.empty());
  CHECK(n.init_failures.front() ==
        "ipamd cannot call ec2:DescribeNetworkInterfaces: UnauthorizedOperation (node-role lacks "
        "AmazonEKS_CNI_Policy)");
  CHECK(n.ipamd->restarts() >= 3);  // 10 s, 20 s, 40 s back-off
  n.role.attach("AmazonEKS_CNI_Policy");
  n.run_for(400);
  CHECK(n.ipamd->ready());
}

TEST_CASE("the pool manager updates every 5 s, 2.5 s into each period, with one event a period",
          "[ipamd]") {
  // ipamd.go StartNodeIPPoolManager: sleep 2.5 s, updateIPPoolIfRequired, sleep 2.5 s,
  // reconcile. The reconcile has nothing to do here, so a quiet node's loop is one event every
  // 5 s; an update that needs EC2 starts on the period's grid.
  Node n;
  std::optional<sim::Time> ready;
  std::vector<sim::Time> requested;  // when each EC2 call was sent
  n.trace.subscribe<cni::IpamdReady>([&](sim::Time at, const cni::IpamdReady&) { ready = at; });
  n.trace.subscribe<aws::Ec2ApiCalled>(
      [&](sim::Time at, const aws::Ec2ApiCalled& e) { requested.push_back(at - e.latency); });
  n.ipamd->start();
  n.run_for(30);
  REQUIRE(ready);
  const uint64_t before = n.kernel.events_processed();
  n.run_for(60);
  CHECK(n.kernel.events_processed() - before == 12);

  requested.clear();
  n.kernel.run_for(sim::Duration::milliseconds(1300));  // off the grid
  REQUIRE(n.add("a").ok);                              // the pool is now too low
  n.run_for(30);
  REQUIRE_FALSE(requested.empty());
  const sim::Duration since_ready = requested.front() - *ready;
  CHECK(since_ready > sim::Duration::seconds(91));
  CHECK((since_ready - cni::Ipamd::kHalfTick) % cni::Ipamd::kPoolMonitorInterval ==
        sim::Duration::zero());
}
