#pragma once
// The simulated cluster: every model built from the scenario and wired together, on one kernel.
// The composition root — the only place that knows every domain — and what the command, the
// report builder and the expectations read from.
//
// Members are declared in dependency order, so that destruction runs the other way: node agents
// (which own the network plugins and kubelets) go before the API server, EC2 and the kernel.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/aws/ec2_api.h"
#include "models/aws/ec2_state.h"
#include "models/aws/iam.h"
#include "models/aws/sdk_ec2.h"
#include "models/cluster/address_sync.h"
#include "models/cluster/aws_endpoints.h"
#include "models/cluster/branch_eni_controller.h"
#include "models/cluster/coredns_fleet.h"
#include "models/cluster/dns_exchanges.h"
#include "models/cluster/network_policies.h"
#include "models/cluster/node_directory.h"
#include "models/cluster/node_group.h"
#include "models/cluster/pod_eni_webhook.h"
#include "models/cluster/pod_network.h"
#include "models/cluster/service_registry.h"
#include "models/cluster/traffic_probe.h"
#include "models/cluster/vpc_builder.h"
#include "models/cluster/workload_traffic.h"
#include "models/cni/warm_pool.h"
#include "models/k8s/api_server.h"
#include "models/k8s/daemon_set_controller.h"
#include "models/k8s/deployment_controller.h"
#include "models/k8s/proxy/node_proxy_view.h"
#include "models/k8s/scheduler.h"
#include "models/spec/scenario.h"
#include "models/vpc/vpc.h"
#include "sim/kernel.h"
#include "sim/trace.h"

namespace ekssim::cluster {

class World {
 public:
  // `seed` overrides the scenario's when given (ekssim run --seed).
  World(const spec::Scenario& scenario, uint64_t seed);
  World(const World&) = delete;
  World& operator=(const World&) = delete;
  ~World();

  struct StartOptions {
    // The workloads' DNS lookups and connections. Nothing in the API server, the EC2 state or
    // the Service tables depends on them, so a caller that only reads those (`ekssim iptables`)
    // may leave them out: tests/cluster/node_rules_without_traffic_test.cpp checks the rules.
    bool traffic = true;
    // The trace's digest (sim::Trace::stop_digest), for a caller that does not print it.
    bool digest = true;
  };
  // Schedules the scenario's timeline and starts every controller. Call once, before running.
  void start(StartOptions options);
  void start() { start(StartOptions()); }
  // Traces every DNS lookup of these pods (WorkloadTraffic::trace_pods). Before start().
  void trace_pods(const std::vector<std::string>& names) { traffic_->trace_pods(names); }
  void run_until(sim::Time end) { kernel_.run_until(end); }

  sim::Kernel& kernel() { return kernel_; }
  sim::Time now() const { return kernel_.now(); }
  sim::Trace& trace() { return trace_; }
  uint64_t seed() const { return seed_; }
  const spec::Scenario& scenario() const { return scenario_; }
  const aws::Ec2State& ec2() const { return ec2_; }
  const aws::Ec2Api& ec2_api() const { return ec2_api_; }
  const vpc::Vpc& vpc() const { return vpc_; }
  const VpcNames& names() const { return names_; }
  // aws-node's environment as it is now.
  const cni::EnvConfig& cni_env() const { return cni_env_; }
  const k8s::ApiServer& api() const { return api_; }
  const std::vector<std::unique_ptr<NodeGroup>>& node_groups() const { return node_groups_; }
  // Finds a live node by name.
  const NodeAgent* find_node(std::string_view name) const;
  // The agent of a registered node; null for none or a node that is gone.
  const NodeAgent* node_agent(k8s::NodeId node) const;

