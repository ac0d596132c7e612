#include "models/aws/max_pods.h"

#include <catch2/catch.hpp>

using namespace ekssim::aws;

namespace {
int pods(const char* type, MaxPodsOptions o = MaxPodsOptions()) {
  return max_pods(*find_instance_type(type), o);
}
MaxPodsOptions custom_networking() {
  MaxPodsOptions o;
  o.custom_networking = true;
  return o;
}
MaxPodsOptions prefixes(std::optional<int> vcpus = std::nullopt) {
  MaxPodsOptions o;
  o.prefix_delegation = true;
  o.vcpus = vcpus;
  return o;
}
}  // namespace

TEST_CASE("max pods follows the ENI formula of EKS's node bootstrap", "[max_pods]") {
  // Values from upstream's misc/eni-max-pods.txt.
  CHECK(pods("m5.large") == 29);
  CHECK(pods("c5.xlarge") == 58);
  CHECK(pods("t3.small") == 11);
  CHECK(pods("m5.24xlarge") == 737);
  // Multi-card types count the default card only (amazon-eks-ami PR #1930).
  CHECK(pods("c6in.32xlarge") == 394);
}

TEST_CASE("the AL2 calculator's options change max pods as the script did", "[max_pods]") {
  CHECK(pods("m5.large", custom_networking()) == 20);
  MaxPodsOptions one_eni;
  one_eni.max_eni = 1;
  CHECK(pods("m5.large", one_eni) == 11);
  CHECK(pods("m5.large", prefixes()) == 434);
  CHECK(pods("m5.large", prefixes(2)) == 110);
  CHECK(pods("m5.24xlarge", prefixes(96)) == 250);
  MaxPodsOptions capped;
  capped.cap = 20;
  CHECK(pods("m5.large", capped) == 20);
  // Prefix delegation needs Nitro: a Xen type keeps the plain formula.
  CHECK(pods("m4.large", prefixes()) == pods("m4.large"));
}

TEST_CASE("instance types are found by exact name and suggested by edit distance",
          "[instance_types]") {
  REQUIRE(find_instance_type("m5.large") != nullptr);
  CHECK(find_instance_type("m5.large")->max_enis == 3);
  CHECK(find_instance_type("m5.large")->ipv4_per_eni == 10);
  CHECK(find_instance_type("m5.lrage") == nullptr);
  const auto near = nearest_instance_types("m5.lrage", 3);
  REQUIRE(!near.empty());
  CHECK(near.front() == "m5.large");
  CHECK(all_instance_types().size() == 1391);
}

TEST_CASE("bare metal keeps the plain formula under the calculator's prefix delegation",
          "[max_pods]") {
  // The script tests `Hypervisor == nitro`; the table lists metal as unknown.
  CHECK(pods("m5.metal", prefixes()) == pods("m5.metal"));
  CHECK(pods("m5.metal") == 737);
  MaxPodsOptions zero_eni;
  zero_eni.max_eni = 0;  // ignored, as ipamd ignores MAX_ENI below 1
  CHECK(pods("m5.large", zero_eni) == 29);
  MaxPodsOptions both;
  both.vcpus = 96;
  both.cap = 100;
  CHECK(pods("m5.24xlarge", both) == 100);
}
