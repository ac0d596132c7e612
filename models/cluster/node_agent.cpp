#include "models/cluster/node_agent.h"

#include <fmt/format.h>

#include "models/cluster/cluster_events.h"

namespace ekssim::cluster {

namespace {
constexpr sim::Duration kLaunchMedian = sim::Duration::seconds(20);
constexpr sim::Duration kBootMedian = sim::Duration::seconds(40);
constexpr sim::Duration kAwsNodeStartMedian = sim::Duration::seconds(8);
constexpr double kSigma = 0.3;
// How often a kubelet that cannot reach what it needs tries again (systemd restarts it; the
// HTTP timeouts dominate).
constexpr sim::Duration kKubeletRetry = sim::Duration::seconds(10);

}  // namespace

std::optional<std::string> public_endpoint_fix(const net::Verdict& verdict, net::Ipv4 target,
                                               std::string_view service) {
  const bool is_public =
      target == AwsEndpoints::kEc2PublicAddress || target == AwsEndpoints::kApiServerPublicAddress;
  if (!is_public || !verdict.fix || verdict.reason != net::Reason::kEniSgRulesMismatch ||
      verdict.disposition != net::Disposition::kDeniedOut) {
    return std::nullopt;
  }
  return fmt::format("add to {} an outbound rule: tcp 443 to 0.0.0.0/0 ({} has no fixed address)",
                     verdict.fix->name, service);
}

std::string node_name_for(net::Ipv4 address, const std::string& region) {
  std::string dashed = address.to_string();
  for (char& c : dashed)
    c = c == '.' ? '-' : c;
  return region == "us-east-1" ? "ip-" + dashed + ".ec2.internal"
                               : "ip-" + dashed + "." + region + ".compute.internal";
}

NodeAgent::NodeAgent(NodeServices& services, const NodeGroupConfig& group,
                     const GroupSubnet& subnet, aws::InstanceIndex instance,
                     std::string pinned_name)
    : s_(services),
      group_(group),
      subnet_(subnet),
      instance_(instance),
      primary_ip_(s_.ec2.eni(s_.ec2.instance(instance).enis.front()).primary_ip),
      rng_(s_.seed, "instance/" + s_.ec2.instance(instance).id),
      boot_timer_(s_.kernel),
      retry_timer_(s_.kernel),
      aws_node_timer_(s_.kernel) {
  pinned_ = !pinned_name.empty();
  name_ = pinned_ ? std::move(pinned_name) : node_name_for(primary_ip_, s_.region);
  const aws::Instance& i = s_.ec2.instance(instance_);

  aws::Ec2Caller caller;
  caller.name = "node/" + name_ + "/ipamd";
  caller.role = s_.cni_service_account_role != nullptr ? s_.cni_service_account_role : group_.role;
  caller.instance_id = i.id;
  caller.path_blocked = [this] { return ec2_path_blocked(); };
  const aws::IamRole* role = caller.role;
  ipamd_ec2_ =
      std::make_unique<aws::SdkEc2>(s_.kernel, s_.ec2, s_.ec2_api, std::move(caller), s_.seed);
  cni::IpamdContext ipamd_context{s_.kernel, s_.trace,  s_.ec2,          *ipamd_ec2_,
                                  name_,     instance_, group_.max_pods, subnet_.eni_config};
  ipamd_context.node_unschedulable = [this] { return node_unschedulable(); };
  ipamd_context.role = role;
  ipamd_ = std::make_unique<cni::Ipamd>(std::move(ipamd_context), *s_.cni_env, s_.seed);

  k8s::NodeSpec spec;
  spec.name = name_;
  spec.internal_ip = primary_ip_;
  // The well-known labels the kubelet and EKS set on every node.
  k8s::StringTable& strings = s_.api.strings();
  spec.labels = group_.labels;
  spec.labels.set(strings.intern("kubernetes.io/hostname"), strings.intern(name_));
  spec.labels.set(strings.intern("topology.kubernetes.io/zone"),
                  strings.intern(subnet_.availability_zone));
  spec.labels.set(strings.intern("node.kubernetes.io/instance-type"),
                  strings.intern(group_.type->name));
  spec.labels.set(strings.intern("eks.amazonaws.com/nodegroup"), strings.intern(group_.name));
  spec.taints = group_.taints;
  spec.cpu_millis = group_.cpu_millis;
  spec.memory_bytes = group_.memory_bytes;
  spec.max_pods = group_.max_pods;
  k8s::NetworkPlugin* plugin = ipamd_.get();
  if (s_.branch_enis != nullptr) {
    plugin_ = std::make_unique<BranchEniPlugin>(*ipamd_, *s_.branch_enis, s_.api, *s_.cni_env,
                                                s_.trace, name_);
    plugin = plugin_.get();
  }
  kubelet_ = std::make_unique<k8s::Kubelet>(s_.kernel, s_.trace, s_.api, *plugin, std::move(spec),
                                            s_.seed, k8s::Kubelet::Config{});
}

NodeAgent::~NodeAgent() = default;

bool NodeAgent::node_unschedulable() const {
  // ipamd's isNodeNonSchedulable reads the Node object's taints. The node lifecycle controller
  // adds node.kubernetes.io/unschedulable:NoSchedule when spec.unschedulable is set (cordon);
  // ekssim takes the flag itself as the taint. No Node object yet: not cordoned.
  if (!kubelet_ || !kubelet_->node().valid()) return false;
  const k8s::Node& node = s_.api.node(kubelet_->node());
  if (node.spec.unschedulable) return true;
  if (node.spec.taints.empty()) return false;
  if (unschedulable_key_ == k8s::StringTable::kMissing)
    unschedulable_key_ = s_.api.strings().find(k8s::kTaintNodeUnschedulable);
  for (const k8s::Taint& t : node.spec.taints) {
    if (t.key == unschedulable_key_ && t.effect == k8s::TaintEffect::kNoSchedule) return true;
  }
  return false;
}

vpc::EniId NodeAgent::primary_eni() const {
  return *s_.addresses.vpc_eni(s_.ec2.instance(instance_).enis.front());
}

void NodeAgent::launch() {
  const aws::Instance& i = s_.ec2.instance(instance_);
  s_.trace.emit(NodeLaunched{name_, group_.name, i.id, group_.type->name, subnet_.name,
                             subnet_.availability_zone, group_.max_pods});
  boot_timer_.schedule_in(rng_.lognormal(kLaunchMedian, kSigma), [this] { boot(); });
}

void NodeAgent::boot() {
  boot_timer_.schedule_in(rng_.lognormal(kBootMedian, kSigma), [this] { try_start_kubelet(); });
}

std::optional<std::string> NodeAgent::ec2_path_blocked() const {
  if (terminated_) return std::string("the instance is terminated");
  const auto blocked = https_path_blocked(s_.vpc, primary_eni(), primary_ip_,
                                          s_.endpoints.ec2(subnet_.availability_zone));
  if (!blocked) return std::nullopt;
  return blocked->cause;
}

void NodeAgent::bring_up_failed(std::string_view component, std::string_view reason,
                                const std::string& message, const BlockedPath& path) {
  // Report each distinct failure once; the kubelet keeps retrying quietly.
  if (path.cause == last_failure_) return;
  last_failure_ = path.cause;
  s_.trace.emit(
      NodeBringUpFailed{name_, group_.name, component, reason, message, path.cause, path.fix});
}

void NodeAgent::try_start_kubelet() {
  if (terminated_) return;
  const EndpointTarget api = s_.endpoints.api_server(subnet_.availability_zone);
  if (auto blocked = https_path_blocked(s_.vpc, primary_eni(), primary_ip_, api)) {
    if (auto fix = public_endpoint_fix(blocked->verdict, api.address, "the API server"))
      blocked->fix = *fix;
    bring_up_failed("kubelet", "ApiServerUnreachable",
                    fmt::format("Unable to register node with API server: Post "
                                "\"https://{}/api/v1/nodes\": dial tcp {}:443: i/o timeout",
                                api.hostname, api.address.to_string()),
                    *blocked);
    retry_timer_.schedule_in(kKubeletRetry, [this] { try_start_kubelet(); });
    return;
  }
  // The in-tree AWS cloud provider (EKS 1.26 and older) describes the instance at start.
  if (s_.kubernetes_minor <= 26) {
    const EndpointTarget ec2 = s_.endpoints.ec2(subnet_.availability_zone);
    if (auto blocked = https_path_blocked(s_.vpc, primary_eni(), primary_ip_, ec2)) {
      if (auto fix =
              public_endpoint_fix(blocked->verdict, ec2.address, s_.endpoints.ec2_hostname()))
        blocked->fix = *fix;
      bring_up_failed(
          "kubelet", "CloudProviderEc2Unreachable",
          fmt::format("error listing AWS instances: \"RequestError: send request failed caused "
                      "by: Post \\\"https://{}/\\\": dial tcp {}:443: i/o timeout\"",
                      s_.endpoints.ec2_hostname(), ec2.address.to_string()),
          *blocked);
      retry_timer_.schedule_in(kKubeletRetry, [this] { try_start_kubelet(); });
      return;
    }
  }
  last_failure_.clear();
  kubelet_->start();
  aws_node_timer_.schedule_in(rng_.lognormal(kAwsNodeStartMedian, kSigma),
                              [this] { ipamd_->start(); });
}

void NodeAgent::restart_ipamd() {
  if (!terminated_ && kubelet_->registered()) ipamd_->restart(*s_.cni_env);
}

void NodeAgent::terminate() {
  if (terminated_) return;
  terminated_ = true;
  boot_timer_.cancel();
  retry_timer_.cancel();
  aws_node_timer_.cancel();
  // The plugin goes before the kubelet (network_plugin.h's contract).
  ipamd_->stop();
  const k8s::NodeId node = kubelet_->node();
  kubelet_->fail("the instance was terminated");
  if (node.valid()) s_.api.remove_node(node);
  s_.ec2.terminate_instance(instance_);
  s_.trace.emit(InstanceTerminated{name_, s_.ec2.instance(instance_).id});
}

}  // namespace ekssim::cluster
