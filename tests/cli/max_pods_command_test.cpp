// `ekssim max-pods`: run_max_pods prints one line per type, or names every unknown type with the
// nearest known ones and prints nothing else.

#include "tools/cli/max_pods_command.h"

#include <catch2/catch.hpp>
#include <sstream>

using ekssim::aws::MaxPodsOptions;
using ekssim::cli::run_max_pods;

TEST_CASE("max-pods prints TYPE N for each type in the order given", "[max_pods]") {
  std::ostringstream out, err;
  CHECK(run_max_pods({"m5.large", "c5.xlarge", "c6in.32xlarge"}, MaxPodsOptions(), out, err) == 0);
  CHECK(out.str() == "m5.large 29\nc5.xlarge 58\nc6in.32xlarge 394\n");
  CHECK(err.str().empty());
}

TEST_CASE("max-pods applies the calculator's options", "[max_pods]") {
  MaxPodsOptions options;
  options.prefix_delegation = true;
  options.vcpus = 2;
  std::ostringstream out, err;
  CHECK(run_max_pods({"m5.large", "m4.large"}, options, out, err) == 0);
  CHECK(out.str() == "m5.large 110\nm4.large 20\n");
}

TEST_CASE("max-pods names an unknown type, suggests the nearest and prints no results",
          "[max_pods]") {
  std::ostringstream out, err;
  CHECK(run_max_pods({"m5.large", "m5.lrage", "c9.huge"}, MaxPodsOptions(), out, err) == 2);
  CHECK(out.str().empty());
  const std::string text = err.str();
  CHECK(text.rfind("error: unknown instance type 'm5.lrage'; did you mean m5.large, ", 0) == 0);
  CHECK(text.find("error: unknown instance type 'c9.huge'; did you mean ") != std::string::npos);
  CHECK(std::count(text.begin(), text.end(), '\n') == 2);
}
