#include "models/cluster/branch_eni_controller.h"

#include <fmt/format.h>

#include <algorithm>

#include "models/aws/pod_eni_limits.h"
#include "models/cluster/branch_eni_events.h"
#include "models/cluster/node_agent.h"

namespace ekssim::cluster {

namespace {
std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) {
    if (!text.empty()) text += ", ";
    text += item;
  }
  return text;
}
}  // namespace

BranchEniController::BranchEniController(BranchEniContext context, BranchEniEc2& ec2_calls)
    : ctx_(std::move(context)), ec2_calls_(ec2_calls) {
  ctx_.api.watch_nodes(this);
  ctx_.api.watch_pods(this);
}

BranchEniController::Trunk& BranchEniController::trunk(k8s::NodeId node) {
  Trunk& t = trunks_[node.index()];
  if (!t.retry) t.retry = std::make_unique<sim::Timer>(ctx_.kernel);
  return t;
}

const BranchEniController::Trunk* BranchEniController::find_trunk(k8s::NodeId node) const {
  const auto it = trunks_.find(node.index());
  return it == trunks_.end() ? nullptr : &it->second;
}

const BranchEni* BranchEniController::branch_of(k8s::PodId pod) const {
  const auto it = branches_.find(pod.index());
  return it == branches_.end() ? nullptr : &it->second;
}

std::vector<aws::EniIndex> BranchEniController::branches_on(k8s::NodeId node) const {
  std::vector<aws::EniIndex> enis;
  for (const auto& [pod, branch] : branches_) {
    if (branch_node_.at(pod) == node) enis.push_back(branch.eni);
  }
  if (const Trunk* t = find_trunk(node)) {
    enis.insert(enis.end(), t->cooling_enis.begin(), t->cooling_enis.end());
  }
  return enis;
}

uint32_t BranchEniController::groups_identity(k8s::PodId pod) const {
  const BranchEni* branch = branch_of(pod);
  if (branch == nullptr) return 0;
  const auto it = group_sets_.find(branch->security_groups);
  return it == group_sets_.end() ? 0 : it->second;
}

BranchEniController::Pending BranchEniController::pending(k8s::PodId id) const {
  const k8s::Pod& pod = ctx_.api.pod(id);
  if (const auto f = failures_.find(id.index()); f != failures_.end()) {
    return {fmt::format("the VPC resource controller could not make the pod's branch ENI: {}",
                        f->second),
            requeues_.count(id.index()) != 0 && requeues_.at(id.index()) >= kMaxRequeues
                ? "fix the EC2 error above; the controller gave up after 5 retries and tries "
                  "again when the pod is recreated"
                : "fix the EC2 error above; the controller retries the job"};
  }
  const Trunk* t = pod.node.valid() ? find_trunk(pod.node) : nullptr;
  if (t != nullptr && t->state == TrunkState::kReady) {
    return {"the VPC resource controller has not yet annotated the pod with its branch ENI "
            "(CreateNetworkInterface, AssociateTrunkInterface)",
            "none needed: the CNI retries the sandbox; churn of Security Groups for Pods pods "
            "delays start-up by the controller's rate limits"};
  }
  return {"the pod requests vpc.amazonaws.com/pod-eni but its node has no trunk ENI",
          "set ENABLE_POD_ENI=true on aws-node and run the pod on a trunk-compatible type"};
}

void BranchEniController::env_changed() {
  for (size_t i = 0; i < ctx_.api.node_slots(); ++i)
    consider_node(ctx_.api.node(k8s::NodeId(static_cast<uint32_t>(i))));
}

void BranchEniController::node_added(const k8s::Node& node) {
  consider_node(node);
}

void BranchEniController::node_changed(const k8s::Node& node) {
  consider_node(node);
}

// tryEnableSecurityGroupsForPods runs in ipamd's nodeInit and pool ticks: here once ipamd is up
// (the node Ready), then every 5 s while no ENI slot is free.
void BranchEniController::consider_node(const k8s::Node& node) {
  if (node.removed || node.ready != k8s::NodeReadiness::kTrue || !pod_eni_enabled()) return;
  Trunk& t = trunk(node.id);
  if (t.state != TrunkState::kNone) return;
  const NodeAgent* agent = ctx_.agent_of(node.id);
  if (agent == nullptr) return;
  const aws::InstanceType& type = *ctx_.ec2.instance(agent->instance()).type;
  if (!aws::trunk_supported(type)) {
    t.state = TrunkState::kUnsupported;
    t.last_error = fmt::format(
        "The instance type {} is not supported for trunk interface (Security Group for Pods)",
        type.name);
    ctx_.trace.emit(TrunkEniFailed{node.spec.name, t.last_error});
    return;
  }
  init_trunk(node.id);
}

