// --trace-pod (SimulateOptions::trace_pods): every lookup of the named pods reaches the trace,
// resolved ones as DnsLookupSucceeded at the time the answer came, and tracing changes nothing
// else in the run.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "sim/trace.h"
#include "tests/cluster/scenario_support.h"

namespace {

struct Lookup {
  std::string kind;
  std::string pod;
  std::string name;
  int64_t at_ns = 0;
  int64_t elapsed_ns = 0;
};

class LookupFields final : public ekssim::sim::FieldWriter {
 public:
  explicit LookupFields(Lookup& lookup) : lookup_(lookup) {}
  void integer(std::string_view, int64_t) override {}
  void number(std::string_view, double) override {}
  void flag(std::string_view, bool) override {}
  void text(std::string_view name, std::string_view value) override {
    if (name == "pod") lookup_.pod = value;
    if (name == "name") lookup_.name = value;
  }
  void duration(std::string_view name, ekssim::sim::Duration value) override {
    if (name == "elapsed") lookup_.elapsed_ns = value.nanoseconds();
  }

 private:
  Lookup& lookup_;
};

class LookupSink final : public ekssim::sim::TraceSink {
 public:
  void record(ekssim::sim::Time time, const ekssim::sim::EventView& event) override {
    if (event.kind() != "DnsLookupSucceeded" && event.kind() != "DnsLookupFailed") return;
    Lookup lookup;
    lookup.kind = event.kind();
    lookup.at_ns = time.since_start().nanoseconds();
    LookupFields fields(lookup);
    event.write(fields);
    lookups.push_back(lookup);
  }
  std::vector<Lookup> lookups;
};

// Two runner pods resolve a cluster name and an external one every 30 s; the external name
// gets SERVFAIL until a security group rule goes in at 20m.
constexpr const char* kScenario = "custom-dns-upstream-unreachable.yaml";

std::string first_pod_of(const ekssim::report::RunReport& report, const std::string& app) {
  for (const auto& p : report.pods) {
    if (p.labels.count("app") && p.labels.at("app") == app) return p.name;
  }
  return "";
}

}  // namespace

TEST_CASE("A traced pod's every resolved lookup is in the trace, one per interval",
          "[trace][dns]") {
  const auto plain = ekssim::test::run_scenario(kScenario);
  const std::string pod = first_pod_of(plain, "runner");
  REQUIRE(!pod.empty());
  LookupSink sink;
  ekssim::report::SimulateOptions options;
  options.events = &sink;
  options.trace_pods = {"ci/" + pod};
  const auto traced = ekssim::test::run_scenario(kScenario, options);

  std::vector<Lookup> cluster_name, successes_elsewhere;
  int64_t external_resolved = 0;
  for (const Lookup& l : sink.lookups) {
    if (l.kind != "DnsLookupSucceeded") continue;
    if (l.pod != pod) successes_elsewhere.push_back(l);
    if (l.pod == pod && l.name == "cache.ci.svc.cluster.local") cluster_name.push_back(l);
    if (l.pod == pod && l.name == "gitlab.cloudopz.co") ++external_resolved;
  }
  CHECK(successes_elsewhere.empty());
  // The pod runs from a few minutes in to 30m and looks the cluster name up every 30 s.
  CHECK(cluster_name.size() >= 50);
  constexpr int64_t kEvery = 30'000'000'000;
  const std::vector<Lookup>& c = cluster_name;
  for (size_t i = 1; i < c.size(); ++i) {
    // Each lookup started exactly one interval after the one before it.
    CHECK((c[i].at_ns - c[i].elapsed_ns) - (c[i - 1].at_ns - c[i - 1].elapsed_ns) == kEvery);
    // Until 20m the fourth search name (the node's domain) waits on CoreDNS's unreachable
    // upstream for SERVFAIL before the name as given answers: seconds, never an interval.
    CHECK(c[i].elapsed_ns < kEvery);
  }
  // The external name resolves once the rule is in at 20m: at most 20 ticks until 30m.
  CHECK(external_resolved >= 10);
  CHECK(external_resolved <= 20);

  // Tracing adds events and changes nothing the report says about the pods.
  REQUIRE(traced.pods.size() == plain.pods.size());
  for (size_t i = 0; i < plain.pods.size(); ++i) {
    CHECK(traced.pods[i].name == plain.pods[i].name);
    CHECK(traced.pods[i].dns_failures.size() == plain.pods[i].dns_failures.size());
  }
  CHECK(traced.dns.failed_lookups == plain.dns.failed_lookups);
  CHECK(traced.dns.lookups == plain.dns.lookups);
}

TEST_CASE("Without --trace-pod no resolved lookup is traced", "[trace][dns]") {
  LookupSink sink;
  ekssim::report::SimulateOptions options;
  options.events = &sink;
  ekssim::test::run_scenario(kScenario, options);
  for (const Lookup& l : sink.lookups)
    CHECK(l.kind == "DnsLookupFailed");
  CHECK(!sink.lookups.empty());
}
