#include "models/report/summaries.h"

#include <catch2/catch.hpp>
#include <map>
#include <tuple>
#include <vector>

using namespace ekssim::report;

namespace {
PodReport pod(const std::string& name, std::vector<Failure> ip, std::vector<Failure> dns = {}) {
  PodReport p;
  p.namespace_ = "default";
  p.name = name;
  p.node = "node-1";
  p.ip_failures = std::move(ip);
  p.dns_failures = std::move(dns);
  return p;
}
Failure failure(double at, const std::string& reason, const std::string& cause) {
  Failure f;
  f.at = at;
  f.reason = reason;
  f.cause = cause;
  return f;
}
}  // namespace

TEST_CASE("failures are grouped by cause, most failures first, with the first pod named",
          "[summaries]") {
  const std::vector<PodReport> pods = {
      pod("a", {failure(20, "SubnetExhausted", "subnet s1 full"),
                failure(30, "SubnetExhausted", "subnet s1 full")}),
      pod("b", {failure(10, "SubnetExhausted", "subnet s1 full")},
          {failure(5, "DnsTimeout", "sg drop")}),
  };
  const auto causes = summarize_causes(pods);
  REQUIRE(causes.size() == 2);
  CHECK(causes[0].reason == "SubnetExhausted");
  CHECK(causes[0].failures == 3);
  CHECK(causes[0].pods == 2);
  CHECK(causes[0].first_at == 10);
  CHECK(causes[0].first_pod == "default/b on node-1");
  CHECK(causes[1].kind == "dns");
  CHECK(causes[1].failures == 1);
}

TEST_CASE("percentiles use the nearest rank", "[summaries]") {
  std::vector<double> samples;
  for (int i = 1; i <= 100; ++i)
    samples.push_back(i);
  const Percentiles p = percentiles_of(samples);
  CHECK(p.count == 100);
  CHECK(p.p50 == 50);
  CHECK(p.p90 == 90);
  CHECK(p.p99 == 99);
  CHECK(p.max == 100);
  CHECK(percentiles_of({7}).p99 == 7);
  CHECK(percentiles_of({}).count == 0);
}

TEST_CASE("percentiles of a histogram equal those of the samples it counts", "[summaries]") {
  // 0.001 s × 950, 5.001 s × 45, 10 s × 5: what a lookup-latency histogram looks like.
  const std::map<double, int64_t> histogram{{0.001, 950}, {5.001, 45}, {10.0, 5}};
  std::vector<double> samples;
  for (const auto& [seconds, count] : histogram)
    samples.insert(samples.end(), static_cast<size_t>(count), seconds);
  const Percentiles h = percentiles_of_histogram(histogram);
  const Percentiles s = percentiles_of(samples);
  CHECK(h.count == 1000);
  CHECK(h.p50 == 0.001);
  CHECK(h.p90 == 0.001);
  CHECK(h.p99 == 5.001);
  CHECK(h.max == 10.0);
  CHECK(std::tie(h.count, h.p50, h.p90, h.p99, h.max) ==
        std::tie(s.count, s.p50, s.p90, s.p99, s.max));
  CHECK(percentiles_of_histogram({}).count == 0);
}
