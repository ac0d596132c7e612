// The loader's kube-proxy inputs (issue 14): pinned node names and addresses checked against the
// group's subnets, kube-proxy's clusterCIDR, the cluster's serviceNodePortRange, and addresses
// with leading zeros in a Service's externalIPs and loadBalancerSourceRanges, normalised with a
// warning as Kubernetes' ParseIPSloppy reads them.

#include <catch2/catch.hpp>

#include "tests/scenario/scenario_text.h"

namespace ekssim::scenario {
namespace {

using testing::diagnostics_of;
using testing::load_ok;
using testing::minimal_with;

constexpr std::string_view kIamRole = "      iamRole: node-role\n";
constexpr std::string_view kDeployment =
    "  - {kind: Deployment, namespace: web, name: web, replicas: 2}\n";

std::string with_nodes(std::string_view nodes) {
  return minimal_with(kIamRole,
                      std::string(kIamRole) + "      nodes: " + std::string(nodes) + "\n");
}

std::string with_services(std::string_view services) {
  return minimal_with(kDeployment, std::string(kDeployment) + std::string(services));
}

// kMinimal with `cluster.serviceNodePortRange: RANGE` and `services` after its Deployment.
std::string with_range(std::string_view range, std::string_view services) {
  std::string text = with_services(services);
  const std::string_view region = "  region: us-east-1\n";
  text.insert(text.find(region) + region.size(),
              "  serviceNodePortRange: " + std::string(range) + "\n");
  return text;
}

TEST_CASE("A node group's pinned nodes load with their names and addresses") {
  const spec::Scenario s =
      load_ok(with_nodes("[{name: test-node, ip: 10.0.0.10}, {name: other, ip: 10.0.16.20}]"));
  const auto& nodes = s.cluster.node_groups.at(0).nodes;
  REQUIRE(nodes.size() == 2);
  CHECK(nodes[0].name == "test-node");
  CHECK(nodes[0].ip.to_string() == "10.0.0.10");
  CHECK(nodes[1].name == "other");
}

TEST_CASE(
    "A pinned node's address outside the group's subnets is refused, located at the address") {
  CHECK(diagnostics_of(with_nodes("[{name: n1, ip: 10.0.200.10}]")) ==
        "s.yaml:26:30: error: pinned node 'n1' has address 10.0.200.10, outside node group "
        "'ng''s subnets; expected an address in one of: a (10.0.0.4 to 10.0.15.254), b "
        "(10.0.16.4 to 10.0.31.254)\n"
        "        nodes: [{name: n1, ip: 10.0.200.10}]\n"
        "                               ^\n");
}

TEST_CASE("A pinned node on an address AWS reserves in its subnet is refused") {
  CHECK(diagnostics_of(with_nodes("[{name: n1, ip: 10.0.16.2}]")) ==
        "s.yaml:26:30: error: pinned node 'n1' has address 10.0.16.2, reserved by AWS in subnet "
        "'b' (10.0.16.0/20); expected an address from 10.0.16.4 to 10.0.31.254\n"
        "        nodes: [{name: n1, ip: 10.0.16.2}]\n"
        "                               ^\n");
}

TEST_CASE("Two pinned nodes may share neither an address nor a name") {
  const std::string d = diagnostics_of(
      with_nodes("[{name: n1, ip: 10.0.0.10}, {name: n1, ip: 10.0.0.10}, {name: n3, ip: x}]"));
  CHECK(d.find("error: pinned node 'n1' has address 10.0.0.10, which pinned node 'n1' already "
               "has; expected an address no other node or host has") != std::string::npos);
  CHECK(d.find("error: node name 'n1' is pinned twice (also in node group 'ng'); expected a "
               "name no other pinned node has") != std::string::npos);
  CHECK(d.find("error: ip is 'x'") != std::string::npos);
}

TEST_CASE("A pinned node's name must be a Kubernetes node name") {
  CHECK(diagnostics_of(with_nodes("[{name: Test_Node, ip: 10.0.0.10}]")) ==
        "s.yaml:26:22: error: node name 'Test_Node' is not valid; expected a DNS-1123 subdomain: "
        "at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or "
        "digit\n"
        "        nodes: [{name: Test_Node, ip: 10.0.0.10}]\n"
        "                       ^\n");
}

TEST_CASE("kube-proxy's clusterCIDR is read; without it kube-proxy has none, as on EKS") {
  CHECK_FALSE(load_ok(std::string(testing::kMinimal)).cluster.addons.kube_proxy.cluster_cidr);
  const std::string text = minimal_with(
      "workloads:\n", "  addons: {kubeProxy: {clusterCIDR: 10.0.0.0/16}}\nworkloads:\n");
  CHECK(load_ok(text).cluster.addons.kube_proxy.cluster_cidr->to_string() == "10.0.0.0/16");
  CHECK(diagnostics_of(
            minimal_with("workloads:\n",
                         "  addons: {kubeProxy: {clusterCIDR: 10.0.0.1/16}}\nworkloads:\n"))
            .find("error: clusterCIDR '10.0.0.1/16' has host bits set") != std::string::npos);
}

TEST_CASE("serviceNodePortRange widens the node ports a Service may pin") {
  const std::string service =
      "  - {kind: Service, namespace: web, name: a, type: NodePort, ports: [{port: 80, nodePort: "
      "3001}]}\n";
  CHECK(diagnostics_of(with_services(service))
            .starts_with("s.yaml:28:91: error: nodePort 3001 is out of range; expected an integer "
                         "from 30000 to 32767\n"));
  const spec::Scenario s = load_ok(with_range("\"3000-32767\"", service));
  CHECK(s.cluster.service_node_port_range.first == 3000);
  CHECK(s.cluster.service_node_port_range.last == 32767);
  // k8s.io/apimachinery PortRange.Set: "MIN+OFFSET" ends at MIN + OFFSET.
  CHECK(load_ok(with_range("\"30000+100\"", "")).cluster.service_node_port_range.last == 30100);
  CHECK(diagnostics_of(with_range("\"32767-30000\"", ""))
            .find("s.yaml:8:25: error: serviceNodePortRange '32767-30000' is not "
                  "a port range") != std::string::npos);
}

TEST_CASE("More node ports than serviceNodePortRange holds: range is full") {
  const std::string text = with_range(
      "\"30000-30001\"",
      "  - {kind: Service, namespace: web, name: a, type: NodePort, ports: [{name: x, "
      "port: 80}, {name: y, port: 81}]}\n"
      "  - {kind: Service, namespace: web, name: b, type: NodePort, ports: [{port: 80}]}\n");
  CHECK(diagnostics_of(text).find("error: Service web/b needs node port 3 of a "
                                  "serviceNodePortRange of 2 (30000-30001): range is full") !=
        std::string::npos);
}

TEST_CASE(
    "Leading zeros in externalIPs and loadBalancerSourceRanges are read as Kubernetes reads "
    "them, with a warning") {
  const std::string text = with_services(
      "  - {kind: Service, namespace: web, name: a, type: LoadBalancer, externalIPs: "
      "[192.168.099.022], loadBalancerSourceRanges: [203.000.113.000/25], ports: [{port: 80}]}\n");
  const LoadResult result = load_scenario_text(text, "s.yaml");
  REQUIRE(result.ok());
  const std::string d = format_diagnostics(result.diagnostics);
  CHECK(d.find("warning: externalIPs[0] '192.168.099.022' has leading zeros; Kubernetes reads it "
               "as 192.168.99.22 (k8s.io/utils/net ParseIPSloppy, decimal), and so does ekssim; "
               "expected 192.168.99.22, without leading zeros") != std::string::npos);
  CHECK(d.find("warning: loadBalancerSourceRanges[0] '203.000.113.000/25' has leading zeros; "
               "Kubernetes reads it as 203.0.113.0/25") != std::string::npos);
  const auto& service = std::get<spec::Service>(result.scenario->workloads.at(1));
  CHECK(service.external_ips.at(0).to_string() == "192.168.99.22");
  CHECK(service.load_balancer_source_ranges.at(0).to_string() == "203.0.113.0/25");
}

}  // namespace
}  // namespace ekssim::scenario
