// The World's workloads and timeline: the system pods every EKS cluster runs, the scenario's
// Deployments, and the scenario's events applied at their virtual times.

#include <fmt/format.h>

#include <type_traits>

#include "models/cluster/spec_conversions.h"
#include "models/cluster/world.h"

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
  // The host-network DaemonSets of every EKS node; they count against max pods (EKS's "+2").
  // Requests from the EKS add-ons' manifests: aws-node 25m, kube-proxy 100m.
  for (const auto& [name, cpu] : {std::pair{"aws-node", 25}, std::pair{"kube-proxy", 100}}) {
    k8s::DaemonSetController::DaemonSetSpec ds;
    ds.ns = "kube-system";
    ds.name = name;
    ds.pod.labels = k8s::Labels::intern(strings, {{"k8s-app", name}});
    ds.pod.tolerations.push_back(k8s::Toleration::everything());
    ds.pod.cpu_millis = cpu;
    ds.pod.host_network = true;
    ds.pod.dns_policy = k8s::DnsPolicy::kClusterFirstWithHostNet;
    ds.pod.priority = 2'000'001'000;  // system-node-critical
    daemon_sets_.add(std::move(ds));
  }
  // CoreDNS, as the EKS add-on deploys it: requests 100m CPU and 70Mi memory, dnsPolicy Default.
  k8s::DeploymentController::DeploymentSpec coredns;
  coredns.ns = "kube-system";
  coredns.name = "coredns";
  coredns.replicas = scenario_.cluster.addons.coredns.replicas;
  coredns.pod.labels = k8s::Labels::intern(strings, {{"k8s-app", "kube-dns"}});
  coredns.pod.cpu_millis = 100;
  coredns.pod.memory_bytes = 70 * kMiB;
  coredns.pod.dns_policy = k8s::DnsPolicy::kDefault;
  coredns.pod.priority = 2'000'000'000;  // system-cluster-critical
  deployments_.add(std::move(coredns));

  for (const spec::Workload& w : scenario_.workloads) {
    const auto* d = std::get_if<spec::Deployment>(&w);
    if (d == nullptr) continue;
    k8s::DeploymentController::DeploymentSpec spec;
    spec.ns = d->ns;
    spec.name = d->name;
    spec.replicas = d->replicas;
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
    deployments_.add(std::move(spec));
  }
}

void World::start() {
  // The scheduler and the controllers watch the API server from their construction.
  scheduler_.start();
  for (size_t i = 0; i < node_groups_.size(); ++i) {
    node_groups_[i]->set_desired(scenario_.cluster.node_groups[i].desired_capacity);
  }
  for (const spec::Event& e : scenario_.events) {
    kernel_.schedule_at(sim::Time::at(e.at), [this, &e] { apply(e); });
  }
  traffic_->start();
}

void World::apply(const spec::Event& event) {
  // Any event may change a path (a rule, a route, the CNI's SNAT, a node): cached verdicts go.
  exchanges_->network_changed();
  std::visit(Overloaded{
                 [this](const spec::ScaleNodeGroup& e) {
                   node_group(e.node_group.name)->set_desired(e.desired_capacity);
                 },
                 [this](const spec::ScaleDeployment& e) {
                   if (auto d = deployments_.find(e.ns, e.name.name))
                     deployments_.scale(*d, e.replicas);
                 },
                 [this](const spec::AddSecurityGroupRule& e) {
                   vpc_.add_rule(names_.security_groups.at(e.security_group.name),
                                 e.ingress ? net::Direction::kInbound : net::Direction::kOutbound,
                                 to_sg_rule(e.rule, names_));
                 },
                 [this](const spec::RemoveSecurityGroupRule& e) {
                   vpc_.remove_rule(
                       names_.security_groups.at(e.security_group.name),
                       e.ingress ? net::Direction::kInbound : net::Direction::kOutbound,
                       to_sg_rule(e.rule, names_));
                 },
                 [this](const spec::TerminateInstance& e) {
                   for (auto& g : node_groups_) {
                     if (e.node_group && g->config().name != e.node_group->name) continue;
                     if (e.node_group) {
                       if (NodeAgent* n = g->live_node(static_cast<size_t>(e.index)))
                         g->instance_gone(*n);
                       return;
                     }
                     for (const auto& n : g->nodes()) {
                       if (!n->terminated() && n->name() == e.node) {
                         g->instance_gone(*n);
                         return;
                       }
                     }
                   }
                 },
                 [this](const spec::DeletePod& e) {
                   if (!e.name.empty()) {
                     const k8s::PodId pod = api_.find_pod(e.ns, e.name);
                     if (pod.valid()) api_.delete_pod(pod);
                     return;
                   }
                   const k8s::Labels selector = k8s::Labels::intern(api_.strings(), e.selector);
                   std::vector<k8s::PodId> victims;
                   for (size_t i = 0; i < api_.pod_slots(); ++i) {
                     const k8s::Pod& p = api_.pod(k8s::PodId(static_cast<uint32_t>(i)));
                     if (p.removed || api_.namespace_of(p) != e.ns) continue;
                     if (api_.spec_of(p).labels.matches(selector)) victims.push_back(p.id);
                   }
                   for (k8s::PodId pod : victims)
                     api_.delete_pod(pod);
                 },
                 [this](const spec::SetEnv& e) {
                   // A change of aws-node's environment rolls the DaemonSet: every ipamd restarts.
                   for (const auto& [k, v] : e.env)
                     cni_env_[k] = v;
                   network_->refresh_snat();
                   for (auto& g : node_groups_) {
                     for (auto& n : g->nodes())
                       n->restart_ipamd();
                   }
                 },
                 [this](const spec::AttachPolicy& e) { role(e.role.name)->attach(e.policy.name); },
                 [this](const spec::DetachPolicy& e) { role(e.role.name)->detach(e.policy.name); },
                 [this](const spec::Ec2Throttle& e) {
                   const aws::ThrottleLimits limits{std::max<int64_t>(1, e.rate), e.rate};
                   const aws::Ec2ApiConfig defaults = ec2_api_.config();
                   if (e.action.empty()) {
                     ec2_api_.set_limits(true, limits);
                     ec2_api_.set_limits(false, limits);
                   } else if (const auto action = aws::action_from_name(e.action)) {
                     ec2_api_.set_limits(*action, limits);
                   }
                   kernel_.schedule_in(e.duration, [this, defaults] {
                     ec2_api_.set_limits(true, defaults.mutating);
                     ec2_api_.set_limits(false, defaults.non_mutating);
                   });
                 },
                 [this](const spec::FailAvailabilityZone& e) {
                   for (auto& g : node_groups_)
                     g->fail_zone(e.az.name);
                 },
                 [this](const spec::RestartDaemon& e) {
                   // kube-proxy's restart is a full sync of the rules it would hold anyway.
                   if (e.daemon == spec::RestartDaemon::Daemon::kCoredns) coredns_->restart_all();
                   if (e.daemon != spec::RestartDaemon::Daemon::kIpamd) return;
                   for (auto& g : node_groups_) {
                     for (auto& n : g->nodes()) {
                       if (e.node.empty() || n->name() == e.node) n->restart_ipamd();
                     }
                   }
                 },
             },
             event.action);
}

}  // namespace ekssim::cluster
