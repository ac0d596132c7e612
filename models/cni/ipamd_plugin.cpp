// ipamd as the kubelet's network plugin: a pod's CNI ADD and DEL
// (cmd/routed-eni-cni-plugin/cni.go, pkg/ipamd/rpc_handler.go), and the root cause of an ADD
// that found no address.

#include <fmt/format.h>

#include "models/cni/ipamd.h"
#include "models/cni/ipamd_events.h"

namespace ekssim::cni {

namespace errors = aws::ec2_errors;

namespace {
// How long a throttled EC2 response remains the likely cause of a missing address.
constexpr sim::Duration kThrottleMemory = sim::Duration::seconds(30);

std::string pod_key(const k8s::SandboxRef& s) {
  std::string key(s.ns);
  key += '/';
  key += s.name;
  return key;
}
}  // namespace

void Ipamd::add(const k8s::SandboxRef& sandbox, AddCallback done) {
  if (state_ != State::kRunning) {
    // The plugin cannot reach ipamd's gRPC server.
    done(k8s::NetworkAddResult::failure(
        "add cmd: Error received from AddNetwork gRPC call: rpc error: code = Unavailable desc = "
        "connection error: desc = \"transport: Error while dialing: dial tcp 127.0.0.1:50051: "
        "connect: connection refused\""));
    return;
  }
  const sim::Time now = ctx_.kernel.now();
  if (const auto assigned = datastore_.assign(pod_key(sandbox), now)) {
    const std::string ip = assigned->ip.to_string();
    ctx_.trace.emit(PodIpAssigned{ctx_.node_name, sandbox.ns, sandbox.name, ip, assigned->eni,
                                  datastore_.stats(now).assigned});
    done(k8s::NetworkAddResult::success(assigned->ip, assigned->eni));
    return;
  }
  const Diagnosis why = diagnose();
  ctx_.trace.emit(
      IpamdAssignFailed{ctx_.node_name, sandbox.ns, sandbox.name, why.reason, why.cause, why.fix});
  done(k8s::NetworkAddResult::failure("add cmd: failed to assign an IP address to container"));
}

void Ipamd::del(const k8s::SandboxRef& sandbox) {
  if (const auto ip = datastore_.unassign(pod_key(sandbox), ctx_.kernel.now())) {
    ctx_.trace.emit(PodIpReleased{ctx_.node_name, ip->to_string(),
                                  datastore_.stats(ctx_.kernel.now()).assigned});
  }
}

Ipamd::Diagnosis Ipamd::diagnose() const {
  const PoolStats s = datastore_.stats(ctx_.kernel.now());
  if (auto why = diagnose_pool_held_back(s)) return *why;
  // While growth is frozen after an insufficient-address error, that error is the cause.
  const std::optional<aws::Ec2Error>& error =
      in_insufficient_cidr_cooldown() ? last_insufficient_error_ : last_growth_error_;
  if (error) return diagnose_ec2_error(*error);
  return diagnose_pool_limits(s);
}

std::optional<Ipamd::Diagnosis> Ipamd::diagnose_pool_held_back(const PoolStats& s) const {
  if (s.available() > 0 && s.cooldown == s.available()) {
    return Diagnosis{
        "CooldownStarvation",
        fmt::format("all {} unassigned addresses on {} are in the {} IP_COOLDOWN_PERIOD after "
                    "recent pod deletions (they still count as available, so ipamd adds none)",
                    s.available(), ctx_.node_name, sim::format_duration(config_.ip_cooldown)),
        "pods retry after the cool-down; with heavy churn set WARM_IP_TARGET so that "
        "cooling addresses are not counted as spare"};
  }
  if (settings_.disable_provisioning) {
    return Diagnosis{
        "ProvisioningDisabled",
        fmt::format("DISABLE_NETWORK_RESOURCE_PROVISIONING is set: ipamd makes no EC2 calls "
                    "and uses only the {} addresses already attached to {}",
                    s.total, ctx_.node_name),
        "unset DISABLE_NETWORK_RESOURCE_PROVISIONING, or attach ENIs and addresses to the "
        "instance by other means"};
  }
  if (!eni_attachment_allowed()) {
    return Diagnosis{
        "NodeUnschedulable",
        fmt::format("{} carries node.kubernetes.io/unschedulable:NoSchedule, so ipamd adds "
                    "no addresses there (isENIAttachmentAllowed)",
                    ctx_.node_name),
        "uncordon the node, or set AWS_MANAGE_ENIS_NON_SCHEDULABLE=true"};
  }
  return std::nullopt;
}

Ipamd::Diagnosis Ipamd::diagnose_ec2_error(const aws::Ec2Error& error) const {
  const aws::Instance& instance = ctx_.ec2.instance(ctx_.instance);
  const std::string& code = error.code;
  // The subnet pod addresses come from: the ENIConfig's under custom networking.
  const aws::Subnet& pod_subnet =
      ctx_.ec2.subnet(ctx_.custom_networking ? ctx_.custom_networking->subnet
                                             : ctx_.ec2.eni(instance.enis.front()).subnet);
  const std::string& subnet_name = pod_subnet.name;
  if (code == errors::kInsufficientFreeAddressesInSubnet) {
    const auto& space = *pod_subnet.addresses;
    return {"SubnetExhausted",
            fmt::format("subnet {} has no free addresses ({} used of {})", subnet_name,
                        space.used_addresses(), space.usable_addresses()),
            settings_.subnet_discovery && !ctx_.custom_networking
                ? fmt::format("add addresses for pods: tag another subnet in {} with "
                              "kubernetes.io/role/cni=1 (ENABLE_SUBNET_DISCOVERY puts new "
                              "ENIs there), or fewer warm addresses per node "
                              "(WARM_IP_TARGET/MINIMUM_IP_TARGET instead of WARM_ENI_TARGET)",
                              pod_subnet.availability_zone)
                : std::string("add addresses for pods: a larger or additional subnet (custom "
                              "networking with a secondary CIDR), or fewer warm addresses per "
                              "node (WARM_IP_TARGET/MINIMUM_IP_TARGET instead of "
                              "WARM_ENI_TARGET)")};
  }
  if (code == errors::kInsufficientCidrBlocks || code == errors::kInvalidParameterValue) {
    return {"NoFreePrefix",
            fmt::format("subnet {} has free addresses but no free aligned /28 for prefix "
                        "delegation ({})",
                        subnet_name, error.to_string()),
            "reserve /28 blocks with a subnet CIDR reservation (prefix type), or use a new "
            "subnet for prefix delegation"};
  }
  if (code == errors::kUnauthorizedOperation) {
    const std::string role = role_name();
    return {"Unauthorized",
            fmt::format("ipamd cannot call ec2:{}: UnauthorizedOperation ({} lacks "
                        "AmazonEKS_CNI_Policy)",
                        aws::action_name(last_growth_action_), role),
            fmt::format("attach AmazonEKS_CNI_Policy to {}", role)};
  }
  if (code == errors::kRequestLimitExceeded) {
    return {"Ec2Throttled",
            fmt::format("EC2 throttled ipamd: {} answered RequestLimitExceeded",
                        aws::action_name(last_growth_action_)),
            "spread the scale-out, or raise the account's EC2 API limits; WARM_IP_TARGET "
            "makes more calls than WARM_ENI_TARGET"};
  }
  if (code == errors::kAttachmentLimitExceeded) {
    return {
        "EniLimitReached",
        fmt::format("EC2 refused another ENI on {}: {}", instance.type->name, error.to_string()),
        "use a larger instance type or prefix delegation"};
  }
  return {"Ec2Error",
          fmt::format("ipamd's {} failed: {}", aws::action_name(last_growth_action_),
                      error.to_string()),
          ""};
}

Ipamd::Diagnosis Ipamd::diagnose_pool_limits(const PoolStats& s) const {
  const sim::Time now = ctx_.kernel.now();
  const aws::InstanceType& type = *ctx_.ec2.instance(ctx_.instance).type;
  // The trunk of ENABLE_POD_ENI takes a slot no ordinary pod's address can use (hasRoomForEni).
  const int trunk = config_.trunk_slot ? 1 : 0;
  const int pod_enis =
      (config_.custom_networking ? config_.max_eni - 1 : config_.max_eni) - trunk;
  const int capacity = pod_enis * config_.max_ips_per_eni();
  if (s.enis >= config_.max_eni - trunk && s.total >= capacity) {
    return {"EniLimitReached",
            fmt::format("ENI limit: {} holds {} ENIs × {} IPv4 → {} pods{}; all {} pod addresses "
                        "are in use",
                        type.name, pod_enis, type.ipv4_per_eni, capacity + 2,
                        trunk ? " (one more ENI slot is the trunk of ENABLE_POD_ENI)" : "",
                        s.assigned),
            fmt::format("the node's max pods ({}) exceeds what its ENIs hold; lower maxPods to "
                        "{}, use a larger type, or enable prefix delegation",
                        ctx_.max_pods, capacity + 2)};
  }
  if (s.total >= ctx_.max_pods) {
    return {"MaxPodsReached",
            fmt::format("ipamd stops growing at the node's max pods ({} addresses)", ctx_.max_pods),
            "the scheduler should not place more pods here; check maxPods"};
  }
  // Growth slowed by EC2 throttling: the SDK is retrying with back-off.
  if (const auto& throttle = ctx_.api.last_throttle();
      throttle && now - throttle->at < kThrottleMemory) {
    return {"Ec2Throttled",
            fmt::format("EC2 throttled ipamd: {} answered RequestLimitExceeded and is retried with "
                        "back-off",
                        aws::action_name(throttle->action)),
            "spread the scale-out, or raise the account's EC2 API limits; WARM_IP_TARGET "
            "makes more calls than WARM_ENI_TARGET"};
  }
  // The counts stay out of the cause so that one cause groups every such failure.
  return {"WarmPoolGrowing", "no free address yet: ipamd adds addresses every 5 s",
          "a larger warm pool (WARM_IP_TARGET or MINIMUM_IP_TARGET) shortens pod start-up in "
          "bursts"};
}

}  // namespace ekssim::cni
