// Whole scenarios: the contract's example, a file with several mistakes, and the defaults.

#include <catch2/catch.hpp>
#include <variant>

#include "tests/scenario/scenario_text.h"

namespace ekssim::scenario {
namespace {

using testing::diagnostics_of;
using testing::kMinimal;
using testing::load_ok;
using testing::minimal_with;

std::string replace_all_of(
    std::string text, std::initializer_list<std::pair<std::string_view, std::string_view>> edits) {
  for (const auto& [from, to] : edits) {
    const size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  }
  return text;
}

TEST_CASE("The example of scenario-v1.md loads cleanly") {
  const LoadResult result =
      load_scenario_file(EKSSIM_SOURCE_DIR "/tests/scenario/fixtures/contract-example.yaml");
  INFO(format_diagnostics(result.diagnostics));
  REQUIRE(result.ok());
  const spec::Scenario& s = *result.scenario;
  CHECK(s.metadata.name == "new-asg-missing-sg-rules");
  CHECK(s.seed == 7);
  CHECK(s.duration == sim::Duration::minutes(40));
  CHECK(s.cluster.vpc.subnets.size() == 4);
  CHECK(s.cluster.security_groups.size() == 4);
  CHECK(s.cluster.node_groups[1].taints[0].effect == spec::TaintEffect::kNoSchedule);
  CHECK(s.cluster.node_groups[1].max_pods == 58);
  CHECK(s.cluster.addons.vpc_cni.env.at("WARM_IP_TARGET") == "5");
  CHECK(s.workloads.size() == 2);
  const auto& deployment = std::get<spec::Deployment>(s.workloads[0]);
  CHECK(deployment.cpu_millis == 250);
  CHECK(deployment.memory_bytes == 256 * 1024 * 1024);
  REQUIRE(deployment.traffic.size() == 3);
  CHECK(deployment.traffic[1].host == "airflow-pgbouncer");
  CHECK(deployment.traffic[1].port == 6432);
  CHECK(s.events.size() == 3);
  CHECK(std::get<spec::AddSecurityGroupRule>(s.events[1].action).rule.peer.name.name ==
        "nodes-new");
  REQUIRE(s.expectations.size() == 5);
  CHECK(s.expectations[1].name ==
        "dnsFailures {nodeGroup: ng-new, between: [5m, 25m], atLeast: 1}");
  const auto& window = std::get<spec::DnsFailures>(s.expectations[1].check).between;
  REQUIRE(window);
  CHECK(window->start == sim::Duration::minutes(5));
  CHECK(window->end == sim::Duration::minutes(25));
}

TEST_CASE("A file with five different mistakes gives exactly five located diagnostics, in order") {
  const std::string text =
      replace_all_of(std::string(kMinimal), {{"duration: 10m", "duration: 10 minutes"},
                                             {"cidr: 10.0.0.0/20", "cidr: 10.0.0.1/20"},
                                             {"maxSize: 4", "maxSzie: 4"},
                                             {"securityGroups: [nodes]", "securityGroups: [node]"},
                                             {"scaleNodeGroup:", "scaleNodegroup:"}});
  const LoadResult result = load_scenario_text(text, "s.yaml");
  REQUIRE(result.diagnostics.size() == 5);
  const std::vector<std::pair<int, int>> where = {{4, 11}, {11, 41}, {22, 7}, {24, 24}, {29, 14}};
  for (size_t i = 0; i < where.size(); ++i) {
    CHECK(result.diagnostics[i].line == where[i].first);
    CHECK(result.diagnostics[i].column == where[i].second);
  }
  CHECK(result.diagnostics[0].message == "duration is '10 minutes'");
  CHECK(result.diagnostics[1].message == "cidr '10.0.0.1/20' has host bits set");
  CHECK(result.diagnostics[2].message ==
        "unknown key 'maxSzie' in node group 'ng' (did you mean 'maxSize'?)");
  CHECK(result.diagnostics[3].message == "unknown security group 'node' (did you mean 'nodes'?)");
  CHECK(result.diagnostics[4].message ==
        "unknown key 'scaleNodegroup' in an event (did you mean 'scaleNodeGroup'?)");
}

TEST_CASE("Defaults are filled in as documented") {
  const spec::Scenario s = load_ok(kMinimal);
  CHECK(s.seed == 1);
  const spec::Cluster& c = s.cluster;
  CHECK(c.version == "1.30");
  CHECK(c.endpoints.public_access);
  CHECK_FALSE(c.endpoints.private_access);
  REQUIRE(c.endpoints.public_access_cidrs.size() == 1);
  CHECK(c.endpoints.public_access_cidrs[0].to_string() == "0.0.0.0/0");
  CHECK(c.vpc.enable_dns_support);
  REQUIRE(c.vpc.dhcp_options.domain_name_servers.size() == 1);
  CHECK(c.vpc.dhcp_options.domain_name_servers[0].amazon_provided);
  CHECK_FALSE(c.vpc.internet_gateway);
  // The VPC is inside 10.0.0.0/8, so EKS picks 172.20.0.0/16.
  CHECK(c.service_ipv4_cidr.to_string() == "172.20.0.0/16");
  CHECK(c.service_ipv4_cidr_defaulted);
  const spec::SecurityGroup& nodes = c.security_groups[0];
  CHECK(nodes.ingress.empty());
  CHECK(nodes.egress_defaulted);
  REQUIRE(nodes.egress.size() == 1);
  CHECK(nodes.egress[0].traffic.protocol.is_all());
  CHECK(nodes.egress[0].peer.kind == spec::RulePeer::Kind::kCidr);
  CHECK(nodes.egress[0].peer.cidr.to_string() == "0.0.0.0/0");
  const spec::NodeGroup& ng = c.node_groups[0];
  CHECK(ng.managed);
  CHECK(ng.min_size == 0);
  CHECK_FALSE(ng.max_pods.has_value());
  CHECK(c.addons.coredns.replicas == 2);
  CHECK(c.addons.kube_proxy.mode == "iptables");
  CHECK(c.addons.kube_proxy.min_sync_period == sim::Duration::seconds(1));
  CHECK(c.addons.kube_proxy.sync_period == sim::Duration::seconds(30));
  CHECK(c.ec2_api.describe.rate == 20);
  CHECK(c.ec2_api.describe.burst == 100);
  CHECK(c.ec2_api.mutate.rate == 5);
  CHECK(c.ec2_api.mutate.burst == 50);
  const auto& web = std::get<spec::Deployment>(s.workloads[0]);
  CHECK(web.dns_policy == spec::DnsPolicy::kClusterFirst);
  CHECK_FALSE(web.host_network);
  CHECK(s.expectations[0].name == "podsRunning {namespace: web, within: 5m}");
}

TEST_CASE("The service CIDR defaults to 10.100.0.0/16 outside 10.0.0.0/8") {
  const std::string text =
      replace_all_of(std::string(kMinimal), {{"cidr: 10.0.0.0/16", "cidr: 192.168.0.0/16"},
                                             {"cidr: 10.0.0.0/20", "cidr: 192.168.0.0/20"},
                                             {"cidr: 10.0.16.0/20", "cidr: 192.168.16.0/20"}});
  CHECK(load_ok(text).cluster.service_ipv4_cidr.to_string() == "10.100.0.0/16");
}

TEST_CASE("Locations are 1-based and point at each element") {
  const spec::Scenario s = load_ok(kMinimal);
  CHECK(s.cluster.vpc.subnets[1].location == spec::Location{12, 9});
  CHECK(s.cluster.vpc.subnets[1].cidr_location == spec::Location{12, 41});
  CHECK(s.cluster.node_groups[0].location == spec::Location{19, 7});
  CHECK(s.cluster.node_groups[0].subnets[1].location == spec::Location{23, 20});
  CHECK(s.events[0].location == spec::Location{29, 5});
}

TEST_CASE("An explicit empty egress list means no outbound rules, not the default") {
  const spec::Scenario s =
      load_ok(minimal_with("    - name: nodes", "    - name: nodes\n      egress: []"));
  CHECK(s.cluster.security_groups[0].egress.empty());
  CHECK_FALSE(s.cluster.security_groups[0].egress_defaulted);
}

TEST_CASE("An empty file and a second document are errors") {
  CHECK(diagnostics_of("") ==
        "s.yaml:1:1: error: the file is empty; expected a scenario starting with apiVersion: "
        "ekssim/v1\n"
        "  \n"
        "  ^\n");
  CHECK(diagnostics_of(std::string(kMinimal) + "---\nfoo: 1\n") ==
        "s.yaml:33:1: error: a second YAML document; expected one scenario per file\n"
        "  foo: 1\n"
        "  ^\n");
}

}  // namespace
}  // namespace ekssim::scenario
