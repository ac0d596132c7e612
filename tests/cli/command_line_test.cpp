#include <catch2/catch.hpp>

#include "tests/cli/command_runner.h"

using ekssim::test::run_ekssim;

TEST_CASE("the version flag prints the version and exits 0", "[cli]") {
  const auto r = run_ekssim("--version");
  CHECK(r.exit_code == 0);
  CHECK(r.out.rfind("ekssim ", 0) == 0);
}

TEST_CASE("the help flag lists the subcommands and the exit codes", "[cli]") {
  const auto r = run_ekssim("--help");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("generate") != std::string::npos);
  CHECK(r.out.find("Exit codes: 0 every expectation met") != std::string::npos);
}

TEST_CASE("usage errors exit 2 and say what was wrong", "[cli]") {
  const auto none = run_ekssim("");
  CHECK(none.exit_code == 2);
  const auto unknown = run_ekssim("frobnicate");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("subcommand is required") != std::string::npos);
}

TEST_CASE("generate refuses sizes it cannot honour with exit 2", "[cli][generate]") {
  const auto too_dense = run_ekssim("generate --nodes 1 --pods 1000 --services 1 --node-groups 1");
  CHECK(too_dense.exit_code == 2);
  CHECK(too_dense.err ==
        "ekssim generate: error: 1000 pods on 1 nodes is 1000 per node, more than the densest "
        "type here (m5.4xlarge, 234 pods) holds\n");
  CHECK(too_dense.out.empty());
  const auto bad_every = run_ekssim("generate --nodes 3 --pods 30 --services 3 --dns-every 5x");
  CHECK(bad_every.exit_code == 2);
  CHECK(run_ekssim("generate --nodes 3 --pods 2 --services 3").exit_code == 2);
}

TEST_CASE("generate is deterministic and sized to its arguments", "[cli][generate]") {
  const auto a = run_ekssim("generate --nodes 30 --pods 900 --services 40 --seed 3");
  const auto b = run_ekssim("generate --nodes 30 --pods 900 --services 40 --seed 3");
  REQUIRE(a.exit_code == 0);
  CHECK(a.out == b.out);
  size_t services = 0, pos = 0;
  while ((pos = a.out.find("kind: Service,", pos)) != std::string::npos) ++services, ++pos;
  CHECK(services == 40);
  CHECK(a.out.find("name: generated-30n-900p-40s") != std::string::npos);
  CHECK(a.out.find("replicas: 2\n") != std::string::npos);  // CoreDNS: ceil(30/16) = 2
}

TEST_CASE("max-pods prints the formula's value per type and refuses unknown types",
          "[cli][max-pods]") {
  const auto r = run_ekssim("max-pods m5.large c6in.32xlarge");
  CHECK(r.exit_code == 0);
  CHECK(r.out == "m5.large 29\nc6in.32xlarge 394\n");
  const auto pd = run_ekssim("max-pods --prefix-delegation --vcpus 2 m5.large");
  CHECK(pd.out == "m5.large 110\n");
  const auto bad = run_ekssim("max-pods m5.lrage");
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.empty());
  CHECK(bad.err.find("m5.large") != std::string::npos);
  CHECK(run_ekssim("max-pods --vcpus 2 --cap 50 m5.large").exit_code == 2);
}

TEST_CASE("generated scenarios of any duration pass ekssim check", "[cli][generate]") {
  const std::string dir = ekssim::test::make_temp_dir();
  for (const char* duration : {"10m", "1h"}) {
    const auto g = run_ekssim(std::string("generate --nodes 6 --pods 60 --services 3 --duration ") +
                              duration);
    REQUIRE(g.exit_code == 0);
    ekssim::test::write_file(dir + "/g.yaml", g.out);
    const auto c = run_ekssim("check " + dir + "/g.yaml");
    INFO(c.err);
    CHECK(c.exit_code == 0);
  }
}
