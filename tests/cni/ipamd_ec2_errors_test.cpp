// ipamd's EC2 error branches, each made to happen by failing one call through FailingEc2
// (tests/support/failing_ec2.h) while every other call goes to the real EC2 model:
//  - AllocENI (pkg/awsutils/awsutils.go): an attachment EC2 refuses deletes the new ENI
//    (deleteENI), and the error is returned;
//  - tryAssignIPs (pkg/ipamd/ipamd.go): a failed AssignPrivateIpAddresses is retried once with a
//    single address; PrivateIpAddressLimitExceeded instead reads the ENI's addresses from EC2
//    (GetIPv4sFromEC2) into the datastore; with ENABLE_SUBNET_DISCOVERY an insufficient-address
//    error moves on to the next ENI and then a new one;
//  - increaseDatastorePool: without subnet discovery the same error freezes growth for
//    insufficientCidrErrorCooldown (120 s);
//  - a restart while a call is in flight: EC2 completes it, the old process's continuation is
//    gone, and nodeInit adopts what is attached.

#include <catch2/catch.hpp>

#include <algorithm>

#include "tests/cni/ipamd_node.h"

using namespace ekssim;
using aws::Ec2Action;
using test::IpamdNode;

namespace {

aws::Ec2Error error(const char* code, const char* message) {
  aws::Ec2Error e;
  e.code = code;
  e.message = message;
  return e;
}

// The actions called from the `from`-th call on.
std::vector<Ec2Action> calls_since(const IpamdNode& n, size_t from) {
  const auto& all = n.faults->calls();
  return {all.begin() + static_cast<std::ptrdiff_t>(std::min(from, all.size())), all.end()};
}

// Interfaces the CNI created that are neither attached nor deleted: leaked.
int leaked_enis(const IpamdNode& n) {
  int leaked = 0;
  for (const aws::NetworkInterface& eni : n.ec2.enis())
    leaked += eni.created_by_cni && eni.status == aws::EniStatus::kAvailable ? 1 : 0;
  return leaked;
}

// The first pool change at or after `from`.
const IpamdNode::PoolChange* first_change_after(const IpamdNode& n, sim::Time from) {
  for (const auto& c : n.pool_changes)
    if (c.at >= from) return &c;
  return nullptr;
}

void add_pods(IpamdNode& n, int count, const std::string& prefix = "p") {
  for (int i = 0; i < count; ++i)
    REQUIRE(n.add(prefix + std::to_string(i)).ok);
}

}  // namespace

TEST_CASE(
    "an ENI whose attachment EC2 refuses is deleted at once and the next tick attaches "
    "another (AllocENI)",
    "[ipamd][ec2_errors]") {
  IpamdNode n;
  n.start();
  n.run_for(30);
  REQUIRE(n.stats().total == 9);
  n.faults->fail(Ec2Action::kAttachNetworkInterface,
                 error(aws::ec2_errors::kAttachmentLimitExceeded,
                       "Interface count 2 exceeds the limit for m5.large"));
  const size_t before = n.faults->calls().size();
  add_pods(n, 1);  // 8 available < 9: a second ENI
  n.run_for(30);

  const std::vector<Ec2Action> calls = calls_since(n, before);
  const auto attach = std::find(calls.begin(), calls.end(), Ec2Action::kAttachNetworkInterface);
  REQUIRE(attach != calls.end());
  REQUIRE(attach + 1 != calls.end());
  CHECK(*(attach + 1) == Ec2Action::kDeleteNetworkInterface);  // straight after the refusal
  CHECK(n.faults->count(Ec2Action::kCreateNetworkInterface) == 2);
  CHECK(n.faults->count(Ec2Action::kDeleteNetworkInterface) == 1);
  CHECK(leaked_enis(n) == 0);
  CHECK(n.attached_enis() == 2);
  CHECK(n.stats().enis == 2);
  CHECK(n.stats().total == 18);
  CHECK(n.ec2.check_invariants().empty());
}

