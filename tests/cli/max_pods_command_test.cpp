// `ekssim max-pods`: run_max_pods prints one line per type, or names every unknown type with the
// nearest known ones and prints nothing else.

#include "tools/cli/max_pods_command.h"

#include <catch2/catch.hpp>
#include <sstream>

using ekssim::aws::MaxPodsOptions;
using ekssim::cli::run_max_pods;

TEST_CASE("max-pods prints TYPE N for each type in the order given", "[max_pods]") {
  std::ostringstream out, err;
  CHECK(run_max_pods({"m5.large", "c5.xlarge", "c6in.32xlarge"}, MaxPodsOptions(), false, out, err) == 0);
  CHECK(out.str() == "m5.large 29\nc5.xlarge 58\nc6in.32xlarge 394\n");
  CHECK(err.str().empty());
}

TEST_CASE("max-pods applies the calculator's options", "[max_pods]") {
  MaxPodsOptions options;
  options.prefix_delegation = true;
  options.vcpus = 2;
  std::ostringstream out, err;
  CHECK(run_max_pods({"m5.large", "m4.large"}, options, false, out, err) == 0);
  CHECK(out.str() == "m5.large 110\nm4.large 20\n");
}

TEST_CASE("max-pods names an unknown type, suggests the nearest and prints no results",
          "[max_pods]") {
  std::ostringstream out, err;
  CHECK(run_max_pods({"m5.large", "m5.lrage", "c9.huge"}, MaxPodsOptions(), false, out, err) == 2);
  CHECK(out.str().empty());
  const std::string text = err.str();
  CHECK(text.rfind("error: unknown instance type 'm5.lrage'; did you mean m5.large, ", 0) == 0);
  CHECK(text.find("error: unknown instance type 'c9.huge'; did you mean ") != std::string::npos);
  CHECK(std::count(text.begin(), text.end(), '\n') == 2);
}

TEST_CASE("max-pods --calculator caps each type by its own vCPUs", "[max_pods]") {
  // amazon-eks-ami max-pods-calculator.sh: 110 up to 30 vCPUs, 250 above (DescribeInstanceTypes).
  MaxPodsOptions options;
  options.prefix_delegation = true;
  std::ostringstream out, err;
  CHECK(run_max_pods({"m5.large", "m5.8xlarge", "m5.24xlarge", "t3.nano"}, options, true, out,
                     err) == 0);
  // m5.8xlarge has 32 vCPUs: the 250 cap; t3.nano's 2 ENIs × 1 slot × 16 + 2 stay under 110.
  CHECK(out.str() == "m5.large 110\nm5.8xlarge 250\nm5.24xlarge 250\nt3.nano 34\n");
  CHECK(err.str().empty());
}

TEST_CASE("max-pods --calculator without prefix delegation leaves small types uncapped",
          "[max_pods]") {
  std::ostringstream out, err;
  CHECK(run_max_pods({"m5.large", "c6in.32xlarge"}, MaxPodsOptions(), true, out, err) == 0);
  CHECK(out.str() == "m5.large 29\nc6in.32xlarge 250\n");
}

TEST_CASE("max-pods --vcpus overrides the table's count for every type", "[max_pods]") {
  MaxPodsOptions options;
  options.prefix_delegation = true;
  options.vcpus = 64;
  std::ostringstream out, err;
  CHECK(run_max_pods({"m5.large"}, options, true, out, err) == 0);
  CHECK(out.str() == "m5.large 250\n");
}

TEST_CASE("max-pods --calculator refuses a type whose vCPUs are unknown", "[max_pods]") {
  // u-6tb1.metal is missing from the published table and "metal" names no size.
  std::ostringstream out, err;
  CHECK(run_max_pods({"m5.large", "u-6tb1.metal"}, MaxPodsOptions(), true, out, err) == 2);
  CHECK(out.str().empty());
  CHECK(err.str() ==
        "error: the vCPUs of 'u-6tb1.metal' are not in the instance table; give them with "
        "--vcpus N\n");
}
