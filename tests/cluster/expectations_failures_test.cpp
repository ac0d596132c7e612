#include <catch2/catch.hpp>

#include "models/cluster/cluster_events.h"
#include "models/cni/ipamd_events.h"
#include "models/dns/dns_events.h"
#include "models/k8s/api_events.h"
#include "models/report/expectations.h"
#include "tests/cluster/report_test_support.h"

using namespace ekssim;
using namespace ekssim::report;
using namespace ekssim::report::testing;

namespace {

PodReport pod(const std::string& ns, const std::string& name, const std::string& node,
              const std::string& group) {
  PodReport p;
  p.namespace_ = ns;
  p.name = name;
  p.node = node;
  p.node_group = group;
  return p;
}

Failure subnet_full(double at) {
  return Failure{at,
                 "SubnetExhausted",
                 "failed to assign an IP address to container",
                 "subnet private-1a is full",
                 "add a subnet",
                 ""};
}

Failure dns_timeout(double at, const std::string& name) {
  return Failure{at,
                 "DnsTimeout",
                 ";; connection timed out; no servers could be reached",
                 "security group nodes-old drops udp/53 from nodes-new",
                 "allow nodes-new into nodes-old",
                 name};
}

RunReport failures_run() {
  RunReport r;
  r.virtual_seconds = 2400;
  PodReport a = pod("airflow", "a", "n1", "ng-new");
  a.ip_failures = {subnet_full(300), subnet_full(310), subnet_full(1600)};
  a.dns_failures = {dns_timeout(400, "airflow-web"), dns_timeout(1500, "airflow-web")};
  PodReport b = pod("airflow", "b", "n2", "ng-old");
  b.ip_failures = {Failure{320, "EniLimitReached", "failed to assign",
                           "m5.large attaches at most 3 ENIs", "", ""}};
  PodReport c = pod("default", "c", "n1", "ng-new");
  c.dns_failures = {dns_timeout(1560, "kubernetes.default")};
  PodReport d = pod("airflow", "d", "n2", "ng-old");
  r.pods = {a, b, c, d};
  SubnetReport s;
  s.name = "private-1a";
  s.free = 312;
  s.min_free = 97;
  s.min_free_at = 750;
  r.subnets = {s};
  return r;
}

spec::PodFilter filter(const std::string& ns, const std::string& node_group = "") {
  spec::PodFilter f;
  f.ns = ns;
  if (!node_group.empty()) f.node_group = spec::Ref{node_group, {}};
  return f;
}

spec::NoIpFailures no_ip_failures(spec::PodFilter pods) {
  spec::NoIpFailures check;
  check.pods = std::move(pods);
  return check;
}

ExpectationResult judge(spec::Check check, const RunReport& r) {
  return evaluate_expectation(spec::Expectation{"e", std::move(check), {}}, r);
}

}  // namespace

TEST_CASE("noIpFailures lists the failures by cause, most first, with the first pod of each",
          "[expectations]") {
  const RunReport r = failures_run();
  const ExpectationResult all = judge(spec::NoIpFailures{}, r);
  CHECK(all.kind == "noIpFailures");
  CHECK_FALSE(all.passed);
  CHECK(all.detail ==
        "4 IP failures in 2 of 4 pods: 3× SubnetExhausted from 5m (airflow/a on n1): subnet "
        "private-1a is full (fix: add a subnet); 1× EniLimitReached from 5m20s (airflow/b on "
        "n2): m5.large attaches at most 3 ENIs");
  const ExpectationResult none = judge(no_ip_failures(filter("default")), r);
  CHECK(none.passed);
  CHECK(none.detail == "no IP failures in 1 pod in default");
}

TEST_CASE("noIpFailures may count only some reasons, and only from `after` on or in `between`",
          "[expectations]") {
  const RunReport r = failures_run();
  spec::NoIpFailures exhaustion;
  exhaustion.reasons = {"SubnetExhausted"};
  const ExpectationResult only_subnet = judge(exhaustion, r);
  CHECK_FALSE(only_subnet.passed);
  CHECK(only_subnet.detail ==
        "3 IP failures (SubnetExhausted) in 1 of 4 pods: 3× SubnetExhausted from 5m (airflow/a "
        "on n1): subnet private-1a is full (fix: add a subnet)");

  // Routine waits early in a scale-out need not fail it: from 27m on there is none.
  spec::NoIpFailures settled;
  settled.after = min(27);
  const ExpectationResult late = judge(settled, r);
  CHECK(late.passed);
  CHECK(late.detail == "no IP failures from 27m on in 4 pods");

  spec::NoIpFailures window;
  window.between = spec::TimeWindow{min(5), min(6)};
  window.reasons = {"EniLimitReached", "MaxPodsReached"};
  const ExpectationResult eni = judge(window, r);
  CHECK_FALSE(eni.passed);
  CHECK(eni.detail ==
        "1 IP failure (EniLimitReached, MaxPodsReached) between 5m and 6m in 1 of 4 pods: 1× "
        "EniLimitReached from 5m20s (airflow/b on n2): m5.large attaches at most 3 ENIs");
}