TEST_CASE(
    "while EC2 refuses every attachment the new ENIs are deleted and a pod without an "
    "address is told EC2's refusal",
    "[ipamd][ec2_errors]") {
  IpamdNode n;
  n.start();
  n.run_for(30);
  n.faults->fail(Ec2Action::kAttachNetworkInterface,
                 error(aws::ec2_errors::kAttachmentLimitExceeded,
                       "Interface count 2 exceeds the limit for m5.large"),
                 test::FailingEc2::kAlways);
  add_pods(n, 9);
  n.run_for(30);
  CHECK(n.stats().enis == 1);
  CHECK(leaked_enis(n) == 0);
  // One create, attach and delete per tick, every tick.
  CHECK(n.faults->count(Ec2Action::kCreateNetworkInterface) >= 3);
  CHECK(n.faults->count(Ec2Action::kDeleteNetworkInterface) ==
        n.faults->count(Ec2Action::kAttachNetworkInterface));
  CHECK_FALSE(n.add("one-too-many").ok);
  REQUIRE(!n.assign_failures.empty());
  CHECK(n.assign_failures.back() == "EniLimitReached");
  CHECK(n.assign_causes.back() ==
        "EC2 refused another ENI on m5.large: AttachmentLimitExceeded: Interface count 2 exceeds "
        "the limit for m5.large");
}

TEST_CASE(
    "a failed AssignPrivateIpAddresses is retried once with a single address "
    "(tryAssignIPs)",
    "[ipamd][ec2_errors]") {
  IpamdNode n(cni::EnvConfig{{"WARM_IP_TARGET", "5"}});
  n.start();
  n.run_for(30);
  REQUIRE(n.stats().total == 5);
  n.faults->fail(Ec2Action::kAssignPrivateIpAddresses,
                 error("InternalError", "An internal error has occurred."));
  const size_t before = n.faults->calls().size();
  const sim::Time added = n.kernel.now();
  add_pods(n, 3);  // 2 available, short 3
  n.run_for(30);
  const std::vector<Ec2Action> calls = calls_since(n, before);
  REQUIRE(calls.size() >= 3);
  CHECK(calls[0] == Ec2Action::kAssignPrivateIpAddresses);  // for 3: failed
  CHECK(calls[1] == Ec2Action::kAssignPrivateIpAddresses);  // for 1
  CHECK(calls[2] == Ec2Action::kDescribeNetworkInterfaces);
  const IpamdNode::PoolChange* first = first_change_after(n, added);
  REQUIRE(first != nullptr);
  CHECK(first->ips_total == 6);  // 5 + the single address
  CHECK(n.stats().total == 8);   // the next tick makes up the rest
}

TEST_CASE(
    "when the single-address retry fails too the error is the pods' diagnosis and growth "
    "is tried again on the next tick",
    "[ipamd][ec2_errors]") {
  IpamdNode n(cni::EnvConfig{{"WARM_IP_TARGET", "5"}});
  n.start();
  n.run_for(30);
  n.faults->fail(Ec2Action::kAssignPrivateIpAddresses,
                 error("InternalError", "An internal error has occurred."),
                 test::FailingEc2::kAlways);
  const int assigns = n.faults->count(Ec2Action::kAssignPrivateIpAddresses);
  add_pods(n, 5);
  n.run_for(30);
  CHECK(n.stats().total == 5);
  const int failed = n.faults->count(Ec2Action::kAssignPrivateIpAddresses) - assigns;
  CHECK(failed >= 4);           // two ticks at least, no freeze
  CHECK(failed % 2 == 0);       // in pairs: the request, then the retry with one
  CHECK_FALSE(n.add("one-too-many").ok);
  CHECK(n.assign_failures.back() == "Ec2Error");
  CHECK(n.assign_causes.back() ==
        "ipamd's AssignPrivateIpAddresses failed: InternalError: An internal error has occurred.");
}

TEST_CASE(
    "PrivateIpAddressLimitExceeded is not retried: ipamd reads the ENI's addresses from EC2 "
    "into the datastore (GetIPv4sFromEC2)",
    "[ipamd][ec2_errors]") {
  IpamdNode n(cni::EnvConfig{{"WARM_IP_TARGET", "5"}});
  n.start();
  n.run_for(30);
  REQUIRE(n.stats().total == 5);
  // The datastore falls out of sync: EC2 holds two more addresses on the primary ENI than ipamd
  // knows of (e.g. a call a previous ipamd made that EC2 completed after it restarted).
  REQUIRE(n.ec2.assign_private_ip_addresses(n.ec2.instance(n.instance).enis.front(), 2, 0).ok());
  n.faults->fail(Ec2Action::kAssignPrivateIpAddresses,
                 error(aws::ec2_errors::kPrivateIpAddressLimitExceeded,
                       "Number of private addresses will exceed limit of 10 for m5.large"));
  const size_t before = n.faults->calls().size();
  const sim::Time added = n.kernel.now();
  add_pods(n, 3);
  n.run_for(30);
  const std::vector<Ec2Action> calls = calls_since(n, before);
  REQUIRE(calls.size() >= 2);
  CHECK(calls[0] == Ec2Action::kAssignPrivateIpAddresses);
  CHECK(calls[1] == Ec2Action::kDescribeNetworkInterfaces);  // no retry with one
  const IpamdNode::PoolChange* first = first_change_after(n, added);
  REQUIRE(first != nullptr);
  CHECK(first->ips_total == 7);  // the two EC2 had, adopted
  CHECK(n.stats().total == 8);
  CHECK(n.stats().assigned == 3);
}

