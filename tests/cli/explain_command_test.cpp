// `ekssim explain`: the text and JSON renderings, exit codes and error messages.

#include "tools/cli/explain_command.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "tests/cli/command_runner.h"

using ekssim::cli::ExplainOptions;
using ekssim::cli::run_explain;
using ekssim::test::run_ekssim;

namespace {

const std::string kScenario = std::string(EKSSIM_SOURCE_DIR) + "/scenarios/pods-no-nat-route.yaml";

struct Run {
  int exit_code;
  std::string out;
  std::string err;
};

Run explain(ExplainOptions options) {
  if (options.scenario.empty()) options.scenario = kScenario;
  std::ostringstream out, err;
  const int code = run_explain(options, out, err);
  return {code, out.str(), err.str()};
}

ExplainOptions to_github(std::string format = "text") {
  ExplainOptions o;
  o.from = "pod/app/api";
  o.to = "api.github.com:443";
  o.at = "5m";
  o.format = std::move(format);
  return o;
}

}  // namespace

TEST_CASE("explain prints the sender, the destination, every hop, the verdict and the fix",
          "[cli][explain]") {
  const Run r = explain(to_github());
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out ==
        "from: pod app/api-5484fd79d5-7qptn (10.0.13.218) on ip-10-0-14-64.ec2.internal (node "
        "group workers)\n"
        "      (4 pods in app start with api; the first Running one by name)\n"
        "to:   external host api.github.com (140.82.112.6:443), tcp\n"
        "at:   5m (seed 5)\n"
        "\n"
        "1. host ip-10-0-14-64.ec2.internal (ip rule 1024): forwarded: AWS-CONNMARK-CHAIN-0 "
        "marked the connection 0x80, so the main table sends it out through eni "
        "eni-087367d9a77604863, the primary ENI\n"
        "2. host ip-10-0-14-64.ec2.internal (nat POSTROUTING, AWS-SNAT-CHAIN-0): forwarded: rule "
        "2: SNAT 10.0.13.218 to 10.0.14.64, the primary IP of eni eni-087367d9a77604863\n"
        "3. security group nodes (eni eni-087367d9a77604863, outbound): permitted: rule 1: all "
        "traffic to 0.0.0.0/0 (default: all traffic to 0.0.0.0/0)\n"
        "4. route table private (subnet private-1a): dropped: no route for 140.82.112.6\n"
        "=> no-route (NO_ROUTE_TO_DESTINATION)\n"
        "fix: add to route table private a route for 140.82.112.6 to a gateway that reaches it "
        "(VPC private-vpc has no NAT gateway, internet gateway or remote network for it)\n");
}

TEST_CASE("explain --format json carries the same verdict in stable fields", "[cli][explain]") {
  const Run r = explain(to_github("json"));
  CHECK(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["scenario"] == "pods-no-nat-route");
  CHECK(j["seed"] == 5);
  CHECK(j["at"] == "5m");
  CHECK(j["atSeconds"] == 300.0);
  CHECK(j["protocol"] == "tcp");
  CHECK(j["from"]["kind"] == "pod");
  CHECK(j["from"]["namespace"] == "app");
  CHECK(j["from"]["name"] == "api-5484fd79d5-7qptn");
  CHECK(j["from"]["address"] == "10.0.13.218");
  CHECK(j["from"]["nodeGroup"] == "workers");
  CHECK(j["from"]["kubeProxy"] == true);
  CHECK(j["to"] == nlohmann::json::parse(R"({"kind": "externalHost", "name": "api.github.com",
                                              "address": "140.82.112.6", "port": 443})"));
  CHECK_FALSE(j.contains("service"));
  REQUIRE(j["paths"].size() == 1);
  const auto& p = j["paths"][0];
  CHECK(p["passed"] == false);
  CHECK(p["disposition"] == "no-route");
  CHECK(p["reason"] == "NO_ROUTE_TO_DESTINATION");
  CHECK(p["leg"] == "request");
  REQUIRE(p["hops"].size() == 4);
  CHECK(p["hops"][2]["component"] == "security group");
  CHECK(p["hops"][2]["name"] == "nodes");
  CHECK(p["hops"][2]["direction"] == "outbound");
  CHECK(p["hops"][2]["rule"] == 1);
  CHECK(p["hops"][2]["ruleLabel"] == "1");
  CHECK(p["hops"][3]["component"] == "route table");
  CHECK(p["hops"][3]["action"] == "dropped");
  CHECK(p["hops"][3]["text"] ==
        "route table private (subnet private-1a): dropped: no route for 140.82.112.6");
  CHECK(p["fix"]["component"] == "route table");
  CHECK(p["fix"]["name"] == "private");
  CHECK(j["passed"] == 0);
  CHECK(j["total"] == 1);
}

