// Planner-facing output: `check` warns about prefix delegation left at the ENI formula's maxPods
// (and still exits 0); the text report's IP headroom section per node group.

#include <catch2/catch.hpp>

#include "tests/cli/command_runner.h"

using ekssim::test::make_temp_dir;
using ekssim::test::read_file;
using ekssim::test::run_ekssim;
using ekssim::test::write_file;

namespace {
const std::string kScenario = std::string(EKSSIM_SOURCE_DIR) + "/scenarios/eni-limit.yaml";
}

TEST_CASE("check warns when prefix delegation keeps the ENI formula's maxPods", "[cli][check]") {
  std::string text = read_file(kScenario);
  const std::string coredns = "    coredns: {replicas: 0}\n";
  REQUIRE(text.find(coredns) != std::string::npos);
  text.replace(text.find(coredns), coredns.size(),
               coredns + "    vpcCni: {env: {ENABLE_PREFIX_DELEGATION: \"true\"}}\n");
  const std::string file = make_temp_dir() + "/pd.yaml";
  write_file(file, text);
  const auto r = run_ekssim("check " + file);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "1 scenario OK\n");
  CHECK(r.err == file +
                     ":37:7: warning: node group 'small' keeps the ENI formula's maxPods 29 for "
                     "m5.large although ENABLE_PREFIX_DELEGATION is true: the kubelet refuses pods "
                     "beyond 29, so prefix delegation's density never shows; expected maxPods: "
                     "110, what EKS's max-pods calculator gives with "
                     "--cni-prefix-delegation-enabled (2 vCPUs: the 110-pod cap)\n"
                     "      - name: small\n"
                     "        ^\n");
  CHECK(run_ekssim("check " + kScenario).err.empty());
}

TEST_CASE("The text report shows each node group's IP headroom", "[cli][run]") {
  const auto r = run_ekssim("run " + kScenario);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("\nIP headroom by node group, at the end:\n"
                   "  small                   2 nodes     6 ENIs     54 addresses assigned + 0 "
                   "warm = 54; 58 pods running of 58 max pods\n") != std::string::npos);
}
