// A Deployment's dnsConfig (issue 14, DNS): Kubernetes' limits are errors; an option a resolver
// would read other than as written (glibc's res_setoptions, Go's dnsReadConfig) loads with a
// located warning saying what each resolver makes of it.

#include <catch2/catch.hpp>

#include "tests/scenario/scenario_text.h"

namespace ekssim::scenario {
namespace {

using testing::diagnostics_of;
using testing::load_ok;
using testing::minimal_with;

constexpr std::string_view kWeb =
    "  - {kind: Deployment, namespace: web, name: web, replicas: 2}\n";

// kMinimal's Deployment with a dnsConfig on line 30.
std::string with_dns_config(std::string_view dns_config) {
  return minimal_with(kWeb,
                      "  - kind: Deployment\n    namespace: web\n    name: web\n"
                      "    dnsConfig: " +
                          std::string(dns_config) + "\n");
}

std::string warnings_of(const std::string& text) {
  const LoadResult result = load_scenario_text(text, "s.yaml");
  CHECK(result.ok());
  return format_diagnostics(result.diagnostics);
}

TEST_CASE("A dnsConfig's nameservers, searches and options reach the spec", "[scenario][dns]") {
  const spec::Scenario s = load_ok(with_dns_config(
      "{nameservers: [10.0.0.53], searches: [corp.example.com], options: [{name: ndots, value: "
      "\"2\"}, {name: rotate}]}"));
  const auto& d = std::get<spec::Deployment>(s.workloads.front());
  REQUIRE(d.dns_config);
  CHECK(d.dns_config->nameservers == std::vector{net::Ipv4::from_octets(10, 0, 0, 53)});
  CHECK(d.dns_config->searches == std::vector<std::string>{"corp.example.com"});
  REQUIRE(d.dns_config->options.size() == 2);
  CHECK(d.dns_config->options[0].name == "ndots");
  CHECK(d.dns_config->options[0].value == "2");
  CHECK_FALSE(d.dns_config->options[1].value);
  CHECK(warnings_of(with_dns_config("{options: [{name: ndots, value: \"2\"}]}")).empty());
}

TEST_CASE("attempts \"0\" loads with a warning that glibc sends no query", "[scenario][dns]") {
  CHECK(warnings_of(with_dns_config("{options: [{name: attempts, value: \"0\"}]}")) ==
        "s.yaml:30:51: warning: dnsConfig option attempts:0: 0 is out of range; glibc sends no "
        "query at all: every lookup fails at once with \"Temporary failure in name resolution\" "
        "(resolv/res_init.c reads it with strtol), Go's resolver takes 1; expected an integer "
        "from 1 to 5\n"
        "      dnsConfig: {options: [{name: attempts, value: \"0\"}]}\n"
        "                                                    ^\n");
}

TEST_CASE("ndots \"x\" and a flag with a value warn where they are written", "[scenario][dns]") {
  CHECK(warnings_of(with_dns_config("{options: [{name: ndots, value: x}]}"))
            .find("s.yaml:30:48: warning: dnsConfig option ndots:x: \"x\" is not a whole number") !=
        std::string::npos);
  CHECK(warnings_of(with_dns_config("{options: [{name: rotate, value: \"1\"}]}"))
            .find("warning: dnsConfig option \"rotate:1\" is not an option as written: glibc "
                  "sets rotate") != std::string::npos);
}

TEST_CASE("Kubernetes' dnsConfig limits are errors", "[scenario][dns]") {
  CHECK(
      diagnostics_of(with_dns_config("{nameservers: [10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4]}")) ==
      "s.yaml:30:30: error: dnsConfig has 4 nameservers; expected at most 3 "
      "(validation.MaxDNSNameservers)\n"
      "      dnsConfig: {nameservers: [10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4]}\n"
      "                               ^\n");
  CHECK(diagnostics_of(with_dns_config("{searches: [Corp_Example]}"))
            .find("error: search domain 'Corp_Example' is not valid") != std::string::npos);
  CHECK(diagnostics_of(with_dns_config("{options: [{value: \"1\"}]}"))
            .find("error: missing 'name' in a dnsConfig option") != std::string::npos);
}

}  // namespace
}  // namespace ekssim::scenario
