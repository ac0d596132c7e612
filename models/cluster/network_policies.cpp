#include "models/cluster/network_policies.h"

#include <fmt/format.h>

#include <algorithm>

#include "models/netpol/policy_fix.h"

namespace ekssim::cluster {
namespace {

constexpr std::string_view kEnableFlag = "ENABLE_NETWORK_POLICY";
constexpr std::string_view kModeVariable = "NETWORK_POLICY_ENFORCING_MODE";

// Whether enforcement may be on at some point of the run: from the start, or by a setEnv.
bool may_enforce(const spec::Scenario& scenario) {
  const auto& env = scenario.cluster.addons.vpc_cni.env;
  cni::EnvConfig start(env.begin(), env.end());
  if (cni::env_flag(start, kEnableFlag, false)) return true;
  for (const spec::Event& e : scenario.events) {
    if (const auto* set = std::get_if<spec::SetEnv>(&e.action)) {
      cni::EnvConfig changed(set->env.begin(), set->env.end());
      if (cni::env_flag(changed, kEnableFlag, false)) return true;
    }
  }
  return false;
}

}  // namespace

NetworkPolicies::NetworkPolicies(const spec::Scenario& scenario, sim::Kernel& kernel,
                                 k8s::ApiServer& api, const cni::EnvConfig& env)
    : kernel_(kernel), api_(api), env_(env), may_enforce_(may_enforce(scenario)) {
  for (const spec::Workload& w : scenario.workloads) {
    if (const auto* p = std::get_if<spec::NetworkPolicy>(&w))
      policies_.push_back({p->policy, sim::Time::zero(), std::nullopt});
  }
  for (const spec::Namespace& ns : scenario.namespaces)
    namespace_labels_[ns.name] = netpol::namespace_labels(ns.name, ns.labels);
  for (const spec::Workload& w : scenario.workloads) {
    const auto* d = std::get_if<spec::Deployment>(&w);
    if (d == nullptr || d->container_ports.empty()) continue;
    auto& ports = container_ports_[{d->ns, d->name}];
    for (const spec::ContainerPort& p : d->container_ports)
      ports.push_back({p.name, static_cast<uint16_t>(p.port), p.protocol});
  }
  api_.watch_pods(this);
}

netpol::LabelMap NetworkPolicies::labels_of_namespace(const std::string& ns) const {
  const auto it = namespace_labels_.find(ns);
  return it != namespace_labels_.end() ? it->second : netpol::namespace_labels(ns);
}

void NetworkPolicies::add_service(net::Ipv4 cluster_ip, netpol::ServiceInfo service) {
  service.namespace_labels = labels_of_namespace(service.ns);
  services_by_ip_[cluster_ip.value()] = std::move(service);
}

void NetworkPolicies::bump_at(sim::Time at) {
  ++version_;
  if (!may_enforce_) return;
  kernel_.schedule_at(at, [this] { ++version_; });
}

void NetworkPolicies::apply(const netpol::NetworkPolicy& policy) {
  const sim::Time visible = kernel_.now() + netpol::kPolicyPropagation;
  for (Stored& s : policies_) {
    if (!s.retired && s.policy.ns == policy.ns && s.policy.name == policy.name) s.retired = visible;
  }
  policies_.push_back({policy, visible, std::nullopt});
  bump_at(visible);
}

void NetworkPolicies::remove(const std::string& ns, const std::string& name) {
  const sim::Time gone = kernel_.now() + netpol::kPolicyPropagation;
  for (Stored& s : policies_) {
    if (!s.retired && s.policy.ns == ns && s.policy.name == name) s.retired = gone;
  }
  bump_at(gone);
}

bool NetworkPolicies::enforcing() const {
  return cni::env_flag(env_, kEnableFlag, false);
}

netpol::EnforcingMode NetworkPolicies::mode() const {
  const auto it = env_.find(kModeVariable);
  if (it == env_.end()) return netpol::EnforcingMode::kStandard;
  return netpol::parse_enforcing_mode(it->second).value_or(netpol::EnforcingMode::kStandard);
}

uint32_t NetworkPolicies::identity(const k8s::Pod& pod) const {
  return may_enforce_ ? pod.spec.index() + 1 : 0;
}

// A sibling of the same workload already reconciled on the pod's node: the new pod shares its
// maps. (Same owner, not same template: admission may give pods of one workload different ones.)
bool NetworkPolicies::has_reconciled_sibling(const k8s::Pod& pod, sim::Time now) const {
  const k8s::PodTemplate& spec = api_.spec_of(pod);
  for (k8s::PodId other : api_.pods_on(pod.node)) {
    const k8s::Pod& o = api_.pod(other);
    const k8s::PodTemplate& o_spec = api_.spec_of(o);
    const bool same_workload = o.spec == pod.spec || (spec.owner_kind != k8s::OwnerKind::kNone &&
                                                      o_spec.owner_kind == spec.owner_kind &&
                                                      o_spec.owner_index == spec.owner_index);
    if (o.id == pod.id || !same_workload || !o.has_ip) continue;
    const auto it = pods_by_ip_.find(o.ip.value());
    if (it != pods_by_ip_.end() && it->second.pod == o.id && it->second.in_force <= now)
      return true;
  }
  return false;
}

void NetworkPolicies::pod_changed(const k8s::Pod& pod, k8s::PodChange change) {
  if (change != k8s::PodChange::kSandboxCreated || !pod.has_ip) return;
  if (api_.spec_of(pod).host_network) return;
  const sim::Time now = kernel_.now();
  // Where no agent can ever enforce, when a pod's maps are in force is never read: the walk over
  // the node's pods is left out.
  const bool sibling = may_enforce_ && has_reconciled_sibling(pod, now);
  const sim::Time in_force = sibling ? now : now + netpol::kPolicyPropagation;
  pods_by_ip_[pod.ip.value()] = PodEntry{pod.id, in_force};
  // Where no agent can ever enforce, a new pod changes no verdict (judge_egress and judge_ingress
  // pass everything), so the path caches stay valid: bumping here would make every pod start
  // in the cluster re-judge every cached path.
  if (may_enforce_) bump_at(in_force);
}

void NetworkPolicies::pod_removed(const k8s::Pod& pod) {
  if (!pod.has_ip) return;
  const auto it = pods_by_ip_.find(pod.ip.value());
  if (it != pods_by_ip_.end() && it->second.pod == pod.id) pods_by_ip_.erase(it);
}

std::vector<netpol::NetworkPolicy> NetworkPolicies::known_now() const {
  const sim::Time now = kernel_.now();
  std::vector<netpol::NetworkPolicy> known;
  for (const Stored& s : policies_) {
    if (s.visible <= now && (!s.retired || *s.retired > now)) known.push_back(s.policy);
  }
  return known;
}

netpol::PodInfo NetworkPolicies::info(const k8s::Pod& pod) const {
  netpol::PodInfo p;
  p.ns = std::string(api_.namespace_of(pod));
  p.name = pod.name;
  p.namespace_labels = labels_of_namespace(p.ns);
  const k8s::PodTemplate& spec = api_.spec_of(pod);
  if (spec.owner_kind == k8s::OwnerKind::kReplicaSet) {
    const std::string owner(api_.strings().view(spec.owner_name));
    const auto ports = container_ports_.find({p.ns, owner});
    if (ports != container_ports_.end()) p.container_ports = ports->second;
  }
  for (const k8s::Label& l : spec.labels.items())
    p.labels[std::string(api_.strings().view(l.key))] = std::string(api_.strings().view(l.value));
  return p;
}

std::optional<netpol::PodInfo> NetworkPolicies::pod_at(net::Ipv4 ip) const {
  const auto it = pods_by_ip_.find(ip.value());
  if (it == pods_by_ip_.end()) return std::nullopt;
  return info(api_.pod(it->second.pod));
}

netpol::PodState NetworkPolicies::state_of(const k8s::Pod& pod,
                                           const std::vector<netpol::NetworkPolicy>& known,
                                           const netpol::PodInfo& info) const {
  const auto it = pods_by_ip_.find(pod.ip.value());
  const bool in_force = it != pods_by_ip_.end() && it->second.in_force <= kernel_.now();
  return netpol::pod_state(mode(), in_force, netpol::any_selects(known, info));
}

NetworkPolicies::Judgement NetworkPolicies::judge(const k8s::Pod& pod,
                                                  netpol::PolicyDirection direction,
                                                  const netpol::Remote& remote,
                                                  const net::Flow& shown, net::Protocol protocol,
                                                  uint16_t port, bool want_trace) const {
  Judgement j;
  const std::vector<netpol::NetworkPolicy> known = known_now();
  const netpol::PodInfo me = info(pod);
  const netpol::PodState state = state_of(pod, known, me);
  const netpol::Decision d = netpol::judge(known, me, state, direction, remote, protocol, port);
  if (!want_trace && d.allowed) return j;
  const bool egress = direction == netpol::PolicyDirection::kEgress;
  net::Hop hop(net::Leg::kRequest, net::Component::kNetworkPolicy,
               d.policies.empty() ? std::string(netpol::to_string(state)) : d.policies.front(),
               fmt::format("pod {}/{}", me.ns, me.name),
               egress ? net::Direction::kOutbound : net::Direction::kInbound,
               d.allowed ? net::Action::kPermitted : net::Action::kDenied,
               d.describe(protocol, port, remote.ip) + " (" + shown.to_string() + ")");
  if (d.rule >= 0) hop.rule = d.rule;
  if (want_trace) j.hops.push_back(hop);
  if (d.allowed) return j;
  net::Verdict v;
  v.disposition = egress ? net::Disposition::kDeniedOut : net::Disposition::kDeniedIn;
  v.reason = net::Reason::kNetworkPolicy;
  v.blocker = net::ComponentRef{net::Component::kNetworkPolicy, 0};
  if (want_trace) {
    v.hops = j.hops;
    v.fix = net::Fix{net::Component::kNetworkPolicy, hop.name,
                     netpol::fix_for(d, me, remote, protocol, port)};
  }
  j.denied = std::move(v);
  return j;
}

NetworkPolicies::Judgement NetworkPolicies::judge_egress(net::Ipv4 src_pod_ip,
                                                         const net::Flow& flow,
                                                         bool want_trace) const {
  if (!enforcing()) return {};
  const auto it = pods_by_ip_.find(src_pod_ip.value());
  if (it == pods_by_ip_.end()) return {};
  const k8s::Pod& pod = api_.pod(it->second.pod);
  netpol::Remote remote{flow.dst, std::nullopt, std::nullopt, false};
  if (const auto s = services_by_ip_.find(flow.dst.value()); s != services_by_ip_.end()) {
    remote.service = s->second;
  } else {
    remote.pod = pod_at(flow.dst);
  }
  remote.is_own_node = pod.node.valid() && api_.node(pod.node).spec.internal_ip == flow.dst;
  return judge(pod, netpol::PolicyDirection::kEgress, remote, flow, flow.protocol, flow.dst_port,
               want_trace);
}

NetworkPolicies::Judgement NetworkPolicies::judge_ingress(net::Ipv4 src, net::Ipv4 dst_pod_ip,
                                                          net::Protocol protocol, uint16_t port,
                                                          bool want_trace) const {
  if (!enforcing()) return {};
  const auto it = pods_by_ip_.find(dst_pod_ip.value());
  if (it == pods_by_ip_.end()) return {};
  const k8s::Pod& pod = api_.pod(it->second.pod);
  netpol::Remote remote{src, pod_at(src), std::nullopt, false};
  remote.is_own_node = pod.node.valid() && api_.node(pod.node).spec.internal_ip == src;
  const net::Flow shown = protocol == net::Protocol::udp()
                              ? net::Flow::udp(src, 0, dst_pod_ip, port)
                              : net::Flow::tcp(src, 0, dst_pod_ip, port);
  return judge(pod, netpol::PolicyDirection::kIngress, remote, shown, protocol, port, want_trace);
}

}  // namespace ekssim::cluster
