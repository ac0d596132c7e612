// eksctl ClusterConfigs: eksctl's defaults where the file is silent, existing VPCs, private
// clusters and add-on configurationValues; placeholders and unmodelled features as located errors.

#include <catch2/catch.hpp>

#include "tests/import/import_support.h"
#include "tools/scenario/loader.h"

namespace ekssim::test {
namespace {

spec::Scenario eksctl(const std::string& file) {
  return load_from("  eksctl: eksctl/" + file + "\n", "");
}

const spec::NodeGroup& group(const spec::Scenario& s, const std::string& name) {
  for (const auto& g : s.cluster.node_groups)
    if (g.name == name) return g;
  throw std::runtime_error("no node group " + name);
}

std::vector<std::string> cidrs(const spec::Scenario& s) {
  std::vector<std::string> out;
  for (const auto& subnet : s.cluster.vpc.subnets)
    out.push_back(subnet.name + " " + subnet.cidr.to_string());
  return out;
}

std::vector<std::string> names(const std::vector<spec::Ref>& refs) {
  std::vector<std::string> out;
  for (const auto& r : refs)
    out.push_back(r.name);
  return out;
}

std::string without_source_dir(std::string text) {
  const std::string dir = std::string(EKSSIM_SOURCE_DIR) + "/";
  for (size_t at = text.find(dir); at != std::string::npos; at = text.find(dir, at))
    text.erase(at, dir.size());
  return text;
}

}  // namespace

TEST_CASE(
    "a silent eksctl file gets eksctl's VPC: 192.168.0.0/16, a public and a private /19 per zone") {
  const spec::Scenario s = eksctl("simple.yaml");
  CHECK(s.cluster.name == "basic-demo");
  CHECK(s.cluster.vpc.cidr.to_string() == "192.168.0.0/16");
  CHECK(cidrs(s) == std::vector<std::string>{
                        "public-us-west-2a 192.168.0.0/19", "public-us-west-2b 192.168.32.0/19",
                        "public-us-west-2c 192.168.64.0/19", "private-us-west-2a 192.168.96.0/19",
                        "private-us-west-2b 192.168.128.0/19",
                        "private-us-west-2c 192.168.160.0/19"});
  REQUIRE(s.cluster.vpc.nat_gateways.size() == 1);  // NAT Single, in the first zone
  CHECK(s.cluster.vpc.nat_gateways[0].subnet.name == "public-us-west-2a");
  CHECK(s.cluster.vpc.internet_gateway);
}

TEST_CASE("an eksctl node group gets eksctl's defaults, groups, role and labels") {
  const spec::Scenario s = eksctl("simple.yaml");
  const spec::NodeGroup& ng = group(s, "ng-1");
  CHECK_FALSE(ng.managed);
  CHECK(ng.instance_type == "m5.large");
  CHECK(ng.desired_capacity == 3);
  CHECK(ng.min_size == 3);
  CHECK(ng.max_size == 3);
  CHECK(names(ng.subnets) ==
        std::vector<std::string>{"public-us-west-2a", "public-us-west-2b", "public-us-west-2c"});
  CHECK(names(ng.security_groups) ==
        std::vector<std::string>{"ClusterSharedNodeSecurityGroup", "ng-1-sg"});
  CHECK(ng.labels.at("alpha.eksctl.io/nodegroup-name") == "ng-1");
  REQUIRE(s.cluster.iam_roles.size() == 1);
  CHECK(names(s.cluster.iam_roles[0].policies) ==
        std::vector<std::string>{"AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy",
                                 "AmazonEC2ContainerRegistryReadOnly",
                                 "AmazonSSMManagedInstanceCore"});
  // IngressNodeToDefaultClusterSG, as an event at 0s.
  REQUIRE(s.events.size() == 1);
  CHECK(s.events[0].at == sim::Duration::zero());
}

TEST_CASE("advanced node groups: private networking, one zone, map-form taints, max pods") {
  const spec::Scenario s = eksctl("advanced-nodegroups.yaml");
  CHECK(group(s, "web-public").desired_capacity == 2);  // minSize stands in
  CHECK(group(s, "web-public").max_size == 6);
  CHECK(names(group(s, "workers-private").subnets) ==
        std::vector<std::string>{"private-eu-central-1a", "private-eu-central-1b",
                                 "private-eu-central-1c"});
  CHECK(group(s, "workers-private").max_pods == 40);
  const spec::NodeGroup& batch = group(s, "batch-private-a");
  CHECK(names(batch.subnets) == std::vector<std::string>{"private-eu-central-1a"});
  REQUIRE(batch.taints.size() == 1);
  CHECK(batch.taints[0].key == "dedicated");
  CHECK(batch.taints[0].value == "batch");
  CHECK(batch.taints[0].effect == spec::TaintEffect::kNoSchedule);
  CHECK(s.cluster.version == "1.29");
  // nat.gateway HighlyAvailable: a NAT gateway and a private route table per zone.
  REQUIRE(s.cluster.vpc.nat_gateways.size() == 3);
  CHECK(s.cluster.vpc.nat_gateways[1].name == "nat-eu-central-1b");
  CHECK(s.cluster.vpc.nat_gateways[1].subnet.name == "public-eu-central-1b");
  CHECK(s.cluster.vpc.route_tables.size() == 4);
  CHECK(s.cluster.vpc.subnets[4].route_table->name == "private-eu-central-1b");
}

TEST_CASE("an existing VPC keeps its subnets and CIDRs — a managed group takes its first type") {
  const spec::Scenario s = eksctl("existing-vpc.yaml");
  CHECK(s.cluster.vpc.cidr.to_string() == "10.40.0.0/16");
  CHECK(cidrs(s) == std::vector<std::string>{"public-eu-north-1a 10.40.128.0/22",
                                             "private-eu-north-1a 10.40.0.0/19",
                                             "private-eu-north-1b 10.40.32.0/19"});
  const spec::NodeGroup& mng = group(s, "mng-apps");
  CHECK(mng.managed);
  CHECK(mng.instance_type == "m6i.large");
  CHECK(mng.desired_capacity == 4);
  CHECK(mng.min_size == 2);
  CHECK(mng.max_size == 10);
  CHECK(names(mng.security_groups) ==
        std::vector<std::string>{"ClusterSharedNodeSecurityGroup", "sg-0123456789abcdef0"});
  REQUIRE(mng.taints.size() == 1);
  CHECK(mng.taints[0].effect == spec::TaintEffect::kPreferNoSchedule);
  CHECK(s.cluster.endpoints.private_access);
}

TEST_CASE("a private cluster: endpoints instead of NAT, IRSA for aws-node, add-on values parsed") {
  const spec::Scenario s = eksctl("private-cluster-addons.yaml");
  CHECK(s.cluster.vpc.nat_gateways.empty());
  std::vector<std::string> services;
  for (const auto& e : s.cluster.vpc.endpoints)
    services.push_back(e.service);
  CHECK(services ==
        std::vector<std::string>{"ec2", "ecr.api", "ecr.dkr", "sts", "autoscaling", "logs", "s3"});
  CHECK_FALSE(s.cluster.endpoints.public_access);
  CHECK(s.cluster.endpoints.private_access);
  CHECK(s.cluster.service_ipv4_cidr.to_string() == "172.20.0.0/16");
  const auto& env = s.cluster.addons.vpc_cni.env;
  CHECK(env.at("ENABLE_PREFIX_DELEGATION") == "true");
  CHECK(env.at("WARM_PREFIX_TARGET") == "1");
  CHECK(env.count("AWS_VPC_K8S_CNI_LOG_FILE") == 0);
  CHECK(s.cluster.addons.coredns.replicas == 3);
  REQUIRE(s.cluster.addons.vpc_cni.service_account_role.has_value());
  CHECK(s.cluster.addons.vpc_cni.service_account_role->name == "aws-node-irsa");
  // withOIDC: the node role goes without the CNI policy.
  for (const auto& role : s.cluster.iam_roles)
    if (role.name == "system-role")
      CHECK(names(role.policies) == std::vector<std::string>{"AmazonEKSWorkerNodePolicy",
                                                             "AmazonEC2ContainerRegistryReadOnly",
                                                             "AmazonSSMManagedInstanceCore"});
  CHECK(names(group(s, "system").subnets) ==
        std::vector<std::string>{"private-us-east-2a", "private-us-east-2b"});
}

TEST_CASE("placeholders left in an eksctl file are located errors naming them") {
  CHECK(without_source_dir(errors_from("  eksctl: bad/eksctl-placeholders.yaml\n", "")) ==
        "tests/import/fixtures/bad/eksctl-placeholders.yaml:5:11: error: placeholder "
        "'${AWS_REGION}' left in the file; expected the value it stands for (fill the template "
        "in first, e.g. with envsubst)\n"
        "    region: ${AWS_REGION}\n"
        "            ^\n"
        "tests/import/fixtures/bad/eksctl-placeholders.yaml:7:7: error: placeholder "
        "'<generated>' left in the file; expected the value it stands for (fill the template "
        "in first, e.g. with envsubst)\n"
        "    id: <generated>\n"
        "        ^\n"
        "tests/import/fixtures/bad/eksctl-placeholders.yaml:11:13: error: placeholder "
        "'$(SUBNET_AZ_1)' left in the file; expected the value it stands for (fill the template "
        "in first, e.g. with envsubst)\n"
        "          id: $(SUBNET_AZ_1)\n"
        "              ^\n");
}

TEST_CASE("IPv6 and remote networks change networking and are not modelled: located errors") {
  const std::string errors =
      without_source_dir(errors_from("  eksctl: bad/eksctl-ipv6.yaml\n", ""));
  CHECK(errors.find("tests/import/fixtures/bad/eksctl-ipv6.yaml:7:13: error: ipFamily IPv6 is not "
                    "modelled: ekssim simulates IPv4 clusters only; expected ipFamily: IPv4 (or "
                    "no ipFamily)\n") == 0);
  CHECK(errors.find("eksctl-ipv6.yaml:9:3: error: remoteNetworkConfig (hybrid nodes on remote "
                    "networks) is not modelled") != std::string::npos);
}

TEST_CASE("a cluster override naming nothing imported is a located error listing what was") {
  const std::string errors = without_source_dir(
      errors_from("  eksctl: eksctl/simple.yaml\n",
                  "cluster:\n  nodeGroups:\n    - {name: ng-2, desiredCapacity: 1}\n"));
  CHECK(errors ==
        "tests/import/fixtures/test.yaml:9:14: error: cluster.nodeGroups 'ng-2' names nothing "
        "imported (did you mean 'ng-1'?); expected one of: ng-1\n"
        "      - {name: ng-2, desiredCapacity: 1}\n"
        "               ^\n");
}

TEST_CASE("a cluster override merges by name onto the imported node group") {
  const spec::Scenario s = load_from("  eksctl: eksctl/simple.yaml\n",
                                     "cluster:\n  nodeGroups:\n    - {name: ng-1, maxSize: 9}\n");
  CHECK(group(s, "ng-1").max_size == 9);
  CHECK(group(s, "ng-1").desired_capacity == 3);  // kept from the import
}

}  // namespace ekssim::test