void BranchEniController::init_trunk(k8s::NodeId node) {
  Trunk& t = trunk(node);
  const NodeAgent* agent = ctx_.agent_of(node);
  if (agent == nullptr || agent->terminated()) return;
  const cni::Ipamd& ipamd = agent->ipamd();
  const aws::Instance& instance = ctx_.ec2.instance(agent->instance());
  if (ipamd.datastore().eni_count() >= ipamd.config().max_eni) {
    // ipamd.go: "No slot available for a trunk ENI to be attached."
    t.state = TrunkState::kWaitingForRoom;
    t.retry->schedule_in(kRoomRetry, [this, node] { init_trunk(node); });
    return;
  }
  t.state = TrunkState::kCreating;
  // GetHighestUnusedDeviceIndex: the highest index below the type's ENI limit not in use.
  int device_index = instance.type->max_enis - 1;
  const auto used = [&](int index) {
    return std::any_of(instance.enis.begin(), instance.enis.end(),
                       [&](aws::EniIndex e) { return ctx_.ec2.eni(e).device_index == index; });
  };
  while (device_index > 0 && used(device_index))
    --device_index;
  const std::vector<std::string> groups = ctx_.ec2.eni(instance.enis.front()).security_groups;
  ec2_calls_.create_trunk(
      agent->instance(), agent->subnet().subnet, groups, device_index,
      [this, node, device_index](const aws::Ec2Error& error, aws::Ec2Action action,
                                 aws::EniIndex eni) {
        Trunk& t = trunk(node);
        if (ctx_.api.node(node).removed) return;
        if (!error.ok()) {
          t.state = TrunkState::kFailed;
          // provider.go InitResource: "Failed to create trunk interface: Error Code: …", with the
          // resolution for the usual UnauthorizedOperation.
          t.last_error = fmt::format("Failed to create trunk interface: Error Code: {} ({}){}",
                                     error.code, aws::action_name(action),
                                     error.code == "UnauthorizedOperation"
                                         ? ": Please verify the cluster IAM role has "
                                           "AmazonEKSVPCResourceController policy"
                                         : "");
          ctx_.trace.emit(TrunkEniFailed{ctx_.api.node(node).spec.name, t.last_error});
          t.retry->schedule_in(kTrunkRetry, [this, node] { init_trunk(node); });
          return;
        }
        (void)device_index;
        trunk_ready(node, eni);
      });
}

void BranchEniController::trunk_ready(k8s::NodeId node, aws::EniIndex eni) {
  Trunk& t = trunk(node);
  const NodeAgent* agent = ctx_.agent_of(node);
  t.state = TrunkState::kReady;
  t.eni = eni;
  t.capacity = aws::branch_eni_capacity(*ctx_.ec2.instance(agent->instance()).type);
  ctx_.trace.emit(TrunkEniAttached{ctx_.api.node(node).spec.name, ctx_.ec2.eni(eni).id,
                                   ctx_.ec2.eni(eni).device_index, t.capacity});
  if (t.capacity > 0) ctx_.api.set_node_pod_eni(node, t.capacity);
  // Pods bound before the trunk existed (a pod-eni request cannot be scheduled without capacity,
  // so only after a restart of the controller's view): their jobs run now.
  for (k8s::PodId pod : ctx_.api.pods_on(node)) {
    if (ctx_.api.spec_of(ctx_.api.pod(pod)).pod_eni > 0 && !branch_of(pod)) create_branch(pod);
  }
}

std::vector<std::string> BranchEniController::groups_of(const k8s::Pod& pod,
                                                        const NodeAgent& node) const {
  const k8s::PodTemplate& spec = ctx_.api.spec_of(pod);
  std::map<std::string, std::string> labels;
  for (const k8s::Label& l : spec.labels.items())
    labels[std::string(ctx_.api.strings().view(l.key))] = ctx_.api.strings().view(l.value);
  std::vector<std::string> groups = ctx_.policies.groups_for(
      ctx_.api.strings().view(spec.ns), labels, ctx_.api.strings().view(spec.service_account));
  // trunk.go CreateAndAssociateBranchENIs: no matching policy gives the instance's groups.
  if (groups.empty()) {
    const aws::Instance& instance = ctx_.ec2.instance(node.instance());
    groups = ctx_.ec2.eni(instance.enis.front()).security_groups;
  }
  return groups;
}

void BranchEniController::pod_changed(const k8s::Pod& pod, k8s::PodChange change) {
  if (change != k8s::PodChange::kBound || ctx_.api.spec_of(pod).pod_eni == 0) return;
  if (!pod_eni_enabled()) return;
  create_branch(pod.id);
}

