#pragma once
// The VPC resource controller's Security Groups for Pods (aws/amazon-vpc-resource-controller-k8s,
// docs/sgp/workflow.md; pkg/provider/branch/provider.go and trunk/trunk.go), on the live cluster:
//  1. A node whose aws-node runs with ENABLE_POD_ENI asks for a trunk once ipamd is up and one of
//     the default card's ENI slots is free (amazon-vpc-cni-k8s pkg/ipamd/ipamd.go,
//     tryEnableSecurityGroupsForPods: datastore ENIs < maxENI; retried on each 5 s pool tick).
//  2. The controller supports only a type its table lists as trunk-compatible (IsInstanceSupported;
//     otherwise the node event "The instance type … is not supported for trunk interface"). It
//     creates and attaches the trunk at the highest unused device index (InitTrunk,
//     GetHighestUnusedDeviceIndex), then advertises vpc.amazonaws.com/pod-eni = the type's
//     BranchInterface (UpdateResourceCapacity). A failed trunk is retried after 30 s (an
//     assumption: controller-runtime's requeue backoff is not published).
//  3. A pod bound to such a node with a pod-eni request gets a branch ENI: CreateNetworkInterface in
//     the node's subnet with the groups of its SecurityGroupPolicies (the instance's groups when
//     none matches any more), AssociateTrunkInterface under the lowest free VLAN id (1–120,
//     assignVlanId over MaxAllocatableVlanIds 121), then the pod's annotation
//     vpc.amazonaws.com/pod-eni, which the CNI reads (CreateAndAnnotateResources). At capacity —
//     branches in use plus those cooling down — the job is requeued after the cooldown
//     (canCreateMore, ErrCurrentlyAtMaxCapacity). A pod whose node has no trunk yet is retried
//     when the trunk arrives.
//  4. A deleted pod's branch cools down for 60 s (branch-eni-cooldown, docs/sgp/
//     sgp_config_options.md), then DeleteNetworkInterface. A removed node's branches are deleted
//     after 1 min (DeInitResource, NodeDeleteRequeueRequestDelay); its trunk goes with the
//     instance (DeleteOnTermination).
// The EC2 calls, their latency and throttling, are BranchEniEc2's.
//  5. A branch job that fails (an EC2 error after the SDK's retries) is requeued as the
//     controller's worker does (pkg/worker/worker.go processNextItem): up to
//     WorkQueueDefaultMaxRetries (5) times, after client-go's DefaultControllerRateLimiter's
//     per-item back-off of 5 ms × 2^n; then it is dropped, and the pod keeps failing its sandbox
//     with the error until it is recreated.
// Simplifications: the 30 asynchronous workers (PodENIDefaultWorker) are not a limit here; the
// rate limiter's overall bucket (10/s, burst 100) is not modelled.

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/aws/ec2_state.h"
#include "models/cluster/branch_eni_ec2.h"
#include "models/cluster/security_group_policies.h"
#include "models/cni/env_config.h"
#include "models/k8s/api_server.h"
#include "models/net/ipv4.h"
#include "sim/kernel.h"
#include "sim/timer.h"
#include "sim/trace.h"

namespace ekssim::cluster {

class NodeAgent;

// A pod's branch ENI, as the annotation vpc.amazonaws.com/pod-eni describes it.
struct BranchEni {
  aws::EniIndex eni = 0;
  std::string id;
  net::Ipv4 ip;
  int vlan = 0;
  std::vector<std::string> security_groups;
};

struct BranchEniContext {
  sim::Kernel& kernel;
  sim::Trace& trace;
  k8s::ApiServer& api;
  aws::Ec2State& ec2;
  const cni::EnvConfig& cni_env;  // aws-node's environment as it is now
  const SecurityGroupPolicies& policies;
  std::function<const NodeAgent*(k8s::NodeId)> agent_of;
};

class BranchEniController final : public k8s::NodeWatcher, public k8s::PodWatcher {
 public:
  BranchEniController(BranchEniContext context, BranchEniEc2& ec2_calls);
  BranchEniController(const BranchEniController&) = delete;
  BranchEniController& operator=(const BranchEniController&) = delete;

