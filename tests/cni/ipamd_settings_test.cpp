// ipamd's settings outside the warm pool (pkg/ipamd/ipamd.go): isConfigValid on ENABLE_IPv4 and
// ENABLE_IPv6, DISABLE_NETWORK_RESOURCE_PROVISIONING, and AWS_MANAGE_ENIS_NON_SCHEDULABLE with
// a cordoned node (isENIAttachmentAllowed, tryFreeENI).

#include "models/cni/ipamd_settings.h"

#include <catch2/catch.hpp>

#include "tests/cni/ipamd_node.h"

using namespace ekssim;
using aws::Ec2Action;
using test::IpamdNode;

TEST_CASE("isConfigValid accepts exactly one address family, IPv6 only with prefixes",
          "[ipamd][settings]") {
  CHECK_FALSE(cni::ip_family_config_error({}, true));
  CHECK(cni::ip_family_config_error({{"ENABLE_IPv6", "true"}}, true) ==
        "IPv4 and IPv6 are both enabled. VPC CNI currently does not support dual stack mode");
  CHECK(cni::ip_family_config_error({{"ENABLE_IPv4", "false"}}, true) ==
        "IPv4 and IPv6 are both disabled. One of them have to be enabled");
  CHECK(cni::ip_family_config_error({{"ENABLE_IPv4", "false"}, {"ENABLE_IPv6", "true"}}, true)
            ->starts_with("IPv6 is supported only in Prefix Delegation mode."));
  const cni::EnvConfig ipv6{
      {"ENABLE_IPv4", "false"}, {"ENABLE_IPv6", "true"}, {"ENABLE_PREFIX_DELEGATION", "true"}};
  CHECK_FALSE(cni::ip_family_config_error(ipv6, true));
  CHECK(cni::ipv6_mode(ipv6));
  CHECK(cni::ip_family_config_error(ipv6, false)->starts_with("Prefix Delegation is not "));
  // A value ParseBool refuses is the default (ENABLE_IPv4 true), as upstream reads it.
  CHECK_FALSE(cni::ip_family_config_error({{"ENABLE_IPv4", "yes"}}, true));
}

TEST_CASE(
    "with both address families disabled ipamd exits before any EC2 call and the node "
    "never turns ready",
    "[ipamd][settings]") {
  IpamdNode n(cni::EnvConfig{{"ENABLE_IPv4", "false"}});
  n.start();
  n.run_for(120);
  CHECK_FALSE(n.ipamd->ready());
  CHECK(n.calls(Ec2Action::kDescribeNetworkInterfaces) == 0);
  REQUIRE(n.init_failures.size() >= 3);  // CrashLoopBackOff: 10 s, 20 s, 40 s
  CHECK(n.init_logs.front() ==
        "ipamd: failed to validate configuration: IPv4 and IPv6 are both disabled. One of them "
        "have to be enabled");
  CHECK(n.init_failures.front() ==
        "aws-node's ENABLE_IPv4=false and ENABLE_IPv6=false are not a valid combination "
        "(isConfigValid): IPv4 and IPv6 are both disabled. One of them have to be enabled");
  // A setEnv that fixes it rolls aws-node, and the new container starts.
  n.ipamd->restart({});
  n.run_for(30);
  CHECK(n.ipamd->ready());
  CHECK(n.stats().total == 9);
}

TEST_CASE("with both address families enabled (dual stack) ipamd exits", "[ipamd][settings]") {
  IpamdNode n(cni::EnvConfig{{"ENABLE_IPv6", "true"}});
  n.start();
  n.run_for(60);
  CHECK_FALSE(n.ipamd->ready());
  REQUIRE_FALSE(n.init_logs.empty());
  CHECK(n.init_logs.front().ends_with("VPC CNI currently does not support dual stack mode"));
}

TEST_CASE("DISABLE_NETWORK_RESOURCE_PROVISIONING: ready with what is attached, no EC2 writes",
          "[ipamd][settings]") {
  IpamdNode n(cni::EnvConfig{{"DISABLE_NETWORK_RESOURCE_PROVISIONING", "true"}});
  n.start();
  n.run_for(120);
  CHECK(n.ipamd->ready());
  CHECK(n.stats().total == 0);  // the primary ENI has no secondary address
  CHECK(n.calls(Ec2Action::kAssignPrivateIpAddresses) == 0);
  CHECK(n.calls(Ec2Action::kCreateNetworkInterface) == 0);
  CHECK_FALSE(n.add("a").ok);
  REQUIRE(n.assign_failures.size() == 1);
  CHECK(n.assign_failures.front() == "ProvisioningDisabled");
  CHECK(n.assign_causes.front() ==
        "DISABLE_NETWORK_RESOURCE_PROVISIONING is set: ipamd makes no EC2 calls and uses only the "
        "0 addresses already attached to n1");
}

TEST_CASE("DISABLE_NETWORK_RESOURCE_PROVISIONING after a start keeps the addresses attached",
          "[ipamd][settings]") {
  IpamdNode n;
  n.start();
  n.run_for(30);
  REQUIRE(n.stats().total == 9);
  n.ipamd->restart(cni::EnvConfig{{"DISABLE_NETWORK_RESOURCE_PROVISIONING", "true"}});
  n.run_for(30);
  CHECK(n.ipamd->ready());
  CHECK(n.stats().total == 9);
  for (int i = 0; i < 9; ++i)
    CHECK(n.add("p" + std::to_string(i)).ok);
  n.run_for(60);
  // The pool is empty and stays so: no growth without provisioning.
  CHECK(n.stats().total == 9);
  CHECK_FALSE(n.add("p9").ok);
}

TEST_CASE("a cordoned node gets no addresses unless AWS_MANAGE_ENIS_NON_SCHEDULABLE",
          "[ipamd][settings]") {
  SECTION("the default: neither pre-scaling nor growth") {
    IpamdNode n;
    n.unschedulable = true;
    n.start();
    n.run_for(60);
    CHECK(n.ipamd->ready());
    CHECK(n.stats().total == 0);
    CHECK(n.calls(Ec2Action::kAssignPrivateIpAddresses) == 0);
    CHECK_FALSE(n.add("a").ok);
    REQUIRE(n.assign_failures.size() == 1);
    CHECK(n.assign_failures.front() == "NodeUnschedulable");
    // Uncordoned, the next tick grows the pool.
    n.unschedulable = false;
    n.run_for(10);
    CHECK(n.stats().total == 9);
  }
  SECTION("AWS_MANAGE_ENIS_NON_SCHEDULABLE=true manages them anyway") {
    IpamdNode n(cni::EnvConfig{{"AWS_MANAGE_ENIS_NON_SCHEDULABLE", "true"}});
    n.unschedulable = true;
    n.start();
    n.run_for(60);
    CHECK(n.stats().total == 9);
  }
}

TEST_CASE("a cordoned node keeps its surplus ENI until it is uncordoned", "[ipamd][settings]") {
  IpamdNode n;
  n.start();
  n.run_for(30);
  REQUIRE(n.add("a").ok);
  n.run_for(20);
  REQUIRE(n.stats().enis == 2);
  n.del("a");  // the second ENI is now surplus
  n.unschedulable = true;
  n.run_for(180);
  CHECK(n.stats().enis == 2);  // tryFreeENI: "not detaching any ENIs"
  CHECK(n.calls(Ec2Action::kDetachNetworkInterface) == 0);
  n.unschedulable = false;
  n.run_for(10);
  CHECK(n.stats().enis == 1);
}
