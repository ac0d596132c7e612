#pragma once
// ipamd, the VPC CNI's IP address manager on one node (aws/amazon-vpc-cni-k8s, pkg/ipamd), and the
// aws-node container around it. It implements the kubelet's NetworkPlugin: a pod's CNI ADD takes
// an address from the datastore; it never triggers an allocation (ipamd.md §2.1).
//
// Lifecycle (cmd/aws-vpc-cni/main.go, cmd/aws-k8s-agent/main.go, ipamd.go `nodeInit`):
//  - start(): the aws-node container starts; ipamd runs nodeInit: DescribeNetworkInterfaces (an
//    IAM or network failure here is fatal: "ipamd init: failed to retrieve attached ENIs info"),
//    adopts the attached ENIs and their addresses, then, only if the pool is too low, one
//    increaseDatastorePool (`handlePreScaling`, `if decisions.IsLow`). With custom networking and
//    still no address after it, init fails ("Failed to attach any ENIs for custom networking").
//    Before all this, ipamd.New's isConfigValid refuses an invalid ENABLE_IPv4/ENABLE_IPv6
//    combination and ipamd exits. A fatal error exits the container; the kubelet
//    restarts it with CrashLoopBackOff (10 s doubling to 5 min). Until init succeeds the CNI
//    config is not installed and the node is NotReady ("cni plugin not initialized").
//  - the pool manager (`StartNodeIPPoolManager`): sleep 2.5 s, `updateIPPoolIfRequired`, sleep
//    2.5 s, reconcile; the loop waits for its EC2 calls, as upstream's synchronous loop does.
//    With DISABLE_NETWORK_RESOURCE_PROVISIONING there is no pre-scaling and no
//    updateIPPoolIfRequired: ipamd uses only what is already attached.
//  - updateIPPoolIfRequired: grow if too low, else shrink if too high and 30 s have passed since
//    the last decrease; then, independently, free at most one ENI. Growing and freeing ENIs both
//    stop while the node carries the node.kubernetes.io/unschedulable:NoSchedule taint, unless
//    AWS_MANAGE_ENIS_NON_SCHEDULABLE (isENIAttachmentAllowed, tryFreeENI).
//  - growth: addresses on an existing ENI first (AssignPrivateIpAddresses, then
//    DescribeNetworkInterfaces to learn them), else a new ENI (CreateNetworkInterface,
//    DescribeInstances for the device index, AttachNetworkInterface — deleting the ENI if either
//    fails —, ModifyNetworkInterfaceAttribute — freeing it if that fails —, then waiting for
//    IMDS to show it). EC2 calls go through aws::Ec2 (IpamdContext::api). An insufficient-
//    address error stops growth for 120 s. With ENABLE_SUBNET_DISCOVERY (the default) an ENI
//    whose subnet is out of addresses is skipped, and a new ENI goes to the subnet of the node's
//    zone with the most free addresses among its own and those tagged kubernetes.io/role/cni
//    (awsutils createENI; ipamd_subnets.cpp).
//  - freeing an ENI: DescribeNetworkInterfaces, DetachNetworkInterface, 2 s,
//  DeleteNetworkInterface.
// Simplifications (documented in scenarios/README.md): the IMDS/EC2 reconcile runs only as a
// pacing step (no out-of-band ENIs exist in ekssim); an ENI in a subnet tagged
// kubernetes.io/role/cni=0 is not excluded from pod addresses (setupENI's
// excludedENIBasedOnSubnetTags, and its DescribeSubnets call per ENI set up, are not modelled),
// nor are the cluster-name tags (CLUSTER_NAME is unset in the shipped manifest); IPv6 and
// multi-card instances are not modelled. With ENABLE_POD_ENI the trunk's slot is kept
// (WarmPoolConfig::trunk_slot) and an attached trunk is not adopted as a pod ENI; a branch-ENI
// pod's ADD never reaches ipamd (cluster/branch_eni_plugin.h).

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/aws/ec2.h"
#include "models/aws/ec2_state.h"
#include "models/aws/iam.h"
#include "models/cni/datastore.h"
#include "models/cni/env_config.h"
#include "models/cni/ipamd_settings.h"
#include "models/cni/warm_pool.h"
#include "models/k8s/network_plugin.h"
#include "sim/kernel.h"
#include "sim/random.h"
#include "sim/timer.h"
#include "sim/trace.h"

