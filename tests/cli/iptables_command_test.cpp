// `ekssim iptables`: a node's rules at a virtual time, as kube-proxy and aws-node wrote them.

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>

#include "tests/cli/command_runner.h"

using ekssim::test::run_ekssim;

namespace {

const std::string kScenario =
    std::string(EKSSIM_SOURCE_DIR) + "/scenarios/service-without-endpoints.yaml";

}  // namespace

TEST_CASE("iptables shows a Service's endpoints while it has some and its REJECT once it has none",
          "[cli][iptables]") {
  const auto before = run_ekssim("iptables " + kScenario + " --node general/1 --at 5m");
  REQUIRE(before.exit_code == 0);
  CHECK(before.out.rfind("# ip-", 0) == 0);
  CHECK(before.out.find("*nat\n") != std::string::npos);
  CHECK(before.out.find("-m comment --comment \"shop/payments:http cluster IP\" -m tcp -p tcp -d "
                        "172.20.") != std::string::npos);
  // Two endpoints: the first rule matches with probability 1/2, the second takes the rest.
  CHECK(before.out.find("--probability 0.5000000000 -j KUBE-SEP-") != std::string::npos);
  CHECK(before.out.find("DNAT --to-destination 10.0.") != std::string::npos);
  CHECK(before.out.find("-j AWS-SNAT-CHAIN-0") != std::string::npos);
  CHECK(before.out.find("shop/payments:http has no endpoints") == std::string::npos);

  const auto during = run_ekssim("iptables " + kScenario + " --node general/1 --at 15m");
  REQUIRE(during.exit_code == 0);
  CHECK(during.out.find("-A KUBE-SERVICES -m comment --comment \"shop/payments:http has no "
                        "endpoints\" -m tcp -p tcp -d 172.20.") != std::string::npos);
  CHECK(during.out.find("--dport 8080 -j REJECT") != std::string::npos);
}

TEST_CASE("iptables names the live nodes when the one asked for does not exist",
          "[cli][iptables]") {
  const auto r = run_ekssim("iptables " + kScenario + " --node general/9 --at 5m");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("no registered node 'general/9' at 5m; the live nodes:") != std::string::npos);
  CHECK(r.err.find("  general/1  ip-10-0-") != std::string::npos);
  CHECK(r.err.find("  general/2  ip-10-0-") != std::string::npos);
  const auto bad_at = run_ekssim("iptables " + kScenario + " --node general/1 --at soon");
  CHECK(bad_at.exit_code == 2);
  CHECK(bad_at.err.find("--at soon: expected a duration") != std::string::npos);
}

TEST_CASE("the rules ekssim iptables prints load into a real iptables-restore",
          "[cli][iptables][netns]") {
  if (geteuid() != 0) {
    WARN("skipped: loading rules needs root, and this test runs as uid " << geteuid());
    return;
  }
  if (std::system("unshare -n true > /dev/null 2>&1") != 0) {
    WARN("skipped: `unshare -n` failed, so no private network namespace");
    return;
  }
  if (std::system("command -v iptables-restore > /dev/null 2>&1") != 0) {
    WARN("skipped: iptables-restore is not installed");
    return;
  }
  const std::string dir = ekssim::test::make_temp_dir();
  for (const char* at : {"5m", "15m"}) {
    const auto r = run_ekssim("iptables " + kScenario + " --node general/2 --at " + at);
    REQUIRE(r.exit_code == 0);
    const std::string file = dir + "/rules-" + at;
    ekssim::test::write_file(file, r.out);
    INFO(r.out);
    CHECK(std::system(
              ("unshare -n iptables-restore --test < " + file + " > /dev/null 2>&1").c_str()) == 0);
  }
}
