// `ekssim reachability`: the text matrix, the DOT graph as Graphviz renders it, and bad input.

#include "tools/cli/reachability_command.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "tests/cli/command_runner.h"

using ekssim::cli::ReachabilityOptions;
using ekssim::cli::run_reachability;
using ekssim::test::make_temp_dir;
using ekssim::test::run_ekssim;
using ekssim::test::write_file;

namespace {

// One node group, CoreDNS on it, and a DNS forwarder host that admits udp 53 from the nodes only;
// the nodes reach the API server and EC2 through a NAT gateway.
constexpr const char* kTiny = R"(apiVersion: ekssim/v1
kind: Scenario
metadata: {name: tiny}
duration: 10m
cluster:
  name: c
  region: us-east-1
  vpc:
    cidr: 10.0.0.0/16
    subnets:
      - {name: a, az: us-east-1a, cidr: 10.0.0.0/24, routeTable: private}
      - {name: public, az: us-east-1a, cidr: 10.0.128.0/24, routeTable: public}
    internetGateway: true
    natGateways: [{name: nat, subnet: public}]
    routeTables:
      - {name: private, routes: [{destination: 0.0.0.0/0, natGateway: nat}]}
      - {name: public, routes: [{destination: 0.0.0.0/0, internetGateway: true}]}
    hosts:
      - {name: forwarder, subnet: a, ip: 10.0.0.53, securityGroups: [dns], dnsServer: true}
  securityGroups:
    - name: nodes
      ingress:
        - {protocol: all, from: {securityGroup: nodes}}
    - name: dns
      ingress:
        - {protocol: udp, ports: 53, from: {securityGroup: nodes}}
  iam:
    roles:
      - {name: node-role, policies: [AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy]}
  nodeGroups:
    - name: ng
      managed: false
      instanceType: m5.large
      desiredCapacity: 2
      subnets: [a]
      securityGroups: [nodes]
      iamRole: node-role
)";

struct Run {
  int exit_code;
  std::string out;
  std::string err;
};

Run reachability(ReachabilityOptions options) {
  const std::string dir = make_temp_dir();
  if (options.scenario.empty()) {
    options.scenario = dir + "/tiny.yaml";
    write_file(options.scenario, kTiny);
  }
  std::ostringstream out, err;
  const int code = run_reachability(options, out, err);
  std::filesystem::remove_all(dir);
  return {code, out.str(), err.str()};
}

}  // namespace

TEST_CASE("reachability prints the endpoints, a matrix per port and every denial with its fix",
          "[cli][reachability]") {
  const Run r = reachability({"", {"53/tcp"}, "text", ""});
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out ==
        "endpoints:\n"
        "  ng         node group ng: free address 10.0.0.18 on ip-10-0-0-126.ec2.internal and pod "
        "kube-system/coredns-5c8968d746-kh9hj 10.0.0.25 on ip-10-0-0-204.ec2.internal in a, with "
        "nodes\n"
        "  coredns    CoreDNS: pod kube-system/coredns-5c8968d746-kh9hj 10.0.0.25 on "
        "ip-10-0-0-204.ec2.internal, behind kube-dns 172.20.0.10\n"
        "  forwarder  host forwarder: 10.0.0.53 in a, with dns\n"
        "\n"
        "rows: from, columns: to; ok: allowed; DENIED #n: explained below the matrix; -: not "
        "judged\n"
        "\n"
        "53/tcp\n"
        "from \\ to  ng         coredns    forwarder\n"
        "ng         ok         ok         DENIED #1\n"
        "coredns    ok         -          DENIED #2\n"
        "forwarder  DENIED #3  DENIED #4  -\n"
        "  #1 ng -> forwarder on 53/tcp: denied-in (ENI_SG_RULES_MISMATCH)\n"
        "     at: security group dns (eni eni-00c6422a70ad515fb, inbound): denied: no rule matches "
        "tcp 53 from 10.0.0.18 (secondary IP of eni eni-0658e48c15199c5e9, which carries nodes)\n"
        "     fix: add to dns an inbound rule: tcp 53 from security group nodes\n"
        "  #2 coredns -> forwarder on 53/tcp: denied-in (ENI_SG_RULES_MISMATCH)\n"
        "     at: security group dns (eni eni-00c6422a70ad515fb, inbound): denied: no rule matches "
        "tcp 53 from 10.0.0.25 (secondary IP of eni eni-0025bf604e596e1a0, which carries nodes)\n"
        "     fix: add to dns an inbound rule: tcp 53 from security group nodes\n"
        "  #3 forwarder -> ng on 53/tcp: denied-in (ENI_SG_RULES_MISMATCH)\n"
        "     at: security group nodes (eni eni-0025bf604e596e1a0, inbound): denied: no rule "
        "matches tcp 53 from 10.0.0.53 (primary IP of eni eni-00c6422a70ad515fb, which carries "
        "dns)\n"
        "     fix: add to nodes an inbound rule: tcp 53 from security group dns\n"
        "  #4 forwarder -> coredns on 53/tcp: denied-in (ENI_SG_RULES_MISMATCH)\n"
        "     at: security group nodes (eni eni-0025bf604e596e1a0, inbound): denied: no rule "
        "matches tcp 53 from 10.0.0.53 (primary IP of eni eni-00c6422a70ad515fb, which carries "
        "dns)\n"
        "     fix: add to nodes an inbound rule: tcp 53 from security group dns\n");
}

