// `ekssim reachability`'s model (models/cluster/reachability.h) on the seed failure of
// scenario-v1.md, judged on the live World: the new, self-managed node group ng-new cannot reach
// CoreDNS on ng-old until nodes-old lets it in.

#include "models/cluster/reachability.h"

#include <catch2/catch.hpp>
#include <string>
#include <string_view>

#include "models/cluster/node_agent.h"
#include "models/cluster/world.h"
#include "tools/scenario/loader.h"

using namespace ekssim;
using cluster::EndpointKind;
using cluster::PortProtocol;
using cluster::Reachability;

namespace {

// The network of scenario-v1.md's example, without its workloads and timeline (so the node
// groups are represented by free addresses of their nodes' warm pools).
constexpr std::string_view kSeed = R"(apiVersion: ekssim/v1
kind: Scenario
metadata: {name: new-asg-missing-sg-rules}
duration: 40m
cluster:
  name: prod
  region: us-east-1
  version: "1.29"
  serviceIpv4Cidr: 172.20.0.0/16
  vpc:
    cidr: 10.0.0.0/16
    subnets:
      - {name: private-1a, az: us-east-1a, cidr: 10.0.0.0/20, routeTable: private}
      - {name: private-1b, az: us-east-1b, cidr: 10.0.16.0/20, routeTable: private, networkAcl: strict}
      - {name: public-1a,  az: us-east-1a, cidr: 10.0.128.0/24, routeTable: public}
    internetGateway: true
    natGateways: [{name: nat-1a, subnet: public-1a}]
    routeTables:
      - {name: private, routes: [{destination: 0.0.0.0/0, natGateway: nat-1a}]}
      - {name: public, routes: [{destination: 0.0.0.0/0, internetGateway: true}]}
    endpoints:
      - {service: ec2, type: Interface, subnets: [private-1a], securityGroups: [endpoints]}
      - {service: s3, type: Gateway, routeTables: [private]}
    networkAcls:
      - name: strict
        inbound:
          - {rule: 100, protocol: tcp, ports: 443, cidr: 10.0.0.0/16, action: allow}
          - {rule: 110, protocol: tcp, ports: 1024-65535, cidr: 0.0.0.0/0, action: allow}
        outbound:
          - {rule: 100, protocol: all, cidr: 0.0.0.0/0, action: allow}
  securityGroups:
    - name: nodes-old
      ingress:
        - {protocol: all, from: {securityGroup: nodes-old}}
        - {protocol: tcp, ports: 443, from: {cidr: 10.0.0.0/16}}
    - name: nodes-new
      ingress:
        - {protocol: all, from: {securityGroup: nodes-new}}
    - name: endpoints
      ingress:
        - {protocol: tcp, ports: 443, from: {securityGroup: nodes-old}}
  iam:
    roles:
      - {name: node-role, policies: [AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy]}
  nodeGroups:
    - name: ng-old
      managed: true
      instanceType: m5.large
      desiredCapacity: 3
      subnets: [private-1a]
      securityGroups: [nodes-old]
      iamRole: node-role
    - name: ng-new
      managed: false
      instanceType: c5.xlarge
      desiredCapacity: 2
      subnets: [private-1a]
      securityGroups: [nodes-new]
      iamRole: node-role
      taints: [{key: dedicated, value: airflow, effect: NoSchedule}]
)";

// The fix the matrix suggests, written into the scenario.
constexpr std::string_view kFixed =
    R"(        - {protocol: tcp, ports: 443, from: {cidr: 10.0.0.0/16}}
        - {protocol: all, from: {securityGroup: nodes-new}}
)";

spec::Scenario load(std::string_view text) {
  scenario::LoadResult result = scenario::load_scenario_text(text, "seed.yaml");
  INFO(scenario::format_diagnostics(result.diagnostics));
  REQUIRE(result.ok());
  return std::move(*result.scenario);
}

