// The exact text of each kind of diagnostic the loader gives, on variants of kMinimal.

#include <catch2/catch.hpp>

#include "tests/scenario/scenario_text.h"

namespace ekssim::scenario {
namespace {

using testing::diagnostics_of;
using testing::kMinimal;
using testing::minimal_with;

TEST_CASE("The minimal scenario used by these tests loads without diagnostics") {
  CHECK(diagnostics_of(kMinimal).empty());
}

TEST_CASE("A YAML syntax error is located at yaml-cpp's mark") {
  CHECK(diagnostics_of(minimal_with("duration: 10m", "duration: 10m: 5m")) ==
        "s.yaml:4:14: error: invalid YAML: illegal map value; expected well-formed YAML\n"
        "  duration: 10m: 5m\n"
        "               ^\n");
}

TEST_CASE("An unknown key suggests the nearest known key and lists them all") {
  CHECK(diagnostics_of(minimal_with("      maxSize: 4", "      maxSzie: 4")) ==
        "s.yaml:22:7: error: unknown key 'maxSzie' in node group 'ng' (did you mean 'maxSize'?); "
        "expected one of: name, managed, instanceType, desiredCapacity, minSize, maxSize, subnets, "
        "securityGroups, iamRole, labels, taints, maxPods, conntrackDnsRace, vcpus, allocatable, "
        "nodes\n"
        "        maxSzie: 4\n"
        "        ^\n");
}

TEST_CASE("A misspelt required key is reported once, as unknown, not also as missing") {
  CHECK(diagnostics_of(minimal_with("      iamRole: node-role", "      iamRol: node-role")) ==
        "s.yaml:25:7: error: unknown key 'iamRol' in node group 'ng' (did you mean 'iamRole'?); "
        "expected one of: name, managed, instanceType, desiredCapacity, minSize, maxSize, subnets, "
        "securityGroups, iamRole, labels, taints, maxPods, conntrackDnsRace, vcpus, allocatable, "
        "nodes\n"
        "        iamRol: node-role\n"
        "        ^\n");
}

TEST_CASE("A duplicate key is an error, although yaml-cpp accepts it") {
  CHECK(diagnostics_of(minimal_with("      maxSize: 4", "      maxSize: 4\n      maxSize: 5")) ==
        "s.yaml:23:7: error: duplicate key 'maxSize' in a node group (first at line 22); "
        "expected each key once\n"
        "        maxSize: 5\n"
        "        ^\n");
}

TEST_CASE("A missing required key points at the map that lacks it") {
  CHECK(diagnostics_of(minimal_with("{name: a, az: us-east-1a, ", "{name: a, ")) ==
        "s.yaml:11:9: error: missing 'az' in subnet 'a'; expected az: an availability zone such "
        "as us-east-1a\n"
        "        - {name: a, cidr: 10.0.0.0/20}\n"
        "          ^\n");
}

TEST_CASE("An empty name is refused") {
  CHECK(diagnostics_of(minimal_with("{name: t}", "{name: \"\"}")) ==
        "s.yaml:3:18: error: name is empty; expected the scenario's name\n"
        "  metadata: {name: \"\"}\n"
        "                   ^\n");
}

TEST_CASE("A map where a list belongs is a type error") {
  CHECK(diagnostics_of(minimal_with("subnets: [a, b]", "subnets: {a: b}")) ==
        "s.yaml:23:16: error: subnets is a map; expected a list of subnet names\n"
        "        subnets: {a: b}\n"
        "                 ^\n");
}

TEST_CASE("Text where a number belongs is a type error, and so is a quoted number") {
  CHECK(diagnostics_of(minimal_with("replicas: 2}", "replicas: two}")) ==
        "s.yaml:27:61: error: replicas is 'two'; expected an integer from 0 to 1000000\n"
        "    - {kind: Deployment, namespace: web, name: web, replicas: two}\n"
        "                                                              ^\n");
  CHECK(diagnostics_of(minimal_with("replicas: 2}", "replicas: \"2\"}")) ==
        "s.yaml:27:61: error: replicas is '2' (in quotes, so text); expected an integer from 0 "
        "to 1000000\n"
        "    - {kind: Deployment, namespace: web, name: web, replicas: \"2\"}\n"
        "                                                              ^\n");
}

TEST_CASE("An absurd count is out of range") {
  CHECK(diagnostics_of(minimal_with("replicas: 2}", "replicas: 1000001}")) ==
        "s.yaml:27:61: error: replicas 1000001 is out of range; expected an integer from 0 to "
        "1000000\n"
        "    - {kind: Deployment, namespace: web, name: web, replicas: 1000001}\n"
        "                                                              ^\n");
}

TEST_CASE("A duration without a unit is named as such") {
  CHECK(diagnostics_of(minimal_with("duration: 10m", "duration: 600")) ==
        "s.yaml:4:11: error: duration is '600', a number without a unit; expected a duration "
        "such as 500ms, 30s, 5m or 1h30m\n"
        "  duration: 600\n"
        "            ^\n");
}

TEST_CASE("A malformed quantity says what a quantity looks like") {
  CHECK(diagnostics_of(minimal_with("replicas: 2}", "replicas: 2, resources: {memory: 1GB}}")) ==
        "s.yaml:27:84: error: memory is '1GB'; expected a memory quantity such as 256Mi, 1Gi, 1G "
        "or 500k\n"
        "    - {kind: Deployment, namespace: web, name: web, replicas: 2, resources: {memory: "
        "1GB}}\n"
        "                                                                                     ^\n");
}

TEST_CASE("A CIDR with host bits set names the network address") {
  CHECK(diagnostics_of(minimal_with("cidr: 10.0.0.0/16", "cidr: 10.0.0.1/16")) ==
        "s.yaml:9:11: error: cidr '10.0.0.1/16' has host bits set; expected the network address, "
        "10.0.0.0/16\n"
        "      cidr: 10.0.0.1/16\n"
        "            ^\n");
}

TEST_CASE("A subnet outside the VPC, and one overlapping another, are located at its CIDR") {
  CHECK(diagnostics_of(minimal_with("10.0.16.0/20", "10.1.16.0/20")) ==
        "s.yaml:12:41: error: subnet 'b' (10.1.16.0/20) is outside the VPC; expected a block "
        "inside 10.0.0.0/16\n"
        "        - {name: b, az: us-east-1b, cidr: 10.1.16.0/20}\n"
        "                                          ^\n");
  CHECK(diagnostics_of(minimal_with("10.0.16.0/20", "10.0.8.0/21")) ==
        "s.yaml:12:41: error: subnet 'b' (10.0.8.0/21) overlaps subnet 'a' (10.0.0.0/20, line "
        "11); expected subnets with disjoint CIDR blocks\n"
        "        - {name: b, az: us-east-1b, cidr: 10.0.8.0/21}\n"
        "                                          ^\n");
}

TEST_CASE("A dangling reference lists the valid names and suggests the nearest") {
  CHECK(diagnostics_of(minimal_with("securityGroups: [nodes]", "securityGroups: [node]")) ==
        "s.yaml:24:24: error: unknown security group 'node' (did you mean 'nodes'?); expected "
        "one of: eks-cluster-sg-c, nodes\n"
        "        securityGroups: [node]\n"
        "                         ^\n");
}

TEST_CASE("A reference to a kind of thing the scenario declares none of says where to declare it") {
  CHECK(diagnostics_of(minimal_with("{name: a, az", "{name: a, networkAcl: strict, az")) ==
        "s.yaml:11:31: error: unknown network ACL 'strict'; expected a network ACL declared under "
        "cluster.vpc.networkAcls (none are)\n"
        "        - {name: a, networkAcl: strict, az: us-east-1a, cidr: 10.0.0.0/20}\n"
        "                                ^\n");
}

TEST_CASE("A duplicate name points at the second declaration") {
  // Renaming b also leaves the node group's reference to b dangling.
  CHECK(diagnostics_of(minimal_with("{name: b,", "{name: a,")) ==
        "s.yaml:12:9: error: duplicate subnet name 'a' (first at line 11); expected a subnet name "
        "used once\n"
        "        - {name: a, az: us-east-1b, cidr: 10.0.16.0/20}\n"
        "          ^\n"
        "s.yaml:23:20: error: unknown subnet 'b'; expected one of: a\n"
        "        subnets: [a, b]\n"
        "                     ^\n");
}

TEST_CASE("desiredCapacity outside minSize and maxSize is an error") {
  CHECK(diagnostics_of(minimal_with("desiredCapacity: 2", "desiredCapacity: 5")) ==
        "s.yaml:21:24: error: desiredCapacity 5 is more than maxSize 4; expected desiredCapacity "
        "from minSize to maxSize (0 to 4)\n"
        "        desiredCapacity: 5\n"
        "                         ^\n");
}

TEST_CASE("An instance type missing from the EC2 limits table suggests the nearest ones") {
  CHECK(diagnostics_of(minimal_with("instanceType: m5.large", "instanceType: m5.larg")) ==
        "s.yaml:20:21: error: unknown instance type 'm5.larg' (did you mean 'm5.large'?); "
        "expected an instance type in the EC2 instance limits table, such as m5.large, c5.large, "
        "m1.large\n"
        "        instanceType: m5.larg\n"
        "                      ^\n");
}

TEST_CASE("An unknown enum value suggests the nearest allowed value") {
  CHECK(diagnostics_of(minimal_with("replicas: 2}", "replicas: 2, dnsPolicy: clusterFirst}")) ==
        "s.yaml:27:75: error: unknown dnsPolicy 'clusterFirst' (did you mean 'ClusterFirst'?); "
        "expected one of: ClusterFirst, ClusterFirstWithHostNet, Default\n"
        "    - {kind: Deployment, namespace: web, name: web, replicas: 2, dnsPolicy: "
        "clusterFirst}\n"
        "                                                                            ^\n");
}

TEST_CASE("apiVersion must be ekssim/v1 and kind Scenario") {
  CHECK(diagnostics_of(minimal_with("kind: Scenario", "kind: Scenarios")) ==
        "s.yaml:2:7: error: kind is 'Scenarios'; expected Scenario\n"
        "  kind: Scenarios\n"
        "        ^\n");
  CHECK(diagnostics_of(minimal_with("ekssim/v1", "ekssim/v2")) ==
        "s.yaml:1:13: error: unsupported apiVersion 'ekssim/v2'; expected ekssim/v1\n"
        "  apiVersion: ekssim/v2\n"
        "              ^\n");
}

TEST_CASE("An event after the end of the run is an error") {
  CHECK(diagnostics_of(minimal_with("at: 5m", "at: 11m")) ==
        "s.yaml:29:10: error: at 11m is after the end of the run (10m); expected a time within "
        "duration\n"
        "    - {at: 11m, scaleNodeGroup: {name: ng, desiredCapacity: 3}}\n"
        "           ^\n");
}

TEST_CASE("A file that cannot be read is one diagnostic without a position") {
  const LoadResult result = load_scenario_file("/nonexistent/s.yaml");
  CHECK_FALSE(result.ok());
  CHECK(format_diagnostics(result.diagnostics) ==
        "/nonexistent/s.yaml: error: cannot read: No such file or directory\n");
}

}  // namespace
}  // namespace ekssim::scenario

