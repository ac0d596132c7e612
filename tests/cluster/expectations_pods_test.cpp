#include <catch2/catch.hpp>

#include "models/report/expectations.h"
#include "tests/cluster/report_test_support.h"

using namespace ekssim;
using namespace ekssim::report;
using namespace ekssim::report::testing;

namespace {

PodReport pod(const std::string& ns, const std::string& name, double created) {
  PodReport p;
  p.namespace_ = ns;
  p.name = name;
  p.created_at = created;
  return p;
}

Failure ip_failure(double at, const std::string& message) {
  return Failure{at, "SubnetExhausted", message, "subnet private-1a is full", "", ""};
}

// Twenty minutes of a run in airflow: pods that ran in time, ran late, wait, or were too young or
// too short-lived to judge.
RunReport airflow_run() {
  RunReport r;
  r.virtual_seconds = 1200;
  PodReport s1 = pod("airflow", "s1", 0);
  s1.phase = "Running";
  s1.running_at = 48.2;
  s1.labels = {{"app", "web"}, {"tier", "front"}};
  PodReport s2 = pod("airflow", "s2", 0);
  s2.phase = "Running";
  s2.running_at = 700;
  s2.ip_failures = {ip_failure(300, "sandbox failed")};
  PodReport s3 = pod("airflow", "s3", 60);
  s3.node = "n1";
  s3.pending_reason = "Failed to create pod sandbox: failed to assign an IP address to container";
  s3.ip_failures = {ip_failure(70, *s3.pending_reason)};
  PodReport s4 = pod("airflow", "s4", 0);
  s4.pending_reason = "0/3 nodes are available: 3 Insufficient cpu.";
  PodReport s5 = pod("airflow", "s5", 900);
  PodReport s6 = pod("airflow", "s6", 0);
  s6.deleted_at = 120;
  PodReport s7 = pod("airflow", "s7", 0);
  s7.deleted_at = 700;
  PodReport x = pod("default", "x", 900);
  r.pods = {s1, s2, s3, s4, s5, s6, s7, x};
  return r;
}

spec::PodFilter in(const std::string& ns, spec::Labels selector = {}) {
  spec::PodFilter f;
  f.ns = ns;
  f.selector = std::move(selector);
  return f;
}

ExpectationResult judge(spec::Check check, const RunReport& r) {
  return evaluate_expectation(spec::Expectation{"the name", std::move(check), {}}, r);
}

}  // namespace

TEST_CASE("podsRunning names every pod that missed the deadline and why, in creation order",
          "[expectations]") {
  const ExpectationResult e = judge(spec::PodsRunning{in("airflow"), min(10)}, airflow_run());
  CHECK(e.name == "the name");
  CHECK(e.kind == "podsRunning");
  CHECK_FALSE(e.passed);
  CHECK(e.detail ==
        "4 of 5 pods in airflow were not Running within 10m: airflow/s2 Running only 11m40s "
        "after its creation (last IP failure at 5m: SubnetExhausted: subnet private-1a is full); "
        "airflow/s3 Pending on n1: Failed to create pod sandbox: failed to assign an IP address "
        "to container (cause: subnet private-1a is full); airflow/s4 Pending: 0/3 nodes are "
        "available: 3 Insufficient cpu.; airflow/s7 deleted at 11m40s while Pending: not "
        "scheduled yet; 2 more, created less than 10m before the end of the run or their "
        "deletion, are not judged");
}

TEST_CASE("podsRunning passes when every selected pod ran in time, naming the slowest",
          "[expectations]") {
  const ExpectationResult e =
      judge(spec::PodsRunning{in("airflow", {{"app", "web"}}), min(1)}, airflow_run());
  CHECK(e.passed);
  CHECK(e.detail ==
        "1 pod in airflow with app=web was Running within 1m; the slowest took 48.2s "
        "(airflow/s1)");
}

TEST_CASE("podsRunning fails when no pod matches, and does not judge pods too young to judge",
          "[expectations]") {
  const RunReport r = airflow_run();
  const ExpectationResult none =
      judge(spec::PodsRunning{in("airflow", {{"app", "web"}, {"tier", "db"}}), min(1)}, r);
  CHECK_FALSE(none.passed);
  CHECK(none.detail ==
        "found 0 pods in airflow with app=web,tier=db; podsRunning needs at least one");

  const ExpectationResult young = judge(spec::PodsRunning{in("default"), min(10)}, r);
  CHECK(young.passed);
  CHECK(young.detail ==
        "none could be judged: 1 pod in default was created less than 10m before the end of the "
        "run or its deletion");
}