// The scenario simulated for 10 minutes, then the matrix on it.
struct Live {
  explicit Live(std::string_view text) : scenario(load(text)), world(scenario, scenario.seed) {
    world.start();
    world.run_until(sim::Time::at(sim::Duration::minutes(10)));
  }
  Reachability matrix(const std::vector<PortProtocol>& ports) {
    return cluster::compute_reachability(world, ports);
  }
  spec::Scenario scenario;
  cluster::World world;
};

bool starts_with(const std::string& text, std::string_view prefix) {
  return text.rfind(prefix, 0) == 0;
}

std::string with_fix() {
  std::string text(kSeed);
  const std::string_view line =
      "        - {protocol: tcp, ports: 443, from: {cidr: 10.0.0.0/16}}\n";
  text.replace(text.find(line), line.size(), kFixed);
  return text;
}

// "ok", "denied" or "-" for one cell.
std::string status(const Reachability& r, std::string_view from, std::string_view to, size_t port) {
  const cluster::ReachabilityCell* c = r.cell(*r.find_endpoint(from), *r.find_endpoint(to), port);
  if (c == nullptr) return "-";
  return c->allowed() ? "ok" : "denied";
}

}  // namespace

TEST_CASE("Ports read as PORT/PROTOCOL, tcp when the protocol is left out") {
  CHECK(PortProtocol::parse("53/udp") == PortProtocol{53, net::Protocol::udp()});
  CHECK(PortProtocol::parse("10250/TCP") == PortProtocol{10250, net::Protocol::tcp()});
  CHECK(PortProtocol::parse("443") == PortProtocol{443, net::Protocol::tcp()});
  for (const char* bad : {"", "0/tcp", "65536", "53/icmp", "53/all", "53/", "/udp", "x/udp"}) {
    CHECK_FALSE(PortProtocol::parse(bad));
  }
  CHECK(PortProtocol{53, net::Protocol::udp()}.to_string() == "53/udp");
  CHECK(cluster::default_reachability_ports().size() == 4);
}

TEST_CASE("Representatives are real nodes and pods of the live World") {
  Live live(kSeed);
  const Reachability r = live.matrix({{53, net::Protocol::udp()}});
  REQUIRE(r.endpoints.size() == 4);
  // ng-old runs only CoreDNS: its first node is represented by a free address of its warm pool,
  // its second by the CoreDNS pod.
  CHECK(r.endpoints[0].description ==
        "node group ng-old: free address 10.0.0.40 on ip-10-0-12-201.ec2.internal and pod "
        "kube-system/coredns-5c8968d746-kh9hj 10.0.1.206 on ip-10-0-1-152.ec2.internal in "
        "private-1a, with nodes-old, eks-cluster-sg-prod");
  // ng-new's ipamd cannot reach the EC2 endpoint (it admits nodes-old only): no pod address, so
  // its nodes send from their own addresses.
  CHECK(r.endpoints[1].description ==
        "node group ng-new: the node's own address 10.0.9.132 (no pod address yet) on "
        "ip-10-0-9-132.ec2.internal and the node's own address 10.0.12.104 (no pod address yet) on "
        "ip-10-0-12-104.ec2.internal in private-1a, with nodes-new");
  CHECK(r.endpoints[2].kind == EndpointKind::kCoreDns);
  CHECK(r.endpoints[2].description ==
        "CoreDNS: pod kube-system/coredns-5c8968d746-kh9hj 10.0.1.206 on "
        "ip-10-0-1-152.ec2.internal, behind kube-dns 172.20.0.10");
  CHECK(r.endpoints[3].name == "vpce-ec2");
  CHECK(r.endpoints[3].description ==
        "interface endpoint ec2: 10.0.7.237 in private-1a, with endpoints");
  CHECK(boost::num_vertices(r.graph) == 4);
  // Every node named exists in the World, and the CoreDNS pod in the API server.
  for (const char* node : {"ip-10-0-12-201.ec2.internal", "ip-10-0-1-152.ec2.internal",
                           "ip-10-0-9-132.ec2.internal", "ip-10-0-12-104.ec2.internal"}) {
    CHECK(live.world.find_node(node) != nullptr);
  }
  const k8s::PodId coredns = live.world.api().find_pod("kube-system", "coredns-5c8968d746-kh9hj");
  REQUIRE(coredns.valid());
  CHECK(live.world.api().pod(coredns).ip == *r.endpoints[2].address);
}