  // The pod's annotated branch ENI, if the controller has made it.
  const BranchEni* branch_of(k8s::PodId pod) const;
  // Why a pod with a pod-eni request has no branch yet, and the fix, for the CNI's failure.
  struct Pending {
    std::string cause;
    std::string fix;
  };
  Pending pending(k8s::PodId pod) const;
  // The branch ENIs on `node`'s trunk: its pods', and those cooling down after their pod went.
  std::vector<aws::EniIndex> branches_on(k8s::NodeId node) const;
  // A small number per distinct set of groups (0 for a pod without a branch): pods with the same
  // number are judged alike by the security groups.
  uint32_t groups_identity(k8s::PodId pod) const;

  // aws-node's environment changed (setEnv): nodes ask for a trunk if ENABLE_POD_ENI is now on.
  void env_changed();

  void node_added(const k8s::Node& node) override;
  void node_changed(const k8s::Node& node) override;
  void node_removed(const k8s::Node& node) override;
  void pod_changed(const k8s::Pod& pod, k8s::PodChange change) override;
  void pod_removed(const k8s::Pod& pod) override;

  static constexpr sim::Duration kCooldown = sim::Duration::seconds(60);
  static constexpr sim::Duration kNodeDeleteDelay = sim::Duration::minutes(1);
  static constexpr sim::Duration kTrunkRetry = sim::Duration::seconds(30);
  static constexpr sim::Duration kRoomRetry = sim::Duration::seconds(5);
  static constexpr int kMaxVlans = 121;
  // pkg/config/loader.go WorkQueueDefaultMaxRetries; client-go workqueue's
  // DefaultControllerRateLimiter base delay.
  static constexpr int kMaxRequeues = 5;
  static constexpr sim::Duration kRequeueBaseDelay = sim::Duration::milliseconds(5);

 private:
  enum class TrunkState { kNone, kWaitingForRoom, kCreating, kReady, kUnsupported, kFailed };
  struct Trunk {
    TrunkState state = TrunkState::kNone;
    aws::EniIndex eni = 0;
    int capacity = 0;
    std::vector<bool> vlans = std::vector<bool>(kMaxVlans, false);  // index 0 never used
    std::vector<k8s::PodId> in_use;  // pods with a branch or one being made
    int cooling = 0;                 // branches of deleted pods not yet deleted
    std::vector<aws::EniIndex> cooling_enis;
    std::string last_error;
    std::unique_ptr<sim::Timer> retry;
  };

  bool pod_eni_enabled() const { return cni::env_flag(ctx_.cni_env, "ENABLE_POD_ENI", false); }
  void consider_node(const k8s::Node& node);
  void init_trunk(k8s::NodeId node);
  void trunk_ready(k8s::NodeId node, aws::EniIndex eni);
  void create_branch(k8s::PodId pod);
  void branch_made(k8s::PodId pod, k8s::NodeId node, int vlan, std::vector<std::string> groups,
                   const aws::Ec2Error& error, aws::Ec2Action action, aws::EniIndex eni);
  void release(const BranchEni& branch, k8s::NodeId node, sim::Duration after);
  Trunk& trunk(k8s::NodeId node);
  const Trunk* find_trunk(k8s::NodeId node) const;
  std::vector<std::string> groups_of(const k8s::Pod& pod, const NodeAgent& node) const;

  BranchEniContext ctx_;
  BranchEniEc2& ec2_calls_;
  std::map<uint32_t, Trunk> trunks_;                // by node index
  std::map<uint32_t, BranchEni> branches_;          // by pod index
  std::map<uint32_t, k8s::NodeId> branch_node_;     // by pod index
  std::map<uint32_t, std::string> failures_;        // by pod index: the last failure
  std::map<uint32_t, int> requeues_;                // by pod index: failed branch jobs requeued
  std::map<std::vector<std::string>, uint32_t> group_sets_;
};

}  // namespace ekssim::cluster
