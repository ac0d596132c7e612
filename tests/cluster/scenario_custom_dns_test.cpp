// scenarios/custom-dns-upstream-unreachable.yaml: CoreDNS's upstream (a custom DNS server in the
// DHCP options) drops port 53 from the nodes until 20m.

#include <catch2/catch.hpp>

#include "tests/cluster/scenario_support.h"

TEST_CASE("external names get SERVFAIL while CoreDNS's custom upstream drops its queries",
          "[scenario][dns]") {
  const auto report = ekssim::test::run_scenario("custom-dns-upstream-unreachable.yaml");
  CHECK(report.all_expectations_passed());
  const ekssim::report::PodReport* pod = nullptr;
  const auto* first = ekssim::test::first_failure(report, "dns", "DnsServfail", &pod);
  REQUIRE(first != nullptr);
  CHECK(pod->name.rfind("runner-", 0) == 0);
  CHECK(first->name == "gitlab.cloudopz.co");
  CHECK(first->message == "Temporary failure in name resolution");
  CHECK(first->cause.find("cannot reach its upstream 10.0.200.10:53, so it answers SERVFAIL: "
                          "security group dns-forwarder") != std::string::npos);
  CHECK(first->fix == "add to dns-forwarder an inbound rule: udp 53 from security group nodes");
  int64_t cluster_name_failures = 0, after_fix = 0;
  for (const auto& p : report.pods) {
    for (const auto& f : p.dns_failures) {
      if (f.name != "gitlab.cloudopz.co") ++cluster_name_failures;
      if (f.at > 20 * 60 + 30) ++after_fix;
    }
  }
  CHECK(cluster_name_failures == 0);  // cluster.local never leaves CoreDNS
  CHECK(after_fix == 0);
  // CoreDNS logs the errors plugin's line for every failed forward.
  CHECK(report.dns.coredns_error_logs > 0);
  CHECK(report.dns.last_coredns_error.rfind("[ERROR] plugin/errors: 2 ", 0) == 0);
  CHECK(report.dns.last_coredns_error.find("->10.0.200.10:53: i/o timeout") != std::string::npos);
}
