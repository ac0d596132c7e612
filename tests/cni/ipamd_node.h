#pragma once
// One m5.large node with ipamd on a real kernel, EC2 state and API, for the tests of ipamd's
// settings and error branches: the node's subnet is chosen by the test, other subnets may be
// added before start(), whether the node is cordoned is a flag the test flips, and ipamd's EC2
// calls go through a FailingEc2 (tests/support/failing_ec2.h) that fails any of them on demand.

#include <memory>
#include <string>
#include <vector>

#include "models/aws/ec2_api.h"
#include "models/aws/ec2_state.h"
#include "models/aws/iam.h"
#include "models/aws/sdk_ec2.h"
#include "models/cni/ipamd.h"
#include "models/cni/ipamd_events.h"
#include "tests/support/failing_ec2.h"

namespace ekssim::test {

struct IpamdNode {
  explicit IpamdNode(cni::EnvConfig env = {}, const char* node_subnet_cidr = "10.0.0.0/24",
                     aws::Ec2ApiConfig api_config = {})
      : env_(std::move(env)), api_config_(api_config) {
    subnet = ec2.add_subnet("nodes-1a", "us-east-1a", *net::Cidr::parse(node_subnet_cidr));
    instance =
        ec2.run_instance(*aws::find_instance_type("m5.large"), subnet, {"nodes"}, sim::Time::zero())
            .instance;
    aws::Ec2Caller caller;
    caller.name = "node/n1/ipamd";
    caller.role = &role;
    caller.instance_id = ec2.instance(instance).id;
    sdk = std::make_unique<aws::SdkEc2>(kernel, ec2, api, caller, 1);
    faults = std::make_unique<FailingEc2>(kernel, *sdk);
    trace.subscribe<cni::IpamdInitFailed>([this](sim::Time, const cni::IpamdInitFailed& e) {
      init_failures.push_back(std::string(e.cause));
      init_logs.push_back(std::string(e.log));
    });
    trace.subscribe<cni::IpamdAssignFailed>([this](sim::Time, const cni::IpamdAssignFailed& e) {
      assign_failures.push_back(std::string(e.reason));
      assign_causes.push_back(std::string(e.cause));
    });
    trace.subscribe<cni::IpamdReady>([this](sim::Time at, const cni::IpamdReady& e) {
      ready_at.push_back({at, e.ips_total});
    });
    trace.subscribe<cni::IpamdPoolChanged>([this](sim::Time at, const cni::IpamdPoolChanged& e) {
      pool_changes.push_back({at, std::string(e.what), e.ips_total});
    });
  }

  // A subnet in the node's zone (or another), with tags; call before start(). Failures may be
  // set on `faults` at any time.
  aws::SubnetIndex add_subnet(const std::string& name, const char* cidr,
                              std::map<std::string, std::string, std::less<>> tags,
                              const std::string& zone = "us-east-1a") {
    const aws::SubnetIndex s = ec2.add_subnet(name, zone, *net::Cidr::parse(cidr));
    ec2.set_tags(s, std::move(tags));
    return s;
  }

  void start() {
    cni::IpamdContext context{kernel, trace, ec2, *faults, "n1", instance, max_pods, std::nullopt};
    context.node_unschedulable = [this] { return unschedulable; };
    context.role = &role;
    ipamd = std::make_unique<cni::Ipamd>(std::move(context), env_, 1);
    ipamd->start();
  }

  void run_for(int seconds) { kernel.run_for(sim::Duration::seconds(seconds)); }
  cni::PoolStats stats() const { return ipamd->datastore().stats(kernel.now()); }
  int64_t calls(aws::Ec2Action action) const { return api.counters(action).calls; }
  k8s::NetworkAddResult add(const std::string& name) {
    k8s::NetworkAddResult out;
    ipamd->add(k8s::SandboxRef{k8s::PodId(), "default", name, "sandbox"},
               [&out](k8s::NetworkAddResult r) { out = std::move(r); });
    return out;
  }
  void del(const std::string& name) {
    ipamd->del(k8s::SandboxRef{k8s::PodId(), "default", name, "sandbox"});
  }
  // The subnet of the instance's ENI at `device`.
  std::string eni_subnet(size_t device) const {
    return ec2.subnet(ec2.eni(ec2.instance(instance).enis.at(device)).subnet).name;
  }
  size_t attached_enis() const { return ec2.instance(instance).enis.size(); }

  struct Ready {
    sim::Time at;
    int64_t ips = 0;  // in the pool when it turned ready
  };
  struct PoolChange {
    sim::Time at;
    std::string what;
    int64_t ips_total = 0;
  };

  cni::EnvConfig env_;
  sim::Kernel kernel;
  sim::Trace trace{kernel};
  aws::Ec2State ec2{1};
  aws::Ec2ApiConfig api_config_;
  aws::Ec2Api api{kernel, trace, 1, "us-east-1", api_config_};
  aws::IamRole role{"node-role", {"AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy"}};
  aws::SubnetIndex subnet = 0;
  aws::InstanceIndex instance = 0;
  bool unschedulable = false;
  int max_pods = 29;  // the node's status.capacity.pods; set before start()
  std::unique_ptr<aws::SdkEc2> sdk;
  std::unique_ptr<FailingEc2> faults;
  std::unique_ptr<cni::Ipamd> ipamd;
  std::vector<std::string> init_failures, init_logs, assign_failures, assign_causes;
  std::vector<PoolChange> pool_changes;
  std::vector<Ready> ready_at;
};

}  // namespace ekssim::test