  const ServiceRegistry& services() const { return *services_registry_; }
  const PodNetwork& network() const { return *network_; }
  const NetworkPolicies& network_policies() const { return *policies_; }
  // Security Groups for Pods: the VPC resource controller's trunks and branch ENIs.
  const BranchEniController& branch_enis() const { return *branch_enis_; }
  const SecurityGroupPolicies& security_group_policies() const { return *sg_policies_; }
  // The VPC resource controller's EC2 (caller vpc-resource-controller), and the seam tests use to
  // put a double in front of it (BranchEniEc2::use, tests/support/failing_ec2.h). Before start().
  aws::Ec2& resource_controller_ec2() { return *controller_ec2_; }
  void route_resource_controller_ec2(aws::Ec2& ec2) { branch_ec2_->use(ec2); }
  // What `node_name`'s kube-proxy works from now: the services as the API holds them (its rules
  // lag them by ServiceRegistry::sync_lag). None for a node that is not registered.
  std::optional<k8s::NodeProxyView> proxy_view(std::string_view node_name) const;
  const TrafficStats& traffic_stats() const { return traffic_->stats(); }
  const CoreDnsStats& coredns_stats() const { return coredns_->stats(); }
  size_t coredns_replicas() const { return coredns_->size(); }
  // The pods the scenario starts with once its node groups reach their desired sizes: the
  // Deployments' replicas (CoreDNS's included) and one pod of each DaemonSet per node. A size
  // hint for whoever keeps something per pod; scale events and autoscaling move the real count.
  size_t initial_pods() const { return initial_pods_; }
  const CoreDnsFleet& coredns() const { return *coredns_; }
  const dns::VpcResolver& vpc_resolver() const { return *vpc_resolver_; }
  // One pod's lookup or connection now, for the resolves and connects expectations.
  TrafficProbe& probe() { return *probe_; }

  // The state checks run at the end of every run (and by tests): every subnet's used + free =
  // usable, ENIs and addresses within the instance types' limits. Empty when they hold.
  std::string check_state_invariants() const;

 private:
  void build_iam();
  void build_aws_side();
  void build_node_groups();
  void build_workloads();
  void build_branch_enis();
  void build_dataplane();
  void build_network_policies();
  void schedule_events();
  // Dispatches one timeline event to the component that owns it.
  void apply(const spec::Event& event);
  template <class T>
  T& named(T* found, const spec::Event& event, std::string_view component, std::string_view name);
  vpc::SecurityGroupId security_group(const spec::Event& event, const std::string& name);
  template <class RuleEvent>
  void apply_rule(const spec::Event& event, const RuleEvent& e, bool add);
  void set_cni_env(const std::map<std::string, std::string>& env);
  aws::IamRole* role(const std::string& name);
  NodeGroup* node_group(const std::string& name);
  // The EC2 index of a subnet the scenario declares; an invariant failure for any other name.
  aws::SubnetIndex subnet_index(const std::string& name) const;

  // ENIs the setup could not create, traced as EndpointEniFailed by start() (once the report's
  // subscribers listen).
  struct SetupFailure {
    std::string owner;
    std::string subnet;
    aws::Ec2Error error;
  };
  std::vector<SetupFailure> setup_failures_;
  const spec::Scenario& scenario_;
  uint64_t seed_;
  sim::Kernel kernel_;
  sim::Trace trace_{kernel_};
  vpc::Vpc vpc_;
  VpcNames names_;
  aws::Ec2State ec2_;
  aws::Ec2Api ec2_api_;
  std::vector<std::unique_ptr<aws::IamRole>> roles_;
  std::unique_ptr<AddressSync> addresses_;
  std::unique_ptr<AwsEndpoints> endpoints_;
  cni::EnvConfig cni_env_;
  k8s::ApiServer api_{kernel_, trace_};
  k8s::Scheduler scheduler_;
  k8s::DeploymentController deployments_;
  k8s::DaemonSetController daemon_sets_;
  size_t initial_pods_ = 0;  // initial_pods()
  // The VPC resource controller (Security Groups for Pods); before the nodes, which use it.
  std::unique_ptr<SecurityGroupPolicies> sg_policies_;
  std::unique_ptr<PodEniWebhook> pod_eni_webhook_;  // admission of every pod, from the start
  std::unique_ptr<aws::IamRole> controller_role_;
  std::unique_ptr<aws::SdkEc2> controller_ec2_;
  std::unique_ptr<BranchEniEc2> branch_ec2_;
  std::unique_ptr<BranchEniController> branch_enis_;
  std::unique_ptr<NodeServices> services_;
  std::vector<std::unique_ptr<NodeGroup>> node_groups_;
  std::unique_ptr<NodeDirectory> node_directory_;
  // Services, kube-proxy, CoreDNS and the workloads' traffic.
  std::unique_ptr<ServiceRegistry> services_registry_;
  std::unique_ptr<PodNetwork> network_;
  std::unique_ptr<NetworkPolicies> policies_;
  dns::ExternalHosts external_hosts_;
  std::unique_ptr<dns::VpcResolver> vpc_resolver_;
  dns::NameTable dns_names_;
  std::unique_ptr<CoreDnsFleet> coredns_;
  std::unique_ptr<DnsExchanges> exchanges_;
  std::unique_ptr<TrafficContext> traffic_context_;
  std::unique_ptr<WorkloadTraffic> traffic_;
  std::unique_ptr<TrafficProbe> probe_;
};

}  // namespace ekssim::cluster