TEST_CASE("reachability --at judges the cluster as simulated up to then", "[cli][reachability]") {
  // At 30 s the nodes are still booting: no kubelet registered them, no CoreDNS pod runs.
  const Run early = reachability({"", {"53/tcp"}, "text", "30s"});
  CHECK(early.exit_code == 0);
  CHECK(early.out.rfind("endpoints:\n"
                        "  ng         node group ng: the node's own address 10.0.0.126 (not "
                        "registered) on ip-10-0-0-126.ec2.internal and the node's own address "
                        "10.0.0.204 (not registered) on ip-10-0-0-204.ec2.internal in a, with nodes\n"
                        "  coredns    CoreDNS: no running pod, behind kube-dns 172.20.0.10\n",
                        0) == 0);
  const Run late = reachability({"", {"53/tcp"}, "text", "11m"});
  CHECK(late.exit_code == 2);
  CHECK(late.out.empty());
  CHECK(late.err == "ekssim reachability: error: --at 11m is after the scenario's end (10m)\n");
  const Run bad = reachability({"", {"53/tcp"}, "text", "soon"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err ==
        "ekssim reachability: error: --at takes a duration such as 30s, 5m or 1h30m, not 'soon'\n");
}

TEST_CASE("reachability's DOT has allowed and red dashed denied edges and renders with Graphviz",
          "[cli][reachability]") {
  const Run r = reachability({"", {}, "dot", ""});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.rfind("digraph G {\n", 0) == 0);
  CHECK(r.out.find("0[label=\"ng\", shape=box3d];\n") != std::string::npos);
  CHECK(r.out.find("2[label=\"forwarder\", shape=box];\n") != std::string::npos);
  CHECK(r.out.find("1[label=\"coredns\", shape=ellipse];\n") != std::string::npos);
  CHECK(r.out.find("0->2 [label=\"53/udp\", color=darkgreen];\n") != std::string::npos);
  CHECK(r.out.find("0->2 [label=\"53/tcp, 443/tcp, 10250/tcp: ENI_SG_RULES_MISMATCH\", "
                   "color=red, fontcolor=red, style=dashed];\n") != std::string::npos);

  if (std::system("command -v dot >/dev/null 2>&1") != 0) {
    WARN("Graphviz's dot is not installed: the DOT output was not rendered");
    return;
  }
  const std::string dir = make_temp_dir();
  write_file(dir + "/graph.dot", r.out);
  const std::string command =
      "dot -Tsvg " + dir + "/graph.dot -o " + dir + "/graph.svg 2>" + dir + "/dot.err";
  const int status = std::system(command.c_str());
  INFO(ekssim::test::read_file(dir + "/dot.err"));
  CHECK(status == 0);
  CHECK(ekssim::test::read_file(dir + "/graph.svg").find("<svg") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("reachability refuses a bad port and a bad scenario with exit 2", "[cli][reachability]") {
  const Run port = reachability({"", {"53/udp", "53/icmp"}, "text", ""});
  CHECK(port.exit_code == 2);
  CHECK(port.out.empty());
  CHECK(port.err ==
        "ekssim reachability: error: --port 53/icmp: expected PORT/PROTOCOL such as 53/udp or "
        "443/tcp (a port 1-65535, tcp or udp)\n");

  const Run missing = reachability({"/nonexistent/s.yaml", {}, "text", ""});
  CHECK(missing.exit_code == 2);
  CHECK(missing.out.empty());
  CHECK(missing.err.rfind("/nonexistent/s.yaml: error: cannot read: ", 0) == 0);
}

TEST_CASE("ekssim reachability is a registered subcommand", "[cli][reachability]") {
  const std::string dir = make_temp_dir();
  write_file(dir + "/tiny.yaml", kTiny);
  const auto ok = run_ekssim("reachability --port 53/udp " + dir + "/tiny.yaml");
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find("\n53/udp\n") != std::string::npos);
  const auto bad_format = run_ekssim("reachability " + dir + "/tiny.yaml --format svg");
  CHECK(bad_format.exit_code == 2);
  CHECK(bad_format.err.find("--format: svg not in {text,json,dot}") != std::string::npos);
  std::filesystem::remove_all(dir);
}

namespace {

const std::string kNetpolDns =
    std::string(EKSSIM_SOURCE_DIR) + "/scenarios/netpol-default-deny-dns.yaml";
const std::string kNetpolNamespaces =
    std::string(EKSSIM_SOURCE_DIR) + "/scenarios/netpol-namespace-allow.yaml";

}  // namespace

TEST_CASE("reachability under NetworkPolicy: a row per workload pair and to CoreDNS, with the "
          "deciding policy, rule and fix",
          "[cli][reachability][netpol]") {
  const auto before = run_ekssim("reachability --port 53/udp --at 9m " + kNetpolDns);
  REQUIRE(before.exit_code == 0);
  CHECK(before.out.find(
            "\nworkloads under NetworkPolicy (each Deployment's first Running pod sends; every "
            "program that judged, with its policy and rule):\n"
            "  shop/checkout  pod shop/checkout-6f877dc698-ktnmd 10.0.7.215 on "
            "ip-10-0-5-137.ec2.internal\n"
            "  shop/payments  pod shop/payments-857fb59866-pldts 10.0.13.218 on "
            "ip-10-0-5-137.ec2.internal\n") != std::string::npos);
  CHECK(before.out.find(
            "\n  shop/checkout -> coredns on 53/udp: DENIED (denied-out, NETWORK_POLICY)\n"
            "     to: service kube-system/kube-dns 172.20.0.10:53 -> pod "
            "kube-system/coredns-5c8968d746-ltt2x 10.0.3.210\n"
            "     policy: network policy shop/default-deny-egress (pod "
            "shop/checkout-6f877dc698-ktnmd, outbound): denied: egress denied: pod isolated by "
            "policy shop/default-deny-egress and no egress rule allows udp 53 to 172.20.0.10 (udp "
            "10.0.7.215:40000 -> 172.20.0.10:53)\n"
            "     fix: add to NetworkPolicy shop/default-deny-egress an egress rule: to: "
            "[{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, "
            "podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: "
            "53}, {protocol: TCP, port: 53}]\n") != std::string::npos);
  CHECK(before.out.find("  shop/checkout -> shop/payments on 8080/tcp: DENIED (denied-out, "
                        "NETWORK_POLICY)\n") != std::string::npos);

  // Once allow-dns is in the agents' maps, its first egress rule lets DNS through.
  const auto after = run_ekssim("reachability --port 53/udp --at 12m " + kNetpolDns);
  REQUIRE(after.exit_code == 0);
  CHECK(after.out.find(
            "\n  shop/checkout -> coredns on 53/udp: ok\n"
            "     to: service kube-system/kube-dns 172.20.0.10:53 -> pod "
            "kube-system/coredns-5c8968d746-ltt2x 10.0.3.210\n"
            "     policy: network policy shop/allow-dns (pod shop/checkout-6f877dc698-ktnmd, "
            "outbound): permitted: egress allowed by policy shop/allow-dns spec.egress[0] (udp "
            "10.0.7.215:40000 -> 172.20.0.10:53)\n") != std::string::npos);
}

TEST_CASE("reachability under NetworkPolicy: an ingress policy names the rule that admits one "
          "namespace and the rule to add for another",
          "[cli][reachability][netpol]") {
  const auto r = run_ekssim("reachability --port 53/udp " + kNetpolNamespaces);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("\n  app/api -> db/postgres on 5432/tcp: ok\n") != std::string::npos);
  CHECK(r.out.find("permitted: ingress allowed by policy db/allow-from-app spec.ingress[0] "
                   "(tcp ") != std::string::npos);
  CHECK(r.out.find("\n  reports/batch -> db/postgres on 5432/tcp: DENIED (denied-in, "
                   "NETWORK_POLICY)\n") != std::string::npos);
  CHECK(r.out.find("     fix: add to NetworkPolicy db/allow-from-app an ingress rule: from: "
                   "[{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: reports}}, "
                   "podSelector: {matchLabels: {app: batch}}}], ports: [{protocol: TCP, port: "
                   "5432}]\n") != std::string::npos);
  // Without ENABLE_NETWORK_POLICY there are no workload rows.
  const std::string dir = make_temp_dir();
  write_file(dir + "/tiny.yaml", kTiny);
  const auto plain = run_ekssim("reachability --port 53/udp " + dir + "/tiny.yaml");
  CHECK(plain.out.find("workloads under NetworkPolicy") == std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("reachability's DOT under NetworkPolicy has a box per workload and edges naming the "
          "policy, and renders with Graphviz",
          "[cli][reachability][netpol]") {
  const auto r = run_ekssim("reachability --format dot " + kNetpolNamespaces);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("subgraph cluster_workloads {\nlabel=\"workloads under NetworkPolicy\";\n") !=
        std::string::npos);
  CHECK(r.out.find("\"w:db/postgres\" [label=\"db/postgres\", shape=box, style=rounded];\n") !=
        std::string::npos);
  CHECK(r.out.find("\"w:app/api\"->\"w:db/postgres\" [label=\"5432/tcp: ok (egress "
                   "DEFAULT_ALLOW, ingress db/allow-from-app spec.ingress[0])\", "
                   "color=darkgreen];\n") != std::string::npos);
  CHECK(r.out.find("\"w:reports/batch\"->\"w:db/postgres\" [label=\"5432/tcp: NETWORK_POLICY "
                   "(egress DEFAULT_ALLOW, ingress db/allow-from-app)\", color=red, "
                   "fontcolor=red, style=dashed];\n") != std::string::npos);
  // DNS goes to the matrix's CoreDNS vertex (1).
  CHECK(r.out.find("\"w:app/api\"->1 [label=\"53/udp: ok") != std::string::npos);
  CHECK(r.out.substr(r.out.size() - 2) == "}\n");

  if (std::system("command -v dot >/dev/null 2>&1") != 0) {
    WARN("Graphviz's dot is not installed: the DOT output was not rendered");
    return;
  }
  const std::string dir = make_temp_dir();
  write_file(dir + "/graph.dot", r.out);
  const std::string command =
      "dot -Tsvg " + dir + "/graph.dot -o " + dir + "/graph.svg 2>" + dir + "/dot.err";
  const int status = std::system(command.c_str());
  INFO(ekssim::test::read_file(dir + "/dot.err"));
  CHECK(status == 0);
  CHECK(ekssim::test::read_file(dir + "/graph.svg").find("db/postgres") != std::string::npos);
  std::filesystem::remove_all(dir);
}

namespace {

// The workload flow from → to on port in reachability's JSON, or null.
const nlohmann::json* json_flow(const nlohmann::json& j, const std::string& from,
                                const std::string& to, const std::string& port) {
  for (const auto& f : j["workloads"]["flows"]) {
    if (f["from"] == from && f["to"] == to && f["port"] == port) return &f;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("reachability's JSON has the matrix's cells and the workload flows with the deciding "
          "policy and rule as data",
          "[cli][reachability][netpol]") {
  const auto before = run_ekssim("reachability --port 53/udp --at 9m --format json " + kNetpolDns);
  REQUIRE(before.exit_code == 0);
  const auto j = nlohmann::json::parse(before.out);
  CHECK(j["ports"] == nlohmann::json::array({"53/udp"}));
  CHECK(j["endpoints"][0]["name"] == "general");
  CHECK(j["endpoints"][0]["kind"] == "nodeGroup");
  CHECK(j["endpoints"][1]["kind"] == "coreDns");
  REQUIRE_FALSE(j["cells"].empty());
  CHECK(j["cells"][0]["port"] == "53/udp");
  const nlohmann::json* dns = json_flow(j, "shop/checkout", "coredns", "53/udp");
  REQUIRE(dns != nullptr);
  CHECK((*dns)["allowed"] == false);
  CHECK((*dns)["disposition"] == "denied-out");
  CHECK((*dns)["reason"] == "NETWORK_POLICY");
  REQUIRE((*dns)["policies"].size() == 1);
  CHECK((*dns)["policies"][0]["direction"] == "egress");
  CHECK((*dns)["policies"][0]["policy"] == "shop/default-deny-egress");
  CHECK((*dns)["policies"][0]["action"] == "denied");
  CHECK_FALSE((*dns)["policies"][0].contains("rule"));
  CHECK(std::string((*dns)["fix"]).rfind(
            "add to NetworkPolicy shop/default-deny-egress an egress rule: to: ", 0) == 0);

  const auto after = run_ekssim("reachability --port 53/udp --at 12m --format json " + kNetpolDns);
  REQUIRE(after.exit_code == 0);
  const auto k = nlohmann::json::parse(after.out);
  const nlohmann::json* fixed = json_flow(k, "shop/checkout", "coredns", "53/udp");
  REQUIRE(fixed != nullptr);
  CHECK((*fixed)["allowed"] == true);
  CHECK_FALSE(fixed->contains("fix"));
  CHECK((*fixed)["policies"][0]["policy"] == "shop/allow-dns");
  CHECK((*fixed)["policies"][0]["rule"] == 0);
  CHECK((*fixed)["policies"][0]["action"] == "permitted");
}
