// Max pods for every instance type in the limits table, against the VPC CNI's published values
// (tests/aws/data/eni-max-pods.txt, a copy of upstream's misc/eni-max-pods.txt; its source line
// is at its top).

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "models/aws/max_pods.h"

using namespace ekssim::aws;

namespace {

std::map<std::string, int> published_max_pods() {
  std::ifstream in(std::string(EKSSIM_SOURCE_DIR) + "/tests/aws/data/eni-max-pods.txt");
  REQUIRE(in.good());
  std::map<std::string, int> values;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    std::istringstream fields(line);
    std::string type;
    int pods = 0;
    REQUIRE(fields >> type >> pods);
    values.emplace(type, pods);
  }
  return values;
}

}  // namespace

TEST_CASE("EKS's max pods formula agrees with upstream's eni-max-pods.txt for every type",
          "[max_pods]") {
  const std::map<std::string, int> published = published_max_pods();
  REQUIRE(published.size() == 1391);
  REQUIRE(all_instance_types().size() == published.size());
  int checked = 0;
  for (const InstanceType& type : all_instance_types()) {
    INFO(type.name);
    const auto it = published.find(type.name);
    REQUIRE(it != published.end());
    CHECK(max_pods(type, MaxPodsOptions()) == it->second);
    ++checked;
  }
  CHECK(checked == 1391);
}