TEST_CASE("ng-new cannot reach ng-old or CoreDNS on 53/udp, and the matrix names the fix") {
  Live live(kSeed);
  const Reachability r = live.matrix(cluster::default_reachability_ports());
  // 53/udp
  CHECK(status(r, "ng-new", "ng-old", 0) == "denied");
  CHECK(status(r, "ng-new", "coredns", 0) == "denied");
  CHECK(status(r, "ng-old", "ng-old", 0) == "ok");
  CHECK(status(r, "ng-new", "ng-new", 0) == "ok");
  CHECK(status(r, "ng-old", "coredns", 0) == "ok");
  CHECK(status(r, "ng-old", "ng-new", 0) == "denied");
  CHECK(status(r, "coredns", "coredns", 0) == "-");
  CHECK(status(r, "vpce-ec2", "vpce-ec2", 0) == "-");

  const cluster::ReachabilityCell& to_old =
      *r.cell(*r.find_endpoint("ng-new"), *r.find_endpoint("ng-old"), 0);
  CHECK(to_old.verdict.disposition == net::Disposition::kDeniedIn);
  CHECK(to_old.verdict.reason == net::Reason::kEniSgRulesMismatch);
  REQUIRE(to_old.verdict.fix);
  CHECK(to_old.verdict.fix->text ==
        "add to nodes-old an inbound rule: udp 53 from security group nodes-new");
  const net::Hop* hop = cluster::blocking_hop(to_old.verdict);
  REQUIRE(hop != nullptr);
  CHECK(starts_with(hop->to_string(), "security group nodes-old, eks-cluster-sg-prod (eni eni-"));
  CHECK(hop->to_string().find("inbound): denied: no rule matches udp 53 from 10.0.9.132 (primary "
                              "IP of eni eni-") != std::string::npos);

  // The path to CoreDNS goes through kube-dns's DNAT by the live kube-proxy on ng-new's node.
  const cluster::ReachabilityCell& to_dns =
      *r.cell(*r.find_endpoint("ng-new"), *r.find_endpoint("coredns"), 0);
  REQUIRE_FALSE(to_dns.verdict.hops.empty());
  const std::string dnat = to_dns.verdict.hops.front().to_string();
  CHECK(starts_with(dnat, "kube-proxy kube-system/kube-dns:dns (node ip-10-0-9-132.ec2.internal"));
  CHECK(dnat.find("DNAT 172.20.0.10:53 to endpoint 10.0.1.206:53") != std::string::npos);
  CHECK(to_dns.verdict.fix->text ==
        "add to nodes-old an inbound rule: udp 53 from security group nodes-new");

  // 443/tcp: nodes-old admits the VPC, the ec2 endpoint admits nodes-old only.
  CHECK(status(r, "ng-new", "ng-old", 2) == "ok");
  CHECK(status(r, "ng-old", "vpce-ec2", 2) == "ok");
  CHECK(status(r, "ng-new", "vpce-ec2", 2) == "denied");
  // Allowed cells carry no trace.
  CHECK(r.cell(0, 0, 0)->verdict.hops.empty());
}

TEST_CASE("With the suggested rule in the spec, ng-new reaches ng-old and CoreDNS") {
  Live live(with_fix());
  const Reachability r = live.matrix(cluster::default_reachability_ports());
  for (size_t port = 0; port < 2; ++port) {  // 53/udp, 53/tcp
    CHECK(status(r, "ng-new", "ng-old", port) == "ok");
    CHECK(status(r, "ng-new", "coredns", port) == "ok");
  }
  CHECK(status(r, "ng-new", "vpce-ec2", 2) == "denied");
}