// Placed after the last TEST_CASE so the line numbers above stay put.
namespace ekssim::scenario::names_family {

using testing::diagnostics_of;
using testing::kMinimal;
using testing::minimal_with;

std::string with_traffic(std::string_view entry) {
  return minimal_with("replicas: 2}",
                      std::string("replicas: 2, traffic: [") + std::string(entry) + "]}");
}

TEST_CASE("names: N needs {n} in the name, and {n} needs names") {
  CHECK(diagnostics_of(with_traffic(R"({resolve: "shop.example.com", names: 5, every: 1s})")) ==
        "s.yaml:27:111: error: names is 5 but 'shop.example.com' has no {n}; expected a name "
        "with {n} where the number goes, such as \"shop-{n}.example.com\"\n"
        "    - {kind: Deployment, namespace: web, name: web, replicas: 2, traffic: [{resolve: "
        "\"shop.example.com\", names: 5, every: 1s}]}\n" +
            std::string(112, ' ') + "^\n");
  CHECK(diagnostics_of(with_traffic(R"({resolve: "shop-{n}.example.com", every: 1s})")) ==
        "s.yaml:27:84: error: 'shop-{n}.example.com' has {n} but no names; expected names: N "
        "beside it, the number of distinct names (1 to 1000000)\n"
        "    - {kind: Deployment, namespace: web, name: web, replicas: 2, traffic: [{resolve: "
        "\"shop-{n}.example.com\", every: 1s}]}\n" +
            std::string(85, ' ') + "^\n");
  const std::string zero =
      diagnostics_of(with_traffic(R"({resolve: "shop-{n}.example.com", names: 0, every: 1s})"));
  CHECK(zero.find("names 0 is out of range; expected an integer from 1 to 1000000") !=
        std::string::npos);
  CHECK(zero.find("has {n} but no names") == std::string::npos);  // one mistake, one error
  CHECK(diagnostics_of(
            with_traffic(R"({connect: "shop-{n}.example.com:443", names: 9, every: 1s})")) == "");
}

TEST_CASE("A '*' in an external host's name is only a wildcard's first label") {
  const std::string base = std::string(kMinimal) + "externalHosts:\n";
  CHECK(diagnostics_of(base + "  - {name: \"*.us-prod.zone\", ip: 203.0.113.20, ttl: 5s}\n") == "");
  CHECK(diagnostics_of(base + "  - {name: \"shop.*.zone\", ip: 203.0.113.20}\n") ==
        "s.yaml:33:12: error: name is 'shop.*.zone'; expected a DNS name, or *.ZONE for a "
        "wildcard record\n"
        "    - {name: \"shop.*.zone\", ip: 203.0.113.20}\n"
        "             ^\n");
}

TEST_CASE("conntrackDnsRace is a probability") {
  CHECK(diagnostics_of(minimal_with("      maxSize: 4\n",
                                    "      maxSize: 4\n      conntrackDnsRace: 0.02\n")) == "");
  CHECK(diagnostics_of(
            minimal_with("      maxSize: 4\n", "      maxSize: 4\n      conntrackDnsRace: 2\n"))
            .find("error: conntrackDnsRace 2 is out of range; expected a probability from 0 to 1, "
                  "such as 0.02") != std::string::npos);
  CHECK(diagnostics_of(
            minimal_with("      maxSize: 4\n", "      maxSize: 4\n      conntrackDnsRace: often\n"))
            .find("error: conntrackDnsRace is 'often'") != std::string::npos);
}

}  // namespace ekssim::scenario::names_family
