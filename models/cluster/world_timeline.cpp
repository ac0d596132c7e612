// The World's workloads and timeline: the system pods every EKS cluster runs, the scenario's
// Deployments, and the scenario's events applied at their virtual times.

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <type_traits>

#include "models/cluster/cluster_events.h"
#include "models/cluster/spec_conversions.h"
#include "models/cluster/world.h"
#include "models/dns/coredns.h"
#include "models/spec/kind_names.h"

namespace ekssim::cluster {

namespace {

constexpr int64_t kMiB = 1024 * 1024;

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace

void World::build_workloads() {
  k8s::StringTable& strings = api_.strings();
  size_t nodes = 0;
  for (const spec::NodeGroup& g : scenario_.cluster.node_groups)
    nodes += static_cast<size_t>(std::max(g.desired_capacity, 0));
  // The host-network DaemonSets of every EKS node; they count against max pods (EKS's "+2").
  // Requests from the EKS add-ons' manifests: aws-node 25m, kube-proxy 100m.
  for (const auto& [name, cpu] : {std::pair{"aws-node", 25}, std::pair{"kube-proxy", 100}}) {
    k8s::DaemonSetController::DaemonSetSpec ds;
    ds.ns = "kube-system";
    ds.name = name;
    ds.pod.labels = k8s::Labels::intern(strings, {{"k8s-app", name}});
    ds.pod.service_account = strings.intern(name);  // each add-on runs as its own account
    ds.pod.tolerations.push_back(k8s::Toleration::everything());
    ds.pod.cpu_millis = cpu;
    ds.pod.host_network = true;
    ds.pod.dns_policy = k8s::DnsPolicy::kClusterFirstWithHostNet;
    ds.pod.priority = 2'000'001'000;  // system-node-critical
    daemon_sets_.add(std::move(ds));
    initial_pods_ += nodes;
  }
  // CoreDNS, as the EKS add-on deploys it: requests 100m CPU and 70Mi memory, dnsPolicy Default.
  k8s::DeploymentController::DeploymentSpec coredns;
  coredns.ns = "kube-system";
  coredns.name = "coredns";
  coredns.replicas = scenario_.cluster.addons.coredns.replicas;
  initial_pods_ += static_cast<size_t>(std::max(coredns.replicas, 0));
  coredns.pod.labels = k8s::Labels::intern(strings, {{"k8s-app", "kube-dns"}});
  coredns.pod.cpu_millis = 100;
  coredns.pod.memory_bytes = 70 * kMiB;
  coredns.pod.dns_policy = k8s::DnsPolicy::kDefault;
  coredns.pod.priority = 2'000'000'000;  // system-cluster-critical
  // EKS's Corefile has `health { lameduck 5s }`: on SIGTERM CoreDNS keeps serving for 5 s
  // before it shuts down (coredns/coredns plugin/health, OnFinalShutdown).
  coredns.pod.shutdown_delay = dns::kCoreDnsLameduck;
  coredns.pod.service_account = strings.intern("coredns");  // the add-on's serviceAccountName
  deployments_.add(std::move(coredns));

  for (const spec::Workload& w : scenario_.workloads) {
    const auto* d = std::get_if<spec::Deployment>(&w);
    if (d == nullptr) continue;
    k8s::DeploymentController::DeploymentSpec spec;
    spec.ns = d->ns;
    spec.name = d->name;
    spec.replicas = d->replicas;
    initial_pods_ += static_cast<size_t>(std::max(d->replicas, 0));
    spec.pod.labels = k8s::Labels::intern(strings, d->labels);
    spec.pod.node_selector = k8s::Labels::intern(strings, d->node_selector);
    for (const spec::Toleration& t : d->tolerations) {
      k8s::Toleration tol;
      tol.key = strings.intern(t.key);
      tol.op = t.op == spec::Toleration::Operator::kExists ? k8s::Toleration::Operator::kExists
                                                           : k8s::Toleration::Operator::kEqual;
      tol.value = strings.intern(t.value);
      if (t.effect) tol.effect = to_k8s_taint_effect(*t.effect);
      spec.pod.tolerations.push_back(tol);
    }
    spec.pod.cpu_millis = d->cpu_millis;
    spec.pod.memory_bytes = d->memory_bytes;
    spec.pod.host_network = d->host_network;
    spec.pod.dns_policy = to_k8s_dns_policy(d->dns_policy);
    spec.pod.service_account = strings.intern(d->service_account);
    deployments_.add(std::move(spec));
  }
}

void World::start(StartOptions options) {
  if (!options.digest) trace_.stop_digest();
  for (const SetupFailure& f : setup_failures_)
    trace_.emit(EndpointEniFailed{f.owner, f.subnet, f.error.code, f.error.message});
  // The scheduler and the controllers watch the API server from their construction.
  scheduler_.start();
  for (size_t i = 0; i < node_groups_.size(); ++i) {
    node_groups_[i]->set_desired(scenario_.cluster.node_groups[i].desired_capacity);
  }
  for (const spec::Event& e : scenario_.events) {
    kernel_.schedule_at(sim::Time::at(e.at), [this, &e] { apply(e); });
  }
  if (options.traffic) traffic_->start();
}

// The loader checks every name an event refers to, so one that is unknown here is a bug: the run
// stops with the time, the event and the component.
template <class T>
T& World::named(T* found, const spec::Event& event, std::string_view component,
                std::string_view name) {
  if (found == nullptr) {
    kernel_.fail("world",
                 fmt::format("{} (line {}) names {} '{}', which does not exist",
                             spec::kind_name(event.action), event.location.line, component, name));
  }
  return *found;
}

vpc::SecurityGroupId World::security_group(const spec::Event& event, const std::string& name) {
  const auto it = names_.security_groups.find(name);
  const vpc::SecurityGroupId* id = it == names_.security_groups.end() ? nullptr : &it->second;
  return named(id, event, "security group", name);
}

void World::apply(const spec::Event& event) {
  std::visit(Overloaded{
                 [&](const spec::ScaleNodeGroup& e) {
                   named(node_group(e.node_group.name), event, "node group", e.node_group.name)
                       .set_desired(e.desired_capacity);
                 },
                 [&](const spec::ScaleDeployment& e) {
                   const std::optional<uint32_t> d = deployments_.find(e.ns, e.name.name);
                   named(d ? &*d : nullptr, event, "Deployment", e.ns + "/" + e.name.name);
                   deployments_.scale(*d, e.replicas);
                 },
                 [&](const spec::AddSecurityGroupRule& e) { apply_rule(event, e, true); },
                 [&](const spec::RemoveSecurityGroupRule& e) { apply_rule(event, e, false); },
                 [&](const spec::TerminateInstance& e) {
                   if (e.node_group) {
                     named(node_group(e.node_group->name), event, "node group", e.node_group->name)
                         .terminate_instance(static_cast<size_t>(e.index));
                     return;
                   }
                   // A node name is not declared: one that is gone already is left alone.
                   for (auto& g : node_groups_) {
                     if (g->terminate_instance(e.node)) return;
                   }
                 },
                 [&](const spec::DeletePod& e) {
                   api_.delete_pods(e.ns, e.name, k8s::Labels::intern(api_.strings(), e.selector));
                 },
                 [&](const spec::SetEnv& e) { set_cni_env(e.env); },
                 [&](const spec::AttachPolicy& e) {
                   named(role(e.role.name), event, "IAM role", e.role.name).attach(e.policy.name);
                 },
                 [&](const spec::DetachPolicy& e) {
                   named(role(e.role.name), event, "IAM role", e.role.name).detach(e.policy.name);
                 },
                 [&](const spec::Ec2Throttle& e) {
                   const aws::ThrottleLimits limits{std::max<int64_t>(1, e.rate), e.rate};
                   std::optional<aws::Ec2Action> action;
                   if (!e.action.empty()) {
                     action = aws::action_from_name(e.action);
                     named(action ? &*action : nullptr, event, "EC2 action", e.action);
                   }
                   ec2_api_.throttle(limits, e.duration, action);
                 },
                 [&](const spec::FailAvailabilityZone& e) {
                   for (auto& g : node_groups_)
                     g->fail_zone(e.az.name);
                 },
                 [&](const spec::ApplyNetworkPolicy& e) { policies_->apply(e.policy.policy); },
                 [&](const spec::DeleteNetworkPolicy& e) { policies_->remove(e.ns, e.name.name); },
                 [&](const spec::ApplySecurityGroupPolicy& e) { sg_policies_->apply(e.policy); },
                 [&](const spec::DeleteSecurityGroupPolicy& e) {
                   sg_policies_->remove(e.ns, e.name.name);
                 },
                 [&](const spec::RestartDaemon& e) {
                   // kube-proxy's restart is a full sync of the rules it would hold anyway.
                   if (e.daemon == spec::RestartDaemon::Daemon::kCoredns) coredns_->restart_all();
                   if (e.daemon != spec::RestartDaemon::Daemon::kIpamd) return;
                   for (auto& g : node_groups_)
                     g->restart_ipamd(e.node);
                 },
             },
             event.action);
}

template <class RuleEvent>
void World::apply_rule(const spec::Event& event, const RuleEvent& e, bool add) {
  vpc_.apply(vpc::Vpc::RuleChange{security_group(event, e.security_group.name),
                                  e.ingress ? net::Direction::kInbound : net::Direction::kOutbound,
                                  to_sg_rule(e.rule, names_), add});
}

void World::set_cni_env(const std::map<std::string, std::string>& env) {
  // A change of aws-node's environment rolls the DaemonSet: every ipamd restarts.
  for (const auto& [k, v] : env)
    cni_env_[k] = v;
  network_->refresh_snat();
  for (auto& g : node_groups_)
    g->restart_ipamd();
  // The restarted ipamds ask for trunks if ENABLE_POD_ENI is now on.
  branch_enis_->env_changed();
}

}  // namespace ekssim::cluster