namespace ekssim::cni {

// Where a custom-networked node's pod ENIs go (an ENIConfig).
struct PodEniPlacement {
  aws::SubnetIndex subnet = 0;
  std::vector<std::string> security_groups;  // empty: the primary ENI's
};

struct IpamdContext {
  sim::Kernel& kernel;
  sim::Trace& trace;
  // What IMDS and the Describe* calls answer, read when their answer arrives.
  const aws::Ec2State& ec2;
  // Every EC2 call ipamd makes (aws::SdkEc2, or a test's double).
  aws::Ec2& api;
  std::string node_name;
  aws::InstanceIndex instance = 0;
  int max_pods = 0;                                  // the node's status.capacity.pods
  std::optional<PodEniPlacement> custom_networking;  // ENIConfig for the node's AZ
  // isNodeNonSchedulable: the Node object carries node.kubernetes.io/unschedulable:NoSchedule.
  // Empty: never.
  std::function<bool()> node_unschedulable{};
  // The role ipamd's calls are authorised by (IRSA's, or the node's), named in diagnoses.
  const aws::IamRole* role = nullptr;
};

class Ipamd final : public k8s::NetworkPlugin {
 public:
  Ipamd(IpamdContext context, const EnvConfig& env, uint64_t seed);

  void start();
  // restartDaemon, or a setEnv that rolls the DaemonSet: in-flight work is abandoned (EC2 still
  // completes it), cooldown is forgotten, assigned addresses are kept (ipamd's checkpoint).
  void restart(const EnvConfig& env);
  // The instance is gone.
  void stop();

  bool ready() const override { return state_ == State::kRunning; }
  std::string not_ready_message() const override;
  void add(const k8s::SandboxRef& sandbox, AddCallback done) override;
  void del(const k8s::SandboxRef& sandbox) override;

  const Datastore& datastore() const { return datastore_; }
  const WarmPoolConfig& config() const { return config_; }
  const IpamdSettings& settings() const { return settings_; }
  int restarts() const { return restarts_; }
  // The last init failure, for the node's report.
  const std::optional<std::string>& init_failure_cause() const { return init_failure_cause_; }
  const std::optional<std::string>& init_failure_fix() const { return init_failure_fix_; }

  // ipamd.go ipPoolMonitorInterval: the pool manager's period.
  static constexpr sim::Duration kPoolMonitorInterval = sim::Duration::seconds(5);
  // StartNodeIPPoolManager sleeps half the period on each side of the pool update.
  static constexpr sim::Duration kHalfTick = kPoolMonitorInterval / 2;
  static constexpr sim::Duration kDecreaseInterval = sim::Duration::seconds(30);
  static constexpr sim::Duration kInsufficientCidrCooldown = sim::Duration::seconds(120);
  static constexpr sim::Duration kEniDeleteDelay = sim::Duration::seconds(2);

 private:
  enum class State { kStopped, kStarting, kRunning, kCrashLoop };
  using Step = std::function<void()>;

  // Lifecycle.
  void node_init();
  void run_loop();
  void pool_tick();
  void init_failed(const std::string& log, const std::string& cause, const std::string& fix);
  void finish_init();
  void handle_pre_scaling(Step next);
  void schedule_tick(sim::Duration delay, Step step);