void BranchEniController::create_branch(k8s::PodId id) {
  const k8s::Pod& pod = ctx_.api.pod(id);
  if (pod.removed || !pod.node.valid() || branch_of(id) != nullptr) return;
  Trunk& t = trunk(pod.node);
  if (t.state != TrunkState::kReady) return;  // trunk_ready runs the job
  if (std::find(t.in_use.begin(), t.in_use.end(), id) != t.in_use.end()) return;
  const NodeAgent* agent = ctx_.agent_of(pod.node);
  if (agent == nullptr) return;
  if (static_cast<int>(t.in_use.size()) + t.cooling >= t.capacity) {
    // ErrCurrentlyAtMaxCapacity: requeued after the cooldown period.
    ctx_.kernel.schedule_in(kCooldown, [this, id] { create_branch(id); });
    return;
  }
  int vlan = 1;
  while (vlan < kMaxVlans && t.vlans[vlan])
    ++vlan;
  if (vlan == kMaxVlans) return;
  t.vlans[vlan] = true;
  t.in_use.push_back(id);
  std::vector<std::string> groups = groups_of(pod, *agent);
  const k8s::NodeId node = pod.node;
  ec2_calls_.create_branch(
      agent->subnet().subnet, groups, t.eni, vlan,
      [this, id, node, vlan, groups](const aws::Ec2Error& error, aws::Ec2Action action,
                                     aws::EniIndex eni) {
        branch_made(id, node, vlan, groups, error, action, eni);
      });
}

void BranchEniController::branch_made(k8s::PodId id, k8s::NodeId node, int vlan,
                                      std::vector<std::string> groups, const aws::Ec2Error& error,
                                      aws::Ec2Action action, aws::EniIndex eni) {
  Trunk& t = trunk(node);
  const k8s::Pod& pod = ctx_.api.pod(id);
  const std::string ns(ctx_.api.namespace_of(pod));
  if (!error.ok()) {
    t.vlans[vlan] = false;
    std::erase(t.in_use, id);
    const std::string message =
        fmt::format("failed to allocate branch ENI to pod: {}: {}", aws::action_name(action),
                    error.to_string());
    failures_[id.index()] = message;
    ctx_.trace.emit(BranchEniFailed{ns, pod.name, ctx_.api.node(node).spec.name, message});
    // A branch created but not associated is deleted (PushENIsToFrontOfDeleteQueue).
    if (action == aws::Ec2Action::kAssociateTrunkInterface) {
      ec2_calls_.delete_branch(eni, [](const aws::Ec2Error&) {});
    }
    // worker.go processNextItem: requeued with the item's exponential back-off, at most 5 times.
    int& requeues = requeues_[id.index()];
    if (requeues < kMaxRequeues && !pod.removed) {
      const sim::Duration delay = kRequeueBaseDelay * (int64_t{1} << requeues);
      ++requeues;
      ctx_.kernel.schedule_in(delay, [this, id] { create_branch(id); });
    }
    return;
  }
  BranchEni branch;
  branch.eni = eni;
  branch.id = ctx_.ec2.eni(eni).id;
  branch.ip = ctx_.ec2.eni(eni).primary_ip;
  branch.vlan = vlan;
  branch.security_groups = std::move(groups);
  group_sets_.try_emplace(branch.security_groups,
                          static_cast<uint32_t>(group_sets_.size() + 1));
  if (pod.removed || ctx_.api.node(node).removed) {
    // The pod went while its branch was made: straight to the cooldown queue.
    ++t.cooling;
    std::erase(t.in_use, id);
    release(branch, node, kCooldown);
    return;
  }
  failures_.erase(id.index());
  requeues_.erase(id.index());
  ctx_.trace.emit(BranchEniAssociated{ns, pod.name, ctx_.api.node(node).spec.name, branch.id,
                                      branch.ip.to_string(), vlan,
                                      joined(branch.security_groups)});
  branch_node_[id.index()] = node;
  branches_[id.index()] = std::move(branch);
}

void BranchEniController::pod_removed(const k8s::Pod& pod) {
  const auto it = branches_.find(pod.id.index());
  if (it == branches_.end()) return;
  const k8s::NodeId node = branch_node_.at(pod.id.index());
  Trunk& t = trunk(node);
  std::erase(t.in_use, pod.id);
  ++t.cooling;
  // PushBranchENIsToCoolDownQueue, then DeleteCooledDownENIs.
  release(it->second, node, kCooldown);
  branch_node_.erase(pod.id.index());
  branches_.erase(it);
}

void BranchEniController::release(const BranchEni& branch, k8s::NodeId node, sim::Duration after) {
  const aws::EniIndex eni = branch.eni;
  const int vlan = branch.vlan;
  trunk(node).cooling_enis.push_back(eni);
  ctx_.kernel.schedule_in(after, [this, node, eni, vlan] {
    ec2_calls_.delete_branch(eni, [this, node, eni, vlan](const aws::Ec2Error&) {
      Trunk& t = trunk(node);
      t.vlans[vlan] = false;
      if (t.cooling > 0) --t.cooling;
      std::erase(t.cooling_enis, eni);
      ctx_.trace.emit(BranchEniDeleted{ctx_.api.node(node).spec.name, ctx_.ec2.eni(eni).id});
    });
  });
}

void BranchEniController::node_removed(const k8s::Node& node) {
  // The API server removed the node's pods first (pod_removed queued their branches); the
  // trunk went with the instance. DeInitResource deletes what is left after a minute.
  Trunk& t = trunk(node.id);
  t.retry->cancel();
  t.state = TrunkState::kNone;
}

}  // namespace ekssim::cluster
