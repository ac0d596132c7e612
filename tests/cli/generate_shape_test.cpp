// `ekssim generate`'s cluster shapes (tools/cli/generate_shape.h): the types' limits agree with
// models/aws, the accelerated shape is chosen above 20,000 nodes and sized as EKS's ultra scale
// clusters are, and a small accelerated cluster runs clean.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "models/aws/instance_resources.h"
#include "models/aws/instance_types.h"
#include "models/aws/max_pods.h"
#include "tests/cli/command_runner.h"
#include "tools/cli/generate_shape.h"

using ekssim::cli::ClusterShape;
using ekssim::cli::GenerateOptions;
using ekssim::cli::GenerateShape;
using ekssim::test::run_ekssim;

namespace {

GenerateOptions options(int64_t nodes, int64_t pods, GenerateShape shape = GenerateShape::kAuto) {
  GenerateOptions o;
  o.nodes = nodes;
  o.pods = pods;
  o.services = 10;
  o.shape = shape;
  return o;
}

void check_type_limits(const ClusterShape& shape, const char* name) {
  INFO(name);
  const ekssim::aws::InstanceType* type = ekssim::aws::find_instance_type(name);
  REQUIRE(type != nullptr);
  CHECK(ekssim::aws::max_pods(*type, ekssim::aws::MaxPodsOptions()) == shape.max_pods);
  CHECK(type->max_enis == shape.enis);
  CHECK(type->ipv4_per_eni == shape.ips_per_eni);
  const auto resources = ekssim::aws::resources_of(*type);
  REQUIRE(resources);
  CHECK(resources->vcpus == shape.vcpus);
}

}  // namespace

TEST_CASE("every shape's instance types have the limits models/aws gives them",
          "[cli][generate]") {
  for (const int64_t pods_per_node : {5, 20, 40, 100, 200}) {
    const ClusterShape general = shape_for(options(100, 100 * pods_per_node));
    CHECK_FALSE(general.accelerated);
    check_type_limits(general, general.family_a);
    check_type_limits(general, general.family_b);
  }
  const ClusterShape accelerated = shape_for(options(100, 1000, GenerateShape::kAccelerated));
  REQUIRE(accelerated.accelerated);
  check_type_limits(accelerated, accelerated.family_a);
  check_type_limits(accelerated, accelerated.family_b);
}

TEST_CASE("above 20,000 nodes generate takes the accelerated shape of EKS's ultra scale",
          "[cli][generate]") {
  CHECK_FALSE(shape_for(options(20000, 200000)).accelerated);
  const ClusterShape s = shape_for(options(100000, 1000000));
  CHECK(s.accelerated);
  CHECK(std::string(s.family_a) == "p5.48xlarge");
  CHECK(s.pods_per_node == 10);
  // max(nodes/16, cores/256) = max(6,250, 75,000), within the add-on's maxReplicas.
  CHECK(s.coredns_replicas == 1000);
  // A warm pool of addresses, not of ENIs: MINIMUM_IP_TARGET covers the node's pods.
  REQUIRE(s.cni_env.size() == 2);
  CHECK(s.cni_env[0] == std::pair<std::string, std::string>("WARM_IP_TARGET", "2"));
  CHECK(s.cni_env[1] == std::pair<std::string, std::string>("MINIMUM_IP_TARGET", "12"));
  CHECK(s.addresses_per_node == 13);  // 12 secondaries and the one ENI's primary
  // A small accelerated cluster scales CoreDNS by its cores: 40 × 192 / 256 = 30.
  CHECK(shape_for(options(40, 200, GenerateShape::kAccelerated)).coredns_replicas == 30);
}

TEST_CASE("generate accepts 100,000 nodes only in the accelerated shape", "[cli][generate]") {
  CHECK(check_generate_options(options(100000, 1000000)) == std::nullopt);
  CHECK(check_generate_options(options(100001, 1000000)) ==
        std::optional<std::string>("--nodes must be between 1 and 100000"));
  CHECK(check_generate_options(options(30000, 300000, GenerateShape::kGeneral)) ==
        std::optional<std::string>("--shape general holds at most 20000 nodes; larger clusters "
                                   "are --shape accelerated"));
  const auto bad = run_ekssim("generate --nodes 10 --pods 100 --services 10 --shape gpu");
  CHECK(bad.exit_code != 0);
  CHECK(bad.err.find("--shape") != std::string::npos);
}

TEST_CASE("a small accelerated cluster runs with every pod Running and no traffic failure",
          "[cli][generate]") {
  const std::string dir = ekssim::test::make_temp_dir();
  const auto g = run_ekssim(
      "generate --nodes 12 --pods 96 --services 8 --shape accelerated --seed 3 --duration 20m");
  REQUIRE(g.exit_code == 0);
  CHECK(g.out.find("instanceType: p5.48xlarge") != std::string::npos);
  CHECK(g.out.find("MINIMUM_IP_TARGET: \"10\"") != std::string::npos);
  ekssim::test::write_file(dir + "/g.yaml", g.out);
  const auto r = run_ekssim("run " + dir + "/g.yaml --format json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto document = nlohmann::json::parse(r.out);
  const auto& j = document["runs"][0];
  for (const auto& e : j["expectations"]) {
    INFO(e["name"].get<std::string>() << ": " << e["detail"].get<std::string>());
    CHECK(e["passed"] == true);
  }
  int64_t running = 0;
  for (const auto& p : j["pods"]) {
    if (p["phase"] == "Running") ++running;
  }
  CHECK(running >= 96);
  CHECK(j["dns"]["failedLookups"] == 0);
  CHECK(j["dns"]["failedConnects"] == 0);
}