TEST_CASE("a node group filter selects pods by the node group they were bound to",
          "[expectations]") {
  PodReport a = pod("default", "a", 0);
  a.node_group = "ng-new";
  PodReport b = pod("default", "b", 0);
  b.node_group = "ng-old";
  const PodReport c = pod("default", "c", 0);
  spec::PodFilter f;
  f.node_group = spec::Ref{"ng-new", {}};
  CHECK(pod_matches(f, a));
  CHECK_FALSE(pod_matches(f, b));
  CHECK_FALSE(pod_matches(f, c));
  CHECK(describe_pods(f, 1) == "1 pod on node group ng-new");
  CHECK(describe_pods({}, 3) == "3 pods");
}

TEST_CASE("podStartLatency compares nearest-rank percentiles with their bounds", "[expectations]") {
  const RunReport r = airflow_run();
  spec::PodStartLatency slow;
  slow.ns = "airflow";
  slow.p50 = min(1);
  slow.p90 = min(5);
  const ExpectationResult failed = judge(slow, r);
  CHECK(failed.kind == "podStartLatency");
  CHECK_FALSE(failed.passed);
  CHECK(failed.detail ==
        "start latency of 2 pods in airflow that reached Running: p50 48.2s ≤ 1m, p90 11m40s > "
        "5m; 5 pods never reached Running and are not counted");

  spec::PodStartLatency fast;
  fast.ns = "airflow";
  fast.p50 = ms(48'200);
  const ExpectationResult passed = judge(fast, r);
  CHECK(passed.passed);
  CHECK(passed.detail ==
        "start latency of 2 pods in airflow that reached Running: p50 48.2s ≤ 48.2s; 5 pods "
        "never reached Running and are not counted");

  spec::PodStartLatency none;
  none.ns = "default";
  none.p99 = s(30);
  const ExpectationResult empty = judge(none, r);
  CHECK_FALSE(empty.passed);
  CHECK(empty.detail == "no pods in default reached Running");
}

namespace {

NodeReport node(const std::string& name, const std::string& group, double launched) {
  NodeReport n;
  n.name = name;
  n.node_group = group;
  n.launched_at = launched;
  return n;
}

RunReport nodes_run() {
  RunReport r;
  r.virtual_seconds = 1200;
  NodeReport old = node("old-1", "ng-old", 0);
  old.ready = true;
  old.ready_at = 30;
  NodeReport a = node("a", "ng-new", 300);
  a.ready = true;
  a.ready_at = 372;
  NodeReport b = node("b", "ng-new", 300);
  b.not_ready = Failure{330,
                        "ApiServerUnreachable",
                        "dial tcp 10.0.0.10:443: i/o timeout",
                        "security group nodes-new allows no outbound tcp 443",
                        "add an outbound rule for tcp 443 to nodes-new",
                        ""};
  NodeReport c = node("c", "ng-new", 300);
  c.ready = true;
  c.ready_at = 700;
  NodeReport d = node("d", "ng-new", 300);
  d.terminated_at = 400;
  NodeReport e = node("e", "ng-new", 1100);
  r.nodes = {old, a, b, c, d, e};
  return r;
}

}  // namespace

TEST_CASE("nodesReady names the nodes of the group that were not Ready in time, with the cause",
          "[expectations]") {
  const ExpectationResult e = judge(spec::NodesReady{spec::Ref{"ng-new", {}}, min(5)}, nodes_run());
  CHECK(e.kind == "nodesReady");
  CHECK_FALSE(e.passed);
  CHECK(e.detail ==
        "2 of 3 nodes of ng-new were not Ready within 5m of launch: b NotReady: "
        "ApiServerUnreachable: security group nodes-new allows no outbound tcp 443 (fix: add an "
        "outbound rule for tcp 443 to nodes-new); c Ready only 6m40s after its launch; 2 more, "
        "launched less than 5m before the end of the run or their termination, are not judged");
}

TEST_CASE("nodesReady passes for a group whose nodes were all Ready in time, and fails for none",
          "[expectations]") {
  const RunReport r = nodes_run();
  const ExpectationResult ok = judge(spec::NodesReady{spec::Ref{"ng-old", {}}, min(5)}, r);
  CHECK(ok.passed);
  CHECK(ok.detail ==
        "1 node of ng-old was Ready within 5m of launch; the slowest took 30s (old-1)");
  const ExpectationResult none = judge(spec::NodesReady{spec::Ref{"ng-gpu", {}}, min(5)}, r);
  CHECK_FALSE(none.passed);
  CHECK(none.detail == "no node of ng-gpu was launched");
}