TEST_CASE(
    "without subnet discovery a full subnet on the retry freezes growth for 120 s and is "
    "the pods' diagnosis",
    "[ipamd][ec2_errors]") {
  IpamdNode n(cni::EnvConfig{{"WARM_IP_TARGET", "5"}, {"ENABLE_SUBNET_DISCOVERY", "false"}});
  n.start();
  n.run_for(30);
  n.faults->fail(Ec2Action::kAssignPrivateIpAddresses,
                 error(aws::ec2_errors::kInsufficientFreeAddressesInSubnet,
                       "There are not enough free addresses in subnet 'nodes-1a' to satisfy the "
                       "requested number of instances."),
                 test::FailingEc2::kAlways);
  const int assigns = n.faults->count(Ec2Action::kAssignPrivateIpAddresses);
  add_pods(n, 5);
  n.run_for(100);
  CHECK(n.faults->count(Ec2Action::kAssignPrivateIpAddresses) - assigns == 2);
  CHECK(n.faults->count(Ec2Action::kCreateNetworkInterface) == 0);
  CHECK_FALSE(n.add("one-too-many").ok);
  CHECK(n.assign_failures.back() == "SubnetExhausted");
  n.run_for(30);  // past the 120 s: growth is tried again
  CHECK(n.faults->count(Ec2Action::kAssignPrivateIpAddresses) - assigns == 4);
}

TEST_CASE(
    "with subnet discovery a full subnet on the retry moves growth to a new ENI, with no "
    "freeze",
    "[ipamd][ec2_errors]") {
  IpamdNode n(cni::EnvConfig{{"WARM_IP_TARGET", "5"}});
  n.start();
  n.run_for(30);
  n.faults->fail(Ec2Action::kAssignPrivateIpAddresses,
                 error(aws::ec2_errors::kInsufficientFreeAddressesInSubnet,
                       "There are not enough free addresses in subnet 'nodes-1a' to satisfy the "
                       "requested number of instances."),
                 2);
  const size_t before = n.faults->calls().size();
  add_pods(n, 3);
  n.run_for(30);
  const std::vector<Ec2Action> calls = calls_since(n, before);
  REQUIRE(calls.size() >= 4);
  CHECK(calls[0] == Ec2Action::kAssignPrivateIpAddresses);
  CHECK(calls[1] == Ec2Action::kAssignPrivateIpAddresses);
  CHECK(calls[2] == Ec2Action::kDescribeSubnets);  // createENI's subnet discovery
  CHECK(calls[3] == Ec2Action::kCreateNetworkInterface);
  CHECK(n.stats().enis == 2);
  CHECK(n.stats().available() >= 5);
}

TEST_CASE(
    "a restart while a new ENI's ModifyNetworkInterfaceAttribute is in flight: EC2 completes "
    "it, and the new ipamd adopts the attached ENI once",
    "[ipamd][ec2_errors]") {
  IpamdNode n;
  n.start();
  n.run_for(30);
  bool restarted = false;
  n.faults->on_call(Ec2Action::kModifyNetworkInterfaceAttribute, [&n, &restarted] {
    n.ipamd->restart({});
    restarted = true;
  });
  add_pods(n, 1);
  n.run_for(60);
  REQUIRE(restarted);
  CHECK(n.ipamd->restarts() == 1);
  CHECK(n.ipamd->ready());
  CHECK(n.attached_enis() == 2);
  CHECK(n.stats().enis == 2);
  CHECK(n.stats().total == 18);  // the adopted ENI's nine, counted once
  CHECK(n.stats().assigned == 1);
  // The old process's continuation (waiting for IMDS, then AddENI) never ran.
  CHECK(std::none_of(n.pool_changes.begin(), n.pool_changes.end(),
                     [](const IpamdNode::PoolChange& c) { return c.what == "ENI attached"; }));
  const aws::NetworkInterface& eni = n.ec2.eni(n.ec2.instance(n.instance).enis.at(1));
  CHECK(eni.delete_on_termination);  // EC2 completed the call
  CHECK(n.ec2.check_invariants().empty());
}

