#include "models/aws/instance_resources.h"

#include <catch2/catch.hpp>

using namespace ekssim::aws;

namespace {
constexpr int64_t kMiB = int64_t{1} << 20;
constexpr int64_t kGiB = int64_t{1} << 30;

InstanceResources resources(const char* type) {
  const auto r = resources_of(*find_instance_type(type));
  REQUIRE(r);
  return *r;
}
}  // namespace

TEST_CASE("published vCPUs and memory come from the autoscaler's table", "[instance_resources]") {
  // DescribeInstanceTypes figures, as the Cluster Autoscaler's ec2_instance_types.go lists them.
  CHECK(resources("m5.large").vcpus == 2);
  CHECK(resources("m5.large").memory_bytes == 8 * kGiB);
  CHECK_FALSE(resources("m5.large").estimated);
  CHECK(resources("m5.24xlarge").vcpus == 96);
  // Where the name-based estimate is wrong, the table is right.
  CHECK(resources("c1.medium").vcpus == 2);
  CHECK(resources("c1.medium").memory_bytes == 1740 * kMiB);
  CHECK(resources("i3.large").memory_bytes == 15616 * kMiB);
  CHECK(resources("t2.micro").vcpus == 1);
  CHECK(resources("t3.micro").vcpus == 2);
  CHECK(resources("t3.micro").memory_bytes == 1 * kGiB);
  // Plain "metal" has no size in its name; the table still knows it.
  CHECK(resources("m5.metal").vcpus == 96);
}

TEST_CASE("every published type is a type of the network table", "[instance_resources]") {
  size_t published = 0;
  for (const InstanceType& type : all_instance_types()) {
    if (published_resources(type.name)) ++published;
  }
  CHECK(published == 1108);
  CHECK_FALSE(published_resources("m5.lrage"));
}

TEST_CASE("types the table lacks fall back to the estimate, marked as such",
          "[instance_resources]") {
  // c8id is newer than the autoscaler's static list (2026-01-22).
  REQUIRE_FALSE(published_resources("c8id.4xlarge"));
  const InstanceResources r = resources("c8id.4xlarge");
  CHECK(r.estimated);
  CHECK(r.vcpus == 16);
  CHECK(r.memory_bytes == 32 * kGiB);
  REQUIRE_FALSE(published_resources("c8id.metal-48xl"));
  CHECK(resources("c8id.metal-48xl").vcpus == 192);
}

TEST_CASE("the estimate reads the size and the family's first letter", "[instance_resources]") {
  const auto m5 = estimate_resources(*find_instance_type("m5.large"));
  REQUIRE(m5);
  CHECK(m5->vcpus == 2);
  CHECK(m5->memory_bytes == 8 * kGiB);
  const auto c5 = estimate_resources(*find_instance_type("c5.4xlarge"));
  REQUIRE(c5);
  CHECK(c5->vcpus == 16);
  CHECK(c5->memory_bytes == 32 * kGiB);
  const auto r5 = estimate_resources(*find_instance_type("r5.xlarge"));
  REQUIRE(r5);
  CHECK(r5->memory_bytes == 32 * kGiB);
  const auto trn1 = estimate_resources(*find_instance_type("trn1.2xlarge"));
  REQUIRE(trn1);
  CHECK(trn1->vcpus == 8);
  CHECK_FALSE(estimate_resources(*find_instance_type("m5.metal")));
}
