// scenarios/subnet-discovery.yaml: the subnet-exhaustion scale-out with a second subnet tagged
// kubernetes.io/role/cni=1, where ENABLE_SUBNET_DISCOVERY puts the new pod ENIs.

#include <catch2/catch.hpp>

#include "models/net/ipv4.h"
#include "tests/cluster/scenario_support.h"

namespace {

constexpr const char* kFile = "subnet-discovery.yaml";

bool in(const std::string& ip, const char* cidr) {
  return ekssim::net::Cidr::parse(cidr)->contains(*ekssim::net::Ipv4::parse(ip));
}

}  // namespace

TEST_CASE("subnet discovery: new pod ENIs go to the tagged subnet and every pod starts",
          "[scenario][subnet-discovery]") {
  const auto report = ekssim::test::run_scenario(kFile);
  REQUIRE(report.all_expectations_passed());
  CHECK(ekssim::test::first_failure(report, "ip", "SubnetExhausted") == nullptr);
  int in_pods_subnet = 0, in_node_subnet = 0, running = 0;
  double last_running = 0;
  for (const auto& pod : report.pods) {
    if (pod.namespace_ != "web") continue;
    REQUIRE(pod.ip);
    in_pods_subnet += in(*pod.ip, "10.0.16.0/22");
    in_node_subnet += in(*pod.ip, "10.0.0.0/26");
    if (pod.phase == "Running") {
      ++running;
      last_running = std::max(last_running, *pod.running_at);
    }
  }
  CHECK(running == 100);
  CHECK(in_pods_subnet + in_node_subnet == 100);
  CHECK(in_pods_subnet > 50);  // the primary ENIs hold 9 each, every other ENI is in pods-1a
  CHECK(last_running > 300);
  CHECK(last_running < 600);
  // The nodes' own subnet keeps free addresses: only primary ENIs live there.
  CHECK(ekssim::test::subnet(report, "private-1a").min_free > 0);
}

TEST_CASE("subnet discovery: without the tag the same scale-out exhausts the node subnet",
          "[scenario][subnet-discovery]") {
  const auto report = ekssim::test::run_scenario_variant(
      kFile, "tags: {kubernetes.io/role/cni: \"1\"}", "tags: {kubernetes.io/role/cni: \"0\"}");
  CHECK_FALSE(report.all_expectations_passed());
  const ekssim::report::PodReport* pod = nullptr;
  const auto* failure = ekssim::test::first_failure(report, "ip", "SubnetExhausted", &pod);
  REQUIRE(failure != nullptr);
  CHECK(failure->at > 300);
  // The first refusal is a new ENI's (ten addresses) with a few still free.
  CHECK(failure->cause.rfind("subnet private-1a has no free addresses (", 0) == 0);
  CHECK(ekssim::test::subnet(report, "private-1a").free == 0);
  CHECK(failure->fix.find("tag another subnet in us-east-1a with kubernetes.io/role/cni=1") !=
        std::string::npos);
  CHECK(ekssim::test::subnet(report, "pods-1a").free ==
        ekssim::test::subnet(report, "pods-1a").usable);
}
