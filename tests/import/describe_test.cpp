// `aws ec2 describe-*` JSON: the VPC as described, with AWS ids as names; several VPCs need a
// VPC id; eksctl on top of describe output takes its subnets from it.

#include <catch2/catch.hpp>

#include "tests/import/import_support.h"

namespace ekssim::test {
namespace {

const char* kCluster = "cluster: {name: test}\n";

spec::Scenario described() {
  return load_from("  awsDescribe: [describe/]\n", kCluster);
}

std::string without_source_dir(std::string text) {
  const std::string dir = std::string(EKSSIM_SOURCE_DIR) + "/";
  for (size_t at = text.find(dir); at != std::string::npos; at = text.find(dir, at))
    text.erase(at, dir.size());
  return text;
}

const spec::RouteTable& table(const spec::Scenario& s, const std::string& name) {
  for (const auto& t : s.cluster.vpc.route_tables)
    if (t.name == name) return t;
  throw std::runtime_error("no route table " + name);
}

const spec::SecurityGroup& group(const spec::Scenario& s, const std::string& name) {
  for (const auto& g : s.cluster.security_groups)
    if (g.name == name) return g;
  throw std::runtime_error("no security group " + name);
}

}  // namespace

TEST_CASE("describe output gives the VPC, its CIDR blocks and its subnets by id") {
  const spec::Scenario s = described();
  CHECK(s.cluster.region == "eu-north-1");
  CHECK(s.cluster.vpc.cidr.to_string() == "10.40.0.0/16");
  REQUIRE(s.cluster.vpc.secondary_cidrs.size() == 1);
  CHECK(s.cluster.vpc.secondary_cidrs[0].to_string() == "100.64.0.0/16");
  REQUIRE(s.cluster.vpc.subnets.size() == 4);
  CHECK(s.cluster.vpc.subnets[0].name == "subnet-0a1a1a1a1a1a1a1a1");
  CHECK(s.cluster.vpc.subnets[0].cidr.to_string() == "10.40.0.0/19");
  CHECK(s.cluster.vpc.subnets[0].route_table->name == "rtb-0private000000003");
  CHECK(s.cluster.vpc.subnets[0].network_acl->name == "acl-0default00000001");
  CHECK(s.cluster.vpc.internet_gateway);
  // Addresses in use at t=0: usable less AvailableIpAddressCount (8187 - 8180), less what the
  // simulation recreates (subnet b's only holder is a VPC CNI ENI: none left).
  CHECK(s.cluster.vpc.subnets[0].addresses_in_use == 7);
  CHECK(s.cluster.vpc.subnets[1].addresses_in_use == 0);
  CHECK(s.cluster.vpc.subnets[2].addresses_in_use == 1);
  CHECK(s.cluster.vpc.subnets[3].addresses_in_use == 0);
  // MapPublicIpOnLaunch as described: true for the public subnet only.
  CHECK_FALSE(s.cluster.vpc.subnets[0].map_public_ip_on_launch);
  CHECK(s.cluster.vpc.subnets[2].map_public_ip_on_launch);
  // Of the subnets' tags only the VPC CNI's subnet discovery tag is imported.
  CHECK(s.cluster.vpc.subnets[0].tags.empty());
  CHECK(s.cluster.vpc.subnets[3].tags ==
        std::map<std::string, std::string>{{"kubernetes.io/role/cni", "1"}});
  REQUIRE(s.cluster.vpc.nat_gateways.size() == 1);
  CHECK(s.cluster.vpc.nat_gateways[0].subnet.name == "subnet-0c3c3c3c3c3c3c3c3");
  // Its Elastic IP, which the API server's publicAccessCidrs judge.
  REQUIRE(s.cluster.vpc.nat_gateways[0].public_ip);
  CHECK(s.cluster.vpc.nat_gateways[0].public_ip->to_string() == "198.51.100.20");
}

TEST_CASE(
    "describe routes: nat, igw, tgw and blackhole kept — local and prefix-list routes implied") {
  const spec::Scenario s = described();
  const auto& routes = table(s, "rtb-0private000000003").routes;
  REQUIRE(routes.size() == 3);
  CHECK(routes[0].target == spec::Route::Target::kNatGateway);
  CHECK(routes[0].target_name.name == "nat-0123abcd4567ef890");
  CHECK(routes[1].target == spec::Route::Target::kTransitGateway);
  CHECK(routes[2].target == spec::Route::Target::kBlackhole);
  CHECK(table(s, "rtb-0public0000000002").routes.at(0).target ==
        spec::Route::Target::kInternetGateway);
  CHECK(table(s, "rtb-0main000000000001").routes.empty());
}

TEST_CASE("describe security groups: a rule per peer — outside groups and prefix lists left out") {
  const spec::Scenario s = described();
  const spec::SecurityGroup& nodes = group(s, "sg-0123456789abcdef0");
  CHECK(nodes.description == "payments-nodes");
  CHECK(nodes.ingress.size() == 3);  // itself, 443 from the VPC, icmp; not sg-0c0c…, not pl-…
  CHECK(nodes.egress.size() == 1);
  CHECK(group(s, "sg-0e0e0e0e0e0e0e0e0").ingress.size() == 2);  // two IpRanges
  CHECK(group(s, "sg-0e0e0e0e0e0e0e0e0").egress.empty());       // IpPermissionsEgress: []
}

TEST_CASE("describe network ACLs drop the * rule 32767, which is ekssim's implicit deny") {
  const spec::Scenario s = described();
  REQUIRE(s.cluster.vpc.network_acls.size() == 1);
  CHECK(s.cluster.vpc.network_acls[0].inbound.size() == 1);
  CHECK(s.cluster.vpc.network_acls[0].outbound.size() == 1);
  CHECK(s.cluster.vpc.network_acls[0].inbound[0].rule == 100);
}

TEST_CASE("describe endpoints: gateway and interface kept, unmodelled services noted") {
  const spec::Scenario s = described();
  REQUIRE(s.cluster.vpc.endpoints.size() == 2);
  CHECK(s.cluster.vpc.endpoints[0].service == "s3");
  CHECK(s.cluster.vpc.endpoints[0].type == spec::VpcEndpoint::Type::kGateway);
  CHECK(s.cluster.vpc.endpoints[1].service == "sts");
  CHECK(s.cluster.vpc.endpoints[1].subnets.size() == 2);
}

TEST_CASE("several VPCs without a VPC id is an error listing them") {
  CHECK(
      without_source_dir(errors_from("  awsDescribe: [bad/describe-two-vpcs.json]\n", kCluster)) ==
      "tests/import/fixtures/bad/describe-two-vpcs.json:11:9: error: the describe output holds "
      "2 VPCs: vpc-0default000000001, vpc-0second00000000002; expected vpcId in from: (or "
      "--vpc-id) naming the one to import\n"
      "          {\n"
      "          ^\n");
}

TEST_CASE("vpcId picks one of several VPCs — one not described is an error at vpcId") {
  const std::string both = "  awsDescribe: [bad/describe-two-vpcs.json, describe/]\n";
  const spec::Scenario s = load_from(both + "  vpcId: vpc-0f1e2d3c4b5a69788\n", kCluster);
  CHECK(s.cluster.vpc.cidr.to_string() == "10.40.0.0/16");
  CHECK(s.cluster.vpc.secondary_cidrs.size() == 1);
  CHECK(without_source_dir(errors_from(both + "  vpcId: vpc-0nothere\n", kCluster)) ==
        "tests/import/fixtures/test.yaml:7:10: error: VPC 'vpc-0nothere' is not in the describe "
        "output; expected one of: vpc-0default000000001, vpc-0second00000000002, "
        "vpc-0f1e2d3c4b5a69788\n"
        "    vpcId: vpc-0nothere\n"
        "           ^\n");
}

TEST_CASE("eksctl on describe output: its node groups use the subnets it names, by id") {
  const spec::Scenario s =
      load_from("  eksctl: eksctl/existing-vpc.yaml\n  awsDescribe: [describe/]\n", "");
  const spec::NodeGroup& mng = s.cluster.node_groups.at(0);
  std::vector<std::string> subnets;
  for (const auto& r : mng.subnets)
    subnets.push_back(r.name);
  CHECK(subnets ==
        std::vector<std::string>{"subnet-0a1a1a1a1a1a1a1a1", "subnet-0b2b2b2b2b2b2b2b2"});
  std::vector<std::string> groups;
  for (const auto& r : mng.security_groups)
    groups.push_back(r.name);
  CHECK(groups ==
        std::vector<std::string>{"ClusterSharedNodeSecurityGroup", "sg-0123456789abcdef0"});
  CHECK(s.cluster.vpc.subnets.size() == 4);  // the VPC as described
}

}  // namespace ekssim::test
