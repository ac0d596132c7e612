#pragma once
// The simulated cluster: every model built from the scenario and wired together, on one kernel.
// The composition root — the only place that knows every domain — and what the command, the
// report builder and the expectations read from.
//
// Members are declared in dependency order, so that destruction runs the other way: node agents
// (which own the network plugins and kubelets) go before the API server, EC2 and the kernel.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/aws/ec2_api.h"
#include "models/aws/ec2_state.h"
#include "models/aws/iam.h"
#include "models/cluster/address_sync.h"
#include "models/cluster/aws_endpoints.h"
#include "models/cluster/node_group.h"
#include "models/cluster/vpc_builder.h"
#include "models/cni/warm_pool.h"
#include "models/k8s/api_server.h"
#include "models/k8s/daemon_set_controller.h"
#include "models/k8s/deployment_controller.h"
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

  // Schedules the scenario's timeline and starts every controller. Call once, before running.
  void start();
  void run_until(sim::Time end) { kernel_.run_until(end); }

  sim::Kernel& kernel() { return kernel_; }
  sim::Trace& trace() { return trace_; }
  uint64_t seed() const { return seed_; }
  const spec::Scenario& scenario() const { return scenario_; }
  const aws::Ec2State& ec2() const { return ec2_; }
  const aws::Ec2Api& ec2_api() const { return ec2_api_; }
  const vpc::Vpc& vpc() const { return vpc_; }
  const VpcNames& names() const { return names_; }
  const k8s::ApiServer& api() const { return api_; }
  const std::vector<std::unique_ptr<NodeGroup>>& node_groups() const { return node_groups_; }
  // Finds a live node by name.
  const NodeAgent* find_node(std::string_view name) const;

  // The state checks run at the end of every run (and by tests): every subnet's used + free =
  // usable, ENIs and addresses within the instance types' limits. Empty when they hold.
  std::string check_state_invariants() const;

 private:
  void build_iam();
  void build_aws_side();
  void build_node_groups();
  void build_workloads();
  void schedule_events();
  void apply(const spec::Event& event);
  aws::IamRole* role(const std::string& name);
  NodeGroup* node_group(const std::string& name);

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
  std::unique_ptr<NodeServices> services_;
  std::vector<std::unique_ptr<NodeGroup>> node_groups_;
};

}  // namespace ekssim::cluster