  // The pool manager.
  void update_pool(Step next);
  // The end of a tick: tryFreeENI on the tick's snapshot `stats`, then `next`.
  void free_extra_eni(const PoolStats& stats, Step next);
  void increase_pool(Step next);
  bool eni_attachment_allowed() const;
  void try_assign_cidrs(Step next, Step otherwise);
  void try_assign_to(std::vector<std::pair<std::string, int>> enis, size_t i, Step next,
                     Step otherwise);
  void add_addresses_from_ec2(const std::string& eni_id, Step next);
  void try_allocate_eni(Step next);
  // attachENI: DescribeInstances for the lowest free device index, AttachNetworkInterface; the
  // ENI is deleted if either fails (AllocENI).
  void attach_new_eni(aws::EniIndex eni, Step next);
  // ModifyNetworkInterfaceAttribute (DeleteOnTermination; on failure the ENI is freed), then
  // waitForENIAndIPsAttached.
  void set_up_new_eni(aws::EniIndex eni, Step next);
  // waitForENIAndIPsAttached (IMDS shows the ENI), then AddENI into the datastore.
  void wait_for_imds(aws::EniIndex eni, Step next);
  // One UnassignPrivateIpAddresses per ENI for the addresses decrease_pool took out of the store.
  void release_cidrs(const std::map<std::string, std::vector<net::Cidr>>& by_eni, Step next);
  // createENI's subnet choice, then CreateNetworkInterface in each candidate until one succeeds;
  // `done` gets the created ENI, or the last error and the action that failed.
  using CreatedEni = std::function<void(const aws::Ec2Error&, aws::Ec2Action, aws::EniIndex)>;
  void create_eni(int resources, CreatedEni done);
  void create_eni_in(std::vector<aws::SubnetIndex> candidates, size_t i, int resources,
                     std::vector<std::string> groups, aws::Ec2Error last, CreatedEni done);
  // getVpcSubnets + isSubnetValidForENICreation: the candidates, most free addresses first.
  std::vector<aws::SubnetIndex> discovered_subnets() const;
  void decrease_pool(Step next);
  void try_free_eni(Step next);
  // freeENI's EC2 calls for an ENI already out of the datastore (or never in it).
  void free_eni_in_ec2(aws::EniIndex eni, Step next);
  bool in_insufficient_cidr_cooldown() const;
  void note_growth_error(const aws::Ec2Error& error, aws::Ec2Action action);

  // `done` as an EC2 answer that is dropped if ipamd restarted or stopped since the call: EC2
  // still completes the request, but the process that made it is gone.
  template <typename Done>
  auto unless_restarted(Done done) {
    return [this, epoch = epoch_, done = std::move(done)](const auto&... answer) {
      if (epoch == epoch_) done(answer...);
    };
  }
  std::string role_name() const { return ctx_.role != nullptr ? ctx_.role->name() : "(none)"; }
  void adopt_attached_enis();
  std::optional<aws::EniIndex> eni_index(std::string_view id) const;
  void pool_changed(std::string_view what);

  // Why a pod got no address, in one line, with a stable code and the fix.
  struct Diagnosis {
    std::string reason, cause, fix;
  };
  Diagnosis diagnose() const;
  // What keeps the pool from growing at all: addresses cooling, provisioning off, a cordoned node.
  std::optional<Diagnosis> diagnose_pool_held_back(const PoolStats& s) const;
  // The EC2 error that stopped the last growth attempt, by its code.
  Diagnosis diagnose_ec2_error(const aws::Ec2Error& error) const;
  // No error: the ENI limit, max pods, throttling the SDK is retrying, or growth still under way.
  Diagnosis diagnose_pool_limits(const PoolStats& s) const;

  IpamdContext ctx_;
  WarmPoolConfig config_;
  IpamdSettings settings_;
  Datastore datastore_;
  sim::RandomStream rng_;
  sim::Timer loop_;
  sim::Timer restart_timer_;
  State state_ = State::kStopped;
  uint64_t epoch_ = 0;  // bumped on every (re)start and stop; stale callbacks compare it
  int restarts_ = 0;
  // lastDecreaseIPPool: none until the first decrease. A new process starts with Go's zero
  // time, so the first decrease after a (re)start never waits (shouldSkipDataStorePoolDecrease).
  std::optional<sim::Time> last_decrease_;
  sim::Time last_insufficient_cidr_ = sim::Time::zero();
  bool had_insufficient_cidr_ = false;
  std::optional<aws::Ec2Error> last_growth_error_;
  std::optional<aws::Ec2Error> last_insufficient_error_;  // what started the 120 s freeze
  aws::Ec2Action last_growth_action_ = aws::Ec2Action::kAssignPrivateIpAddresses;
  std::optional<std::string> init_failure_cause_;
  std::optional<std::string> init_failure_fix_;
  // The warm-pool rule behind the change in flight, for IpamdPoolChanged::why.
  std::string pool_reason_;
};

}  // namespace ekssim::cni