TEST_CASE("explain lists kube-proxy's decision and each endpoint of a Service", "[cli][explain]") {
  ExplainOptions o = to_github();
  o.to = "svc/default/kubernetes:https";
  const Run r = explain(o);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("to:   service default/kubernetes (172.20.0.1:443), tcp\n") !=
        std::string::npos);
  CHECK(r.out.find("kube-proxy on ip-10-0-14-64.ec2.internal: default/kubernetes:https: "
                   "KUBE-SVC DNATs to its one endpoint\n\nendpoint 1 of 1: 10.0.14.6:443\n  1. "
                   "kube-proxy default/kubernetes:https (node ip-10-0-14-64.ec2.internal, nat "
                   "PREROUTING): forwarded: DNAT 172.20.0.1:443 to endpoint 10.0.14.6:443\n") !=
        std::string::npos);
  CHECK(r.out.find("  => accepted\n\n1 of 1 endpoints reachable\n") != std::string::npos);
}

TEST_CASE("explain's mistakes are one line each and exit 2", "[cli][explain][errors]") {
  ExplainOptions o = to_github();
  o.from = "pod/app/nope";
  Run r = explain(o);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "ekssim explain: error: no pod in app is named or starts with nope at 5m; pods in app: "
        "api-5484fd79d5-7qptn, api-5484fd79d5-r6xd8, api-5484fd79d5-v2zk8, "
        "api-5484fd79d5-vjxr4\n");

  o = to_github();
  o.at = "1h";
  CHECK(explain(o).err == "ekssim explain: error: --at 1h is after the scenario's end (15m)\n");
  o.at = "soon";
  CHECK(explain(o).err ==
        "ekssim explain: error: --at takes a duration such as 30s, 5m or 1h30m, not 'soon'\n");
  o = to_github();
  o.protocol = "sctp";
  r = explain(o);
  CHECK(r.exit_code == 2);
  CHECK(r.err == "ekssim explain: error: --protocol sctp: expected tcp, udp or icmp\n");
  o = to_github();
  o.scenario = "/nonexistent/s.yaml";
  r = explain(o);
  CHECK(r.exit_code == 2);
  CHECK(r.err.rfind("/nonexistent/s.yaml: error: cannot read: ", 0) == 0);
}

TEST_CASE("the ekssim binary runs explain with its options", "[cli][explain]") {
  const auto ok =
      run_ekssim("explain " + kScenario + " --from node/workers/1 --to api.github.com:443 --at 5m");
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find("=> no-route (NO_ROUTE_TO_DESTINATION)\n") != std::string::npos);
  const auto missing = run_ekssim("explain " + kScenario + " --to api.github.com:443");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("--from is required") != std::string::npos);
  const auto bad = run_ekssim("explain " + kScenario + " --from node/workers/9 --to x:1");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err ==
        "ekssim explain: error: no node workers/9 at 15m; name a node (ip-….ec2.internal) or "
        "GROUP/N (the N-th live node of a group in launch order); node groups: workers (2 "
        "nodes)\n");
}

TEST_CASE("explain --dns walks the seed story's failing lookup: candidates, tries, cause and path",
          "[cli][explain]") {
  const std::string scenario =
      std::string(EKSSIM_SOURCE_DIR) + "/scenarios/new-asg-missing-sg-rules.yaml";
  const auto r = ekssim::test::run_ekssim("explain " + scenario +
                                          " --from pod/airflow/airflow-scheduler"
                                          " --dns airflow-pgbouncer --at 20m");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("  search airflow.svc.cluster.local svc.cluster.local cluster.local "
                   "ec2.internal\n  nameserver 172.20.0.10\n  options ndots:5\n") !=
        std::string::npos);
  CHECK(r.out.find("  1. airflow-pgbouncer.airflow.svc.cluster.local.\n  2. "
                   "airflow-pgbouncer.svc.cluster.local.\n  3. airflow-pgbouncer.cluster.local.\n"
                   "  4. airflow-pgbouncer.ec2.internal.\n  5. airflow-pgbouncer.\n") !=
        std::string::npos);
  CHECK(r.out.find("its last failed lookup until then, at 19m51.692s: failed, DnsTimeout after "
                   "20s\n") != std::string::npos);
  CHECK(r.out.find("  airflow-pgbouncer.                                 → 172.20.0.10    try 2"
                   "  waits up to 5s     timeout\n") != std::string::npos);
  CHECK(r.out.find("  fix: add to nodes-old an inbound rule: udp 53 from security group "
                   "nodes-new\n") != std::string::npos);
  CHECK(r.out.find("0 of 2 endpoints reachable") != std::string::npos);
}

TEST_CASE("explain takes one of --to and --dns", "[cli][explain]") {
  const std::string scenario =
      std::string(EKSSIM_SOURCE_DIR) + "/scenarios/new-asg-missing-sg-rules.yaml";
  const auto neither =
      ekssim::test::run_ekssim("explain " + scenario + " --from pod/airflow/airflow-scheduler");
  CHECK(neither.exit_code == 2);
  CHECK(neither.err == "ekssim explain: error: give one of --to (a connection) and --dns (a "
                       "lookup)\n");
  const auto node = ekssim::test::run_ekssim("explain " + scenario +
                                             " --from node/ng-old/1 --dns airflow-pgbouncer");
  CHECK(node.exit_code == 2);
  CHECK(node.err == "ekssim explain: error: --dns needs a pod as --from (pod/NAMESPACE/NAME)\n");
}
