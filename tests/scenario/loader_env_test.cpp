// aws-node values upstream would parse and fall back on (issue 14, "Values as upstream parses
// them"; issue 16): the scenario loads, with a located warning naming the fallback the run takes.

#include <catch2/catch.hpp>

#include "tests/scenario/scenario_text.h"

namespace ekssim::scenario {
namespace {

using testing::diagnostics_of;
using testing::minimal_with;

std::string with_env(std::string_view env) {
  return minimal_with("  nodeGroups:\n", "  addons:\n    vpcCni:\n      env: " + std::string(env) +
                                             "\n  nodeGroups:\n");
}

// The diagnostics of a scenario that must still load.
std::string warnings_of(const std::string& text) {
  const LoadResult result = load_scenario_text(text, "s.yaml");
  CHECK(result.ok());
  return format_diagnostics(result.diagnostics);
}

TEST_CASE("WARM_IP_TARGET: \"five\" loads with a warning that aws-node uses the default") {
  CHECK(warnings_of(with_env("{WARM_IP_TARGET: \"five\"}")) ==
        "s.yaml:20:29: warning: WARM_IP_TARGET \"five\" is not an integer (aws-node reads it with "
        "Go's strconv.Atoi); aws-node uses its default, unset; expected an integer of at least 0\n"
        "        env: {WARM_IP_TARGET: \"five\"}\n"
        "                              ^\n");
}

TEST_CASE("ENABLE_PREFIX_DELEGATION: \"yes\" is not a Go boolean: a warning, the default false") {
  CHECK(warnings_of(with_env("{ENABLE_PREFIX_DELEGATION: \"yes\"}")) ==
        "s.yaml:20:39: warning: ENABLE_PREFIX_DELEGATION \"yes\" is not a boolean (aws-node reads "
        "it with Go's strconv.ParseBool); aws-node uses its default, false; expected one of 1, t, "
        "T, TRUE, true, True, 0, f, F, FALSE, false, False\n"
        "        env: {ENABLE_PREFIX_DELEGATION: \"yes\"}\n"
        "                                        ^\n");
}

TEST_CASE("MAX_ENI below 1 and IP_COOLDOWN_PERIOD: \"forever\" warn with their defaults") {
  CHECK(warnings_of(with_env("{MAX_ENI: \"0\"}"))
            .find("warning: MAX_ENI \"0\" is below 1, which aws-node ignores; aws-node uses its "
                  "default, "
                  "the instance type's ENI limit; expected an integer of at least 1\n") !=
        std::string::npos);
  CHECK(warnings_of(with_env("{MAX_ENI: \"-3\"}")).find("MAX_ENI \"-3\" is below 1") !=
        std::string::npos);
  CHECK(warnings_of(with_env("{IP_COOLDOWN_PERIOD: \"forever\"}"))
            .find("warning: IP_COOLDOWN_PERIOD \"forever\" is not an integer (aws-node reads it "
                  "with Go's strconv.Atoi); aws-node uses its default, 30 seconds; expected an "
                  "integer\n") != std::string::npos);
}

TEST_CASE("An unknown SNAT mode and an exclusion that is not a CIDR warn as aws-node logs them") {
  CHECK(warnings_of(with_env("{AWS_VPC_K8S_CNI_RANDOMIZESNAT: \"random\"}"))
            .find("warning: AWS_VPC_K8S_CNI_RANDOMIZESNAT \"random\" is not a SNAT mode; aws-node "
                  "uses its default, prng; expected prng, hashrandom or none\n") !=
        std::string::npos);
  CHECK(warnings_of(with_env("{AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS: \"10.1.0.0/16,10.2.0.0\"}"))
            .find("warning: AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS \"10.1.0.0/16,10.2.0.0\" has an "
                  "entry '10.2.0.0' that is not an IPv4 CIDR (net.ParseCIDR); aws-node uses the "
                  "other entries only;") != std::string::npos);
  CHECK(warnings_of(with_env("{AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS: \"10.1.0.0/16, 10.2.0.0/16\"}"))
            .empty());
  CHECK(warnings_of(with_env("{AWS_VPC_K8S_CNI_RANDOMIZESNAT: \"hashrandom\"}")).empty());
}

TEST_CASE("Values aws-node reads as written give no warning") {
  for (const char* env : {"{WARM_IP_TARGET: \"5\"}", "{WARM_IP_TARGET: \"+5\"}", "{MAX_ENI: \"1\"}",
                          "{IP_COOLDOWN_PERIOD: \"-1\"}", "{ENABLE_PREFIX_DELEGATION: \"T\"}",
                          "{ENABLE_PREFIX_DELEGATION: \"0\"}", "{ENABLE_PREFIX_DELEGATION: \"\"}",
                          "{ENI_CONFIG_LABEL_DEF: \"zone\"}"}) {
    INFO(env);
    CHECK(warnings_of(with_env(env)).empty());
  }
}

TEST_CASE("A setEnv value aws-node cannot parse warns where the event writes it") {
  const std::string text =
      minimal_with("  - {at: 5m, scaleNodeGroup: {name: ng, desiredCapacity: 3}}",
                   "  - {at: 5m, setEnv: {WARM_ENI_TARGET: \"two\"}}");
  CHECK(warnings_of(text) ==
        "s.yaml:29:40: warning: WARM_ENI_TARGET \"two\" is not an integer (aws-node reads it with "
        "Go's strconv.Atoi); aws-node uses its default, 1; expected an integer of at least 0\n"
        "    - {at: 5m, setEnv: {WARM_ENI_TARGET: \"two\"}}\n"
        "                                         ^\n");
}

TEST_CASE("A warning does not hide an error, and only errors stop the load") {
  const std::string text = minimal_with("duration: 10m", "duration: 0");
  std::string both = text;
  both.replace(both.find("  nodeGroups:\n"), 14,
               "  addons:\n    vpcCni:\n      env: {WARM_IP_TARGET: \"five\"}\n  nodeGroups:\n");
  const LoadResult result = load_scenario_text(both, "s.yaml");
  CHECK_FALSE(result.ok());
  REQUIRE(result.diagnostics.size() == 2);
  CHECK(error_count(result.diagnostics) == 1);
  CHECK_FALSE(result.diagnostics[0].warning);
  CHECK(result.diagnostics[1].warning);
}

TEST_CASE("ENABLE_IPv4 \"false\" without IPv6 warns that ipamd's isConfigValid refuses it") {
  CHECK(warnings_of(with_env("{ENABLE_IPv4: \"false\"}")) ==
        "s.yaml:20:26: warning: ENABLE_IPv4 \"false\" with ENABLE_IPv6 \"false\" is refused by "
        "ipamd's isConfigValid (\"IPv4 and IPv6 are both disabled. One of them have to be "
        "enabled\"): aws-node exits at every start and its nodes stay NotReady; expected "
        "ENABLE_IPv4 \"true\" with ENABLE_IPv6 \"false\"\n"
        "        env: {ENABLE_IPv4: \"false\"}\n"
        "                           ^\n");
  CHECK(warnings_of(with_env("{ENABLE_IPv6: \"true\"}"))
            .find("is refused by ipamd's isConfigValid (\"IPv4 and IPv6 are both enabled. VPC CNI "
                  "currently does not support dual stack mode\")") != std::string::npos);
  CHECK(warnings_of(with_env("{ENABLE_IPv4: \"false\", ENABLE_IPv6: \"true\", "
                             "ENABLE_PREFIX_DELEGATION: \"true\"}"))
            .find("warning: an IPv6 cluster is not modelled; ekssim runs it as IPv4") !=
        std::string::npos);
  CHECK(warnings_of(with_env("{ENABLE_IPv4: \"true\", ENABLE_IPv6: \"false\"}")).empty());
}

TEST_CASE("Subnet tags load as a map; a key AWS refuses is an error") {
  const std::string tagged = minimal_with(
      "cidr: 10.0.16.0/20}", "cidr: 10.0.16.0/20, tags: {kubernetes.io/role/cni: \"1\"}}");
  const LoadResult result = load_scenario_text(tagged, "s.yaml");
  REQUIRE(result.ok());
  CHECK(result.scenario->cluster.vpc.subnets[1].tags ==
        std::map<std::string, std::string>{{"kubernetes.io/role/cni", "1"}});
  CHECK(result.scenario->cluster.vpc.subnets[0].tags.empty());
  CHECK(diagnostics_of(
            minimal_with("cidr: 10.0.16.0/20}", "cidr: 10.0.16.0/20, tags: {aws:owner: me}}"))
            .find("error: tag key 'aws:owner' is not allowed; expected a key of 1 to 128 "
                  "characters not starting with aws:") != std::string::npos);
}

}  // namespace
}  // namespace ekssim::scenario