TEST_CASE("ipFailures counts the failures inside its closed window against atLeast",
          "[expectations]") {
  const RunReport r = failures_run();
  const ExpectationResult reproduced =
      judge(spec::IpFailures{filter("", "ng-new"), 1, spec::TimeWindow{min(5), min(25)}}, r);
  CHECK(reproduced.kind == "ipFailures");
  CHECK(reproduced.passed);
  CHECK(reproduced.detail ==
        "2 IP failures between 5m and 25m in 1 of 2 pods on node group ng-new (at least 1 "
        "expected): 2× SubnetExhausted from 5m (airflow/a on n1): subnet private-1a is full "
        "(fix: add a subnet)");

  const ExpectationResult too_few =
      judge(spec::IpFailures{filter("", "ng-new"), 3, spec::TimeWindow{min(5), min(25)}}, r);
  CHECK_FALSE(too_few.passed);
  CHECK(too_few.detail ==
        "2 IP failures between 5m and 25m in 1 of 2 pods on node group ng-new, at least 3 "
        "expected: 2× SubnetExhausted from 5m (airflow/a on n1): subnet private-1a is full (fix: "
        "add a subnet); 1 more outside the window, the first at 26m40s");

  const ExpectationResult missed =
      judge(spec::IpFailures{filter("", "ng-new"), 1, spec::TimeWindow{min(6), min(25)}}, r);
  CHECK_FALSE(missed.passed);
  CHECK(missed.detail ==
        "no IP failures between 6m and 25m in 2 pods on node group ng-new, at least 1 expected; "
        "3 more outside the window, the first at 5m");
}

TEST_CASE("noDnsFailures counts failures at and after `after`, or inside `between`",
          "[expectations]") {
  const RunReport r = failures_run();
  spec::NoDnsFailures after_fix{filter("airflow"), min(26), std::nullopt};
  const ExpectationResult fixed = judge(after_fix, r);
  CHECK(fixed.kind == "noDnsFailures");
  CHECK(fixed.passed);
  CHECK(fixed.detail == "no DNS failures from 26m on in 3 pods in airflow");

  const ExpectationResult everyone = judge(spec::NoDnsFailures{{}, min(26), std::nullopt}, r);
  CHECK_FALSE(everyone.passed);
  CHECK(everyone.detail ==
        "1 DNS failure from 26m on in 1 of 4 pods: 1× DnsTimeout from 26m (default/c on n1, "
        "looking up kubernetes.default): security group nodes-old drops udp/53 from nodes-new "
        "(fix: allow nodes-new into nodes-old)");

  const ExpectationResult window = judge(
      spec::NoDnsFailures{filter("airflow"), std::nullopt, spec::TimeWindow{min(7), min(24)}}, r);
  CHECK(window.passed);
  CHECK(window.detail == "no DNS failures between 7m and 24m in 3 pods in airflow");
}

TEST_CASE("dnsFailures reproduces a failure inside its window, or says there was none",
          "[expectations]") {
  const RunReport r = failures_run();
  const ExpectationResult reproduced =
      judge(spec::DnsFailures{filter("", "ng-new"), spec::TimeWindow{min(5), min(25)}, 1}, r);
  CHECK(reproduced.kind == "dnsFailures");
  CHECK(reproduced.passed);
  CHECK(reproduced.detail ==
        "2 DNS failures between 5m and 25m in 1 of 2 pods on node group ng-new (at least 1 "
        "expected): 2× DnsTimeout from 6m40s (airflow/a on n1, looking up airflow-web): security "
        "group nodes-old drops udp/53 from nodes-new (fix: allow nodes-new into nodes-old)");
  const ExpectationResult absent =
      judge(spec::DnsFailures{filter("", "ng-old"), std::nullopt, 1}, r);
  CHECK_FALSE(absent.passed);
  CHECK(absent.detail == "no DNS failures in 2 pods on node group ng-old, at least 1 expected");
}

TEST_CASE("subnetFreeIps judges the free addresses at the end and mentions the lowest",
          "[expectations]") {
  const RunReport r = failures_run();
  const ExpectationResult ok = judge(spec::SubnetFreeIps{spec::Ref{"private-1a", {}}, 100}, r);
  CHECK(ok.kind == "subnetFreeIps");
  CHECK(ok.passed);
  CHECK(ok.detail ==
        "private-1a has 312 free addresses at the end (at least 100 expected); the lowest was 97 "
        "at 12m30s");
  const ExpectationResult short_ = judge(spec::SubnetFreeIps{spec::Ref{"private-1a", {}}, 400}, r);
  CHECK_FALSE(short_.passed);
  CHECK(short_.detail ==
        "private-1a has 312 free addresses at the end, fewer than the 400 expected; the lowest "
        "was 97 at 12m30s");
  const ExpectationResult unknown = judge(spec::SubnetFreeIps{spec::Ref{"private-9z", {}}, 1}, r);
  CHECK_FALSE(unknown.passed);
  CHECK(unknown.detail == "subnet private-9z is not in the report");
}

