// ENABLE_SUBNET_DISCOVERY (pkg/awsutils/awsutils.go createENI, isSubnetValidForENICreation;
// pkg/ipamd/ipamd.go tryAssignIPs): new ENIs go to the subnet of the node's zone with the most
// free addresses among its own and those tagged kubernetes.io/role/cni, and an ENI whose subnet
// is out of addresses is skipped instead of freezing growth.

#include <catch2/catch.hpp>

#include "tests/cni/ipamd_node.h"

using namespace ekssim;
using aws::Ec2Action;
using test::IpamdNode;

namespace {

const std::map<std::string, std::string, std::less<>> kCniRole{{"kubernetes.io/role/cni", "1"}};

// The node's /28 (11 usable addresses) after its primary ENI took the instance address and the
// first nine secondaries: one address left.
IpamdNode small_subnet_node(cni::EnvConfig env = {}) {
  return IpamdNode(std::move(env), "10.0.0.0/28");
}

}  // namespace

TEST_CASE("a new ENI goes to the tagged subnet with the most free addresses",
          "[ipamd][subnet-discovery]") {
  IpamdNode n = small_subnet_node();
  n.add_subnet("pods-1a-small", "10.0.1.0/26", kCniRole);
  n.add_subnet("pods-1a", "10.0.2.0/24", kCniRole);
  n.add_subnet("untagged-1a", "10.0.4.0/22", {});
  n.add_subnet("pods-1b", "10.0.8.0/21", kCniRole, "us-east-1b");
  n.start();
  n.run_for(30);
  REQUIRE(n.stats().total == 9);
  REQUIRE(n.add("a").ok);
  n.run_for(30);
  REQUIRE(n.attached_enis() == 2);
  // Not the node's full /28, not the untagged /22, not the other zone's /21.
  CHECK(n.eni_subnet(1) == "pods-1a");
  CHECK(n.calls(Ec2Action::kDescribeSubnets) == 1);
  CHECK(n.calls(Ec2Action::kCreateNetworkInterface) == 1);
  CHECK(n.stats().total == 18);
}

TEST_CASE("a subnet tagged kubernetes.io/role/cni=0 is never chosen, the node's own included",
          "[ipamd][subnet-discovery]") {
  IpamdNode n;
  n.add_subnet("excluded-1a", "10.0.4.0/22", {{"kubernetes.io/role/cni", "0"}});
  n.ec2.set_tags(n.subnet, {{"kubernetes.io/role/cni", "0"}});
  n.start();
  n.run_for(30);
  REQUIRE(n.stats().total == 9);  // addresses on the primary ENI are not ENI creation
  REQUIRE(n.add("a").ok);
  n.run_for(30);
  CHECK(n.attached_enis() == 1);
  CHECK(n.calls(Ec2Action::kCreateNetworkInterface) == 0);
}

TEST_CASE("without discovery a full subnet freezes growth for 120 s and pods get no address",
          "[ipamd][subnet-discovery]") {
  IpamdNode n = small_subnet_node({{"ENABLE_SUBNET_DISCOVERY", "false"}});
  n.add_subnet("pods-1a", "10.0.2.0/24", kCniRole);
  n.start();
  n.run_for(30);
  REQUIRE(n.add("a").ok);
  n.run_for(60);
  CHECK(n.attached_enis() == 1);
  // DescribeSubnets still runs: IsSubnetExcluded checks the node's own subnet.
  CHECK(n.calls(Ec2Action::kDescribeSubnets) == 1);
  CHECK(n.calls(Ec2Action::kCreateNetworkInterface) == 1);
  for (int i = 1; i < 9; ++i)
    REQUIRE(n.add("p" + std::to_string(i)).ok);
  CHECK_FALSE(n.add("p9").ok);
  CHECK(n.assign_failures.back() == "SubnetExhausted");
}

TEST_CASE("with discovery an ENI whose subnet is full is skipped for a new ENI elsewhere",
          "[ipamd][subnet-discovery]") {
  // WARM_IP_TARGET=3 puts three addresses on the primary ENI; another interface then takes the
  // rest of the node's /28, so the next three cannot go on the primary ENI.
  IpamdNode n = small_subnet_node({{"WARM_IP_TARGET", "3"}});
  n.add_subnet("pods-1a", "10.0.2.0/24", kCniRole);
  n.start();
  n.run_for(30);
  REQUIRE(n.stats().total == 3);
  REQUIRE(
      n.ec2.create_network_interface(n.subnet, {"other"}, 6, 0, false, n.kernel.now()).error.ok());
  REQUIRE(n.ec2.subnet(n.subnet).addresses->free_addresses() == 0);
  const int64_t assigns = n.calls(Ec2Action::kAssignPrivateIpAddresses);
  for (const char* pod : {"a", "b", "c"})
    REQUIRE(n.add(pod).ok);
  n.run_for(15);
  // The request for three, the retry with one, then (no 120 s freeze) a new ENI in pods-1a.
  CHECK(n.calls(Ec2Action::kAssignPrivateIpAddresses) - assigns == 2);
  REQUIRE(n.attached_enis() == 2);
  CHECK(n.eni_subnet(1) == "pods-1a");
  CHECK(n.stats().total == 6);
}
