// scenarios/dns-truncated-tcp-blocked.yaml: a headless Service's 40 A records overflow the 512
// bytes of a UDP answer without EDNS0; the glibc clients' retry over TCP is dropped by the
// CoreDNS nodes' security group (udp 53 only) until 20m.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "tests/cluster/scenario_support.h"

namespace {

constexpr const char* kScenario = "dns-truncated-tcp-blocked.yaml";
constexpr const char* kHeadless = "cassandra.data.svc.cluster.local";

}  // namespace

TEST_CASE("A truncated answer whose TCP retry is dropped fails after glibc's 127 s connect",
          "[scenario][dns][tcp]") {
  const auto report = ekssim::test::run_scenario(kScenario);
  CHECK(report.all_expectations_passed());
  const ekssim::report::PodReport* pod = nullptr;
  const auto* first = ekssim::test::first_failure(report, "dns", "DnsTimeout", &pod);
  REQUIRE(first != nullptr);
  CHECK(pod->name.rfind("client-", 0) == 0);
  CHECK(pod->node_group == "ng-app");
  CHECK(first->name == kHeadless);
  CHECK(first->message == "Temporary failure in name resolution");
  CHECK(first->cause.rfind(
            "the answer for cassandra.data.svc.cluster.local is 690 bytes (40 A records), over "
            "the 512 bytes a UDP answer may carry without EDNS0 (RFC 1035 §2.3.4): CoreDNS sets "
            "TC and the resolver asks again over TCP; tcp 53 from ng-app to CoreDNS ",
            0) == 0);
  CHECK(first->cause.find("dropped: ") != std::string::npos);
  CHECK(first->cause.find("nodes-system") != std::string::npos);
  CHECK(first->fix == "add to nodes-system an inbound rule: tcp 53 from security group nodes-app");
  // Every failure of the headless name waited out the TCP connect: the lookups' four search
  // names answer NXDOMAIN in milliseconds, then the name as given hangs for 127 s.
  int64_t failures = 0;
  for (const auto& p : report.pods) {
    for (const auto& f : p.dns_failures) {
      CHECK(f.name == kHeadless);
      CHECK(p.labels.at("app") == "client");
      failures += f.count;
    }
  }
  CHECK(failures >= 20);
}

TEST_CASE("The truncated lookups fail 127 s after they start, to within the lookups' latency",
          "[scenario][dns][tcp]") {
  ekssim::report::SimulateOptions options;
  const auto report = ekssim::test::run_scenario(kScenario, options);
  // The clients look up every 30 s from a phase of their own; each failure shows 127 s and a
  // few milliseconds (four NXDOMAIN exchanges, the truncated UDP exchange) after its lookup
  // began, so consecutive failures of a pod lie 30 s apart.
  for (const auto& p : report.pods) {
    const auto& fs = p.dns_failures;
    for (size_t i = 0; i < fs.size(); ++i) {
      if (fs[i].count < 2) continue;
      const double off = std::fmod(fs[i].last_at - fs[i].at, 30.0);
      CHECK(std::min(off, 30.0 - off) < 0.01);
    }
  }
  // The last failure of the run comes from a lookup started before the rule went in at 20m.
  double last = 0;
  for (const auto& p : report.pods) {
    for (const auto& f : p.dns_failures)
      last = std::max(last, f.last_at);
  }
  CHECK(last > 20 * 60);
  CHECK(last < 20 * 60 + 127 + 1);
}