TEST_CASE(
    "a DescribeInstances that fails before the attachment deletes the new ENI (attachENI's "
    "awsGetFreeDeviceNumber)",
    "[ipamd][ec2_errors]") {
  IpamdNode n;
  n.start();
  n.run_for(30);
  n.faults->fail(Ec2Action::kDescribeInstances,
                 error(aws::ec2_errors::kRequestLimitExceeded, "Request limit exceeded."));
  const size_t before = n.faults->calls().size();
  add_pods(n, 1);
  n.run_for(30);
  const std::vector<Ec2Action> calls = calls_since(n, before);
  const auto describe = std::find(calls.begin(), calls.end(), Ec2Action::kDescribeInstances);
  REQUIRE(describe != calls.end());
  REQUIRE(describe + 1 != calls.end());
  CHECK(*(describe + 1) == Ec2Action::kDeleteNetworkInterface);  // no attachment tried
  CHECK(n.faults->count(Ec2Action::kCreateNetworkInterface) == 2);
  CHECK(n.faults->count(Ec2Action::kAttachNetworkInterface) == 1);
  CHECK(leaked_enis(n) == 0);
  CHECK(n.stats().enis == 2);  // the next tick's ENI
}

TEST_CASE(
    "a ModifyNetworkInterfaceAttribute that fails frees the attached ENI: detached, then "
    "deleted 2 s later (AllocENI, FreeENI)",
    "[ipamd][ec2_errors]") {
  IpamdNode n;
  n.start();
  n.run_for(30);
  n.faults->fail(Ec2Action::kModifyNetworkInterfaceAttribute,
                 error(aws::ec2_errors::kUnauthorizedOperation,
                       "You are not authorized to perform this operation."));
  const size_t before = n.faults->calls().size();
  add_pods(n, 1);
  n.run_for(40);
  const std::vector<Ec2Action> calls = calls_since(n, before);
  const auto modify =
      std::find(calls.begin(), calls.end(), Ec2Action::kModifyNetworkInterfaceAttribute);
  REQUIRE(modify != calls.end());
  REQUIRE(calls.end() - modify >= 4);
  CHECK(*(modify + 1) == Ec2Action::kDescribeNetworkInterfaces);
  CHECK(*(modify + 2) == Ec2Action::kDetachNetworkInterface);
  CHECK(*(modify + 3) == Ec2Action::kDeleteNetworkInterface);
  CHECK(n.faults->count(Ec2Action::kCreateNetworkInterface) == 2);
  CHECK(leaked_enis(n) == 0);
  CHECK(n.attached_enis() == 2);  // the next tick's ENI
  CHECK(n.stats().enis == 2);
  CHECK(n.ec2.check_invariants().empty());
}

TEST_CASE(
    "a restart forgets the last decrease: the new process releases surplus addresses at "
    "once (lastDecreaseIPPool starts at Go's zero time)",
    "[ipamd][ec2_errors]") {
  const cni::EnvConfig env{{"WARM_IP_TARGET", "5"}};
  IpamdNode n(env);
  n.start();
  n.run_for(30);
  add_pods(n, 5);
  n.run_for(30);
  for (int i = 5; i < 8; ++i)
    REQUIRE(n.add("p" + std::to_string(i)).ok);
  n.run_for(30);
  REQUIRE(n.stats().total == 13);
  for (int i = 0; i < 4; ++i)
    n.del("p" + std::to_string(i));
  n.run_for(10);  // 9 available, 4 over: released by the next tick
  REQUIRE(n.stats().total == 9);

  n.ipamd->restart(env);
  for (int i = 4; i < 8; ++i)
    n.del("p" + std::to_string(i));
  n.run_for(10);  // within 30 s of the last decrease, but a new process does not know it
  CHECK(n.stats().total == 5);
}