TEST_CASE("the kinds that need the live cluster go to the caller's evaluator, and fail without one",
          "[expectations]") {
  const RunReport r = failures_run();
  std::vector<spec::Expectation> expect;
  expect.push_back({"web reaches the database", spec::Reachable{}, {}});
  expect.push_back({"no IP failures", no_ip_failures(filter("default")), {}});
  expect.push_back({"resolves", spec::Resolves{}, {}});

  const auto without = evaluate_expectations(expect, r);
  REQUIRE(without.size() == 3);
  CHECK(without[0].name == "web reaches the database");
  CHECK(without[0].kind == "reachable");
  CHECK_FALSE(without[0].passed);
  CHECK(without[0].detail ==
        "not evaluated: reachable needs the live cluster and no evaluator was given");
  CHECK(without[1].passed);
  CHECK(without[2].detail ==
        "not evaluated: resolves needs the live cluster and no evaluator was given");

  std::vector<std::string> asked;
  const auto with = evaluate_expectations(expect, r, [&](const spec::Expectation& e) {
    asked.push_back(e.name);
    return Verdict{true, "allowed by sg-web egress"};
  });
  CHECK(asked == std::vector<std::string>{"web reaches the database", "resolves"});
  CHECK(with[0].passed);
  CHECK(with[0].detail == "allowed by sg-web egress");
  CHECK(with[2].kind == "resolves");
}

TEST_CASE("expectations judged on a report the builder made from the trace", "[expectations]") {
  ReportRun run;
  run.builder.set_workload_labels("airflow", "scheduler", {{"app", "airflow-scheduler"}});
  run.at(s(0),
         cluster::NodeLaunched{"n1", "ng-new", "i-1", "c5.xlarge", "private-1a", "us-east-1a", 58});
  run.at(s(40), k8s::NodeReady{"n1"});
  run.at(min(5), k8s::PodCreated{"airflow", "scheduler-1", "scheduler"});
  run.at(min(5), k8s::PodScheduled{"airflow", "scheduler-1", "n1"});
  run.at(min(5) + s(1), cni::PodIpAssigned{"n1", "airflow", "scheduler-1", "10.0.1.9", "eni-1", 1});
  run.at(min(5) + s(1),
         k8s::PodSandboxCreated{"airflow", "scheduler-1", "n1", "10.0.1.9", "eni-1"});
  run.at(min(5) + s(3), k8s::PodRunning{"airflow", "scheduler-1", "n1", "10.0.1.9"});
  run.at(min(6),
         dns::DnsLookupFailed{"airflow", "scheduler-1", "n1", "airflow-web", "DnsTimeout",
                              ";; connection timed out", "sg drops udp/53", "allow it", s(10)});
  run.at(min(5), k8s::PodCreated{"airflow", "scheduler-2", "scheduler"});
  run.at(min(5), k8s::PodFailedScheduling{"airflow", "scheduler-2",
                                          "0/1 nodes are available: 1 Too many pods."});
  const RunReport r = run.finish(min(40));

  spec::PodFilter schedulers;
  schedulers.selector = {{"app", "airflow-scheduler"}};
  schedulers.node_group = spec::Ref{"ng-new", {}};
  std::vector<spec::Expectation> expect;
  expect.push_back({"running", spec::PodsRunning{filter("airflow"), min(10)}, {}});
  expect.push_back(
      {"dns", spec::DnsFailures{schedulers, spec::TimeWindow{min(5), min(25)}, 1}, {}});
  expect.push_back({"nodes", spec::NodesReady{spec::Ref{"ng-new", {}}, min(1)}, {}});
  const auto results = evaluate_expectations(expect, r);
  REQUIRE(results.size() == 3);
  CHECK_FALSE(results[0].passed);
  CHECK(results[0].detail ==
        "1 of 2 pods in airflow were not Running within 10m: airflow/scheduler-2 Pending: 0/1 "
        "nodes are available: 1 Too many pods.");
  CHECK(results[1].passed);
  CHECK(results[1].detail ==
        "1 DNS failure between 5m and 25m in 1 of 1 pod with app=airflow-scheduler on node "
        "group ng-new (at least 1 expected): 1× DnsTimeout from 6m (airflow/scheduler-1 on n1, "
        "looking up airflow-web): sg drops udp/53 (fix: allow it)");
  CHECK(results[2].passed);
  CHECK(results[2].detail ==
        "1 node of ng-new was Ready within 1m of launch; the slowest took "
        "40s (n1)");
}
