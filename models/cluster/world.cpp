#include "models/cluster/world.h"

#include <fmt/format.h>

#include <algorithm>

#include "models/aws/max_pods.h"
#include "models/cluster/node_resources.h"
#include "models/cluster/spec_conversions.h"

namespace ekssim::cluster {

namespace {

int kubernetes_minor(const std::string& version) {
  const size_t dot = version.find('.');
  return dot == std::string::npos ? 0 : std::atoi(version.c_str() + dot + 1);
}

aws::Ec2ApiConfig ec2_config(const spec::Ec2Api& spec) {
  aws::Ec2ApiConfig config;
  if (spec.latency) config.latency_median = *spec.latency;
  if (spec.describe.rate > 0) config.non_mutating = {spec.describe.burst, spec.describe.rate};
  if (spec.mutate.rate > 0) config.mutating = {spec.mutate.burst, spec.mutate.rate};
  return config;
}

}  // namespace

World::World(const spec::Scenario& scenario, uint64_t seed)
    : scenario_(scenario),
      seed_(seed),
      vpc_(scenario.cluster.name + "-vpc", scenario.cluster.vpc.cidr),
      ec2_(seed),
      ec2_api_(kernel_, trace_, seed, scenario.cluster.region,
               ec2_config(scenario.cluster.ec2_api)),
      scheduler_(kernel_, api_, seed, k8s::Scheduler::Config{}),
      deployments_(kernel_, api_, seed),
      daemon_sets_(kernel_, api_, seed) {
  names_ = build_vpc(scenario_.cluster, vpc_);
  cni_env_.insert(scenario_.cluster.addons.vpc_cni.env.begin(),
                  scenario_.cluster.addons.vpc_cni.env.end());
  build_iam();
  build_aws_side();
  build_branch_enis();
  const auto& irsa = scenario_.cluster.addons.vpc_cni.service_account_role;
  services_ = std::make_unique<NodeServices>(NodeServices{
      kernel_, trace_, seed_, scenario_.cluster.region, kubernetes_minor(scenario_.cluster.version),
      ec2_, ec2_api_, vpc_, *addresses_, *endpoints_, api_, &cni_env_,
      irsa ? role(irsa->name) : nullptr, branch_enis_.get()});
  build_node_groups();
  build_workloads();
  build_dataplane();
}

World::~World() = default;

aws::IamRole* World::role(const std::string& name) {
  for (auto& r : roles_) {
    if (r->name() == name) return r.get();
  }
  return nullptr;
}

NodeGroup* World::node_group(const std::string& name) {
  for (auto& g : node_groups_) {
    if (g->config().name == name) return g.get();
  }
  return nullptr;
}

aws::SubnetIndex World::subnet_index(const std::string& name) const {
  for (aws::SubnetIndex i = 0; i < ec2_.subnets().size(); ++i) {
    if (ec2_.subnet(i).name == name) return i;
  }
  // The loader checks every subnet reference: an unknown one here is a bug.
  kernel_.fail("world", "subnet '" + name + "' is referenced but does not exist");
}

namespace {
// The controller's caller: EKS's control plane, whose path to the EC2 endpoint is never blocked.
aws::Ec2Caller resource_controller_caller(const aws::IamRole* role) {
  aws::Ec2Caller caller;
  caller.name = "vpc-resource-controller";
  caller.role = role;
  caller.instance_id = "eks-vpc-resource-controller";
  caller.path_blocked = [] { return std::optional<std::string>(); };
  return caller;
}
}  // namespace

// The controller runs in EKS's control plane with the cluster role, which carries the
// AmazonEKSVPCResourceController policy the user guide asks for (an assumption: ekssim's
// scenarios do not declare the cluster role).
void World::build_branch_enis() {
  sg_policies_ =
      std::make_unique<SecurityGroupPolicies>(scenario_.workloads, scenario_.service_accounts);
  pod_eni_webhook_ = std::make_unique<PodEniWebhook>(api_.strings(), *sg_policies_);
  api_.add_pod_admission(pod_eni_webhook_.get());
  controller_role_ = std::make_unique<aws::IamRole>(
      "eks-cluster-role", std::vector<std::string>{"AmazonEKSVPCResourceController"});
  controller_ec2_ = std::make_unique<aws::SdkEc2>(
      kernel_, ec2_, ec2_api_, resource_controller_caller(controller_role_.get()), seed_);
  branch_ec2_ = std::make_unique<BranchEniEc2>(kernel_, *controller_ec2_);
  branch_enis_ = std::make_unique<BranchEniController>(
      BranchEniContext{kernel_, trace_, api_, ec2_, cni_env_, *sg_policies_,
                       [this](k8s::NodeId node) { return node_agent(node); }},
      *branch_ec2_);
}

void World::build_iam() {
  for (const spec::IamRole& r : scenario_.cluster.iam_roles) {
    std::vector<std::string> policies;
    for (const spec::Ref& p : r.policies)
      policies.push_back(p.name);
    roles_.push_back(std::make_unique<aws::IamRole>(r.name, std::move(policies)));
  }
}

void World::build_aws_side() {
  const spec::Cluster& c = scenario_.cluster;
  for (const spec::Subnet& s : c.vpc.subnets) {
    const aws::SubnetIndex index = ec2_.add_subnet(s.name, s.az, s.cidr);
    ec2_.set_map_public_ip_on_launch(index, s.map_public_ip_on_launch);
    ec2_.set_tags(index, {s.tags.begin(), s.tags.end()});
  }
  addresses_ = std::make_unique<AddressSync>(ec2_, vpc_, names_, trace_);
  ec2_.set_observer(addresses_.get());
  endpoints_ =
      std::make_unique<AwsEndpoints>(c.name, c.region, c.endpoints.public_access,
                                     c.endpoints.private_access, c.endpoints.public_access_cidrs);
  // Interface endpoints: one ENI per subnet, carrying the endpoint's own security groups.
  for (const spec::VpcEndpoint& e : c.vpc.endpoints) {
    if (e.type != spec::VpcEndpoint::Type::kInterface) continue;
    std::vector<std::string> groups;
    for (const spec::Ref& g : e.security_groups)
      groups.push_back(g.name);
    for (const spec::Ref& s : e.subnets) {
      const aws::SubnetIndex subnet = subnet_index(s.name);
      const auto created = ec2_.create_service_interface(
          subnet, groups, aws::EniKind::kInterfaceEndpoint, e.service, std::nullopt, kernel_.now());
      if (!created.error.ok()) {
        setup_failures_.push_back({e.service, s.name, created.error});
        continue;
      }
      endpoints_->add_interface_endpoint(e.service, ec2_.subnet(subnet).availability_zone,
                                         *addresses_->vpc_eni(created.eni),
                                         ec2_.eni(created.eni).primary_ip, e.private_dns);
    }
  }
  // Private API server access: EKS puts its ENIs in the cluster's subnets, with the cluster
  // security group. ekssim uses the node groups' subnets, one per availability zone, up to two.
  if (c.endpoints.private_access) {
    std::vector<std::string> zones;
    for (const spec::NodeGroup& g : c.node_groups) {
      for (const spec::Ref& s : g.subnets) {
        const aws::SubnetIndex subnet = subnet_index(s.name);
        const std::string& zone = ec2_.subnet(subnet).availability_zone;
        if (zones.size() >= 2 || std::find(zones.begin(), zones.end(), zone) != zones.end()) {
          continue;
        }
        zones.push_back(zone);
        const auto created = ec2_.create_service_interface(
            subnet, {names_.cluster_security_group_name}, aws::EniKind::kEksControlPlane, "eks",
            std::nullopt, kernel_.now());
        if (!created.error.ok()) {
          setup_failures_.push_back({"eks", s.name, created.error});
          continue;
        }
        endpoints_->add_control_plane_eni(*addresses_->vpc_eni(created.eni),
                                          ec2_.eni(created.eni).primary_ip);
      }
    }
  }
  for (const spec::VpcHost& h : c.vpc.hosts) {
    std::vector<std::string> groups;
    for (const spec::Ref& g : h.security_groups)
      groups.push_back(g.name);
    const auto created = ec2_.create_service_interface(
        subnet_index(h.subnet.name), groups, aws::EniKind::kInstance, h.name, h.ip, kernel_.now());
    if (!created.error.ok()) {
      setup_failures_.push_back({h.name, h.subnet.name, created.error});
    }
  }
  // Addresses held by what the scenario does not model, once the hosts have their fixed ones.
  for (aws::SubnetIndex i = 0; i < c.vpc.subnets.size(); ++i)
    ec2_.occupy_addresses(i, c.vpc.subnets[i].addresses_in_use);
}

void World::build_node_groups() {
  const spec::Cluster& c = scenario_.cluster;
  const bool custom_networking =
      cni::env_flag(cni_env_, "AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG", false);
  k8s::StringTable& strings = api_.strings();
  for (const spec::NodeGroup& g : c.node_groups) {
    NodeGroupConfig config;
    config.name = g.name;
    config.type = aws::find_instance_type(g.instance_type);
    for (const spec::Ref& s : g.subnets) {
      GroupSubnet subnet;
      subnet.name = s.name;
      subnet.subnet = subnet_index(s.name);
      subnet.availability_zone = ec2_.subnet(subnet.subnet).availability_zone;
      if (custom_networking) {
        for (const spec::EniConfig& e : c.addons.vpc_cni.eni_configs) {
          if (e.name != subnet.availability_zone) continue;
          cni::PodEniPlacement placement;
          placement.subnet = subnet_index(e.subnet.name);
          for (const spec::Ref& sg : e.security_groups)
            placement.security_groups.push_back(sg.name);
          subnet.eni_config = placement;
        }
      }
      config.subnets.push_back(std::move(subnet));
    }
    for (const spec::Ref& sg : g.security_groups)
      config.security_groups.push_back(sg.name);
    if (g.managed) config.security_groups.push_back(names_.cluster_security_group_name);
    config.role = role(g.iam_role.name);
    config.labels = k8s::Labels::intern(strings, g.labels);
    for (const spec::Taint& t : g.taints) {
      config.taints.push_back(k8s::Taint{strings.intern(t.key), strings.intern(t.value),
                                         to_k8s_taint_effect(t.effect)});
    }
    // The node bootstrap's default max pods, unless the scenario sets it (EKS AL2023 nodeadm:
    // the ENI formula whatever the CNI's mode, which is why custom networking and prefix
    // delegation users set maxPods themselves).
    config.max_pods = g.max_pods ? *g.max_pods : aws::max_pods(*config.type, {});
    const NodeResources resources = allocatable_for(g, *config.type, config.max_pods);
    config.cpu_millis = resources.cpu_millis;
    config.memory_bytes = resources.memory_bytes;
    config.custom_networking = custom_networking;
    config.conntrack_dns_race = g.conntrack_dns_race;
    for (const spec::PinnedNode& pin : g.nodes) {
      // The loader keeps every pinned address inside one of the group's subnets.
      for (size_t i = 0; i < config.subnets.size(); ++i) {
        if (ec2_.subnet(config.subnets[i].subnet).cidr.contains(pin.ip)) {
          config.pinned.push_back({pin.name, pin.ip, i});
          break;
        }
      }
    }
    node_groups_.push_back(std::make_unique<NodeGroup>(*services_, std::move(config)));
  }
}

const NodeAgent* World::find_node(std::string_view name) const {
  for (const auto& g : node_groups_) {
    if (const NodeAgent* n = g->find_live(name)) return n;
  }
  return nullptr;
}

std::string World::check_state_invariants() const {
  return ec2_.check_invariants();
}

}  // namespace ekssim::cluster