TEST_CASE("A node group's second node in another subnet is judged there, network ACL included") {
  // The configuration copy this replaced put both representatives in the group's first subnet,
  // and missed the strict network ACL of private-1b, where ng-old's nodes also run.
  std::string text(kSeed);
  const std::string_view one = "      desiredCapacity: 3\n      subnets: [private-1a]\n";
  text.replace(text.find(one), one.size(),
               "      desiredCapacity: 3\n      subnets: [private-1a, private-1b]\n");
  Live live(text);
  const Reachability r = live.matrix({{53, net::Protocol::udp()}});
  CHECK(starts_with(r.endpoints[0].description, "node group ng-old: free address "));
  CHECK(r.endpoints[0].description.find(" in private-1b, with nodes-old") != std::string::npos);
  const cluster::ReachabilityCell* c = r.cell(0, 0, 0);
  REQUIRE(c != nullptr);
  CHECK(c->verdict.reason == net::Reason::kSubnetAclRestriction);
  CHECK(cluster::blocking_hop(c->verdict)->to_string() ==
        "network ACL strict (subnet private-1b, inbound): denied: rule *: deny all traffic");
}

TEST_CASE("The graph has an allowed and a denied edge per pair, labelled with ports and reasons") {
  Live live(kSeed);
  const Reachability r = live.matrix(cluster::default_reachability_ports());
  const auto ng_new = *r.find_endpoint("ng-new");
  const auto ng_old = *r.find_endpoint("ng-old");
  std::vector<std::string> labels;
  for (auto [it, end] = boost::out_edges(ng_new, r.graph); it != end; ++it) {
    if (boost::target(*it, r.graph) != ng_old) continue;
    const cluster::ReachabilityEdge& edge = r.graph[*it];
    labels.push_back(std::string(edge.allowed ? "allowed " : "denied ") + edge.label);
  }
  CHECK(labels ==
        std::vector<std::string>{"allowed 443/tcp",
                                 "denied 53/udp, 53/tcp, 10250/tcp: ENI_SG_RULES_MISMATCH"});
}

TEST_CASE("Without CoreDNS pods, kube-dns REJECTs and the matrix says so") {
  std::string text(kSeed);
  text += "  addons:\n    coredns: {replicas: 0}\n";
  Live live(text);
  const Reachability r = live.matrix({{53, net::Protocol::udp()}, {443, net::Protocol::tcp()}});
  const size_t dns = *r.find_endpoint("coredns");
  CHECK(r.endpoints[dns].description == "CoreDNS: no running pod, behind kube-dns 172.20.0.10");
  const cluster::ReachabilityCell* c = r.cell(*r.find_endpoint("ng-old"), dns, 0);
  REQUIRE(c != nullptr);
  CHECK(c->verdict.reason == net::Reason::kKubeProxyReject);
  CHECK(c->verdict.disposition == net::Disposition::kDeniedOut);
  // Not a kube-dns port, and nothing else to reach: not judged.
  CHECK(r.cell(*r.find_endpoint("ng-old"), dns, 1) == nullptr);
  CHECK(r.cell(dns, *r.find_endpoint("ng-old"), 0) == nullptr);
}

TEST_CASE("Private access adds the control plane, which only the cluster security group reaches") {
  std::string text(kSeed);
  const std::string_view anchor = "  serviceIpv4Cidr: 172.20.0.0/16\n";
  text.insert(text.find(anchor) + anchor.size(),
              "  clusterEndpoints: {publicAccess: true, privateAccess: true}\n");
  Live live(text);
  const Reachability r = live.matrix({{443, net::Protocol::tcp()}});
  const size_t cp = *r.find_endpoint("control-plane");
  CHECK(starts_with(r.endpoints[cp].description, "EKS control plane (private endpoint): 10.0."));
  CHECK(r.endpoints[cp].description.find(" in private-1a, with eks-cluster-sg-prod") !=
        std::string::npos);
  CHECK(status(r, "ng-old", "control-plane", 0) == "ok");  // managed: carries the cluster group
  CHECK(status(r, "ng-new", "control-plane", 0) == "denied");
  CHECK(r.cell(*r.find_endpoint("ng-new"), cp, 0)->verdict.fix->text ==
        "add to eks-cluster-sg-prod an inbound rule: tcp 443 from security group nodes-new");
  CHECK(status(r, "control-plane", "ng-old", 0) == "ok");
}
