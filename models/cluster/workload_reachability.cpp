#include "models/cluster/workload_reachability.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>
#include <variant>

#include "models/cluster/node_agent.h"
#include "models/cluster/reachability_members.h"

namespace ekssim::cluster {

namespace {

std::string pod_text(const k8s::ApiServer& api, const k8s::Pod& pod) {
  return fmt::format("pod {}/{} {}", api.namespace_of(pod), pod.name, pod.ip.to_string());
}

// A Service selects a Deployment's pods when its selector is non-empty, in the same namespace, and
// every one of its labels is on the pod template (k8s.io/apimachinery labels.SelectorFromSet).
bool selects(const spec::Service& service, const spec::Deployment& deployment) {
  if (service.ns != deployment.ns || !service.selector || service.selector->empty()) return false;
  for (const auto& [key, value] : *service.selector) {
    const auto it = deployment.labels.find(key);
    if (it == deployment.labels.end() || it->second != value) return false;
  }
  return true;
}

// The containerPort a Service port sends to: by name (targetPort: http) or by number.
std::optional<PortProtocol> target_of(const spec::ServicePort& port,
                                      const spec::Deployment& deployment) {
  if (port.target_port_name.empty()) {
    return PortProtocol{static_cast<uint16_t>(port.target_port ? port.target_port : port.port),
                        port.protocol};
  }
  for (const spec::ContainerPort& c : deployment.container_ports) {
    if (c.name == port.target_port_name && c.protocol == port.protocol)
      return PortProtocol{static_cast<uint16_t>(c.port), c.protocol};
  }
  return std::nullopt;  // kube-proxy has no endpoint port for it
}

struct Workload {
  const spec::Deployment* deployment = nullptr;
  std::string name;  // "ns/name"
  const k8s::Pod* pod = nullptr;
};

// What a sender dials to reach one Deployment on one port, worked out once per Deployment.
struct Destination {
  net::Ipv4 dst;
  PortProtocol port;
  std::optional<net::Ipv4> behind;  // the pod kube-proxy should pick behind a Service address
  std::string dialled;              // "service shop/payments 172.20.7.1:8080"
};

// A pod that may stand for its Deployment: Running with an address of its own, not terminating,
// not host-network, owned by a ReplicaSet, on a live node.
bool may_represent(const World& world, const k8s::Pod& pod) {
  const k8s::PodTemplate& spec = world.api().spec_of(pod);
  return !pod.removed && !pod.terminating && pod.phase == k8s::PodPhase::kRunning && pod.has_ip &&
         !spec.host_network && spec.owner_kind == k8s::OwnerKind::kReplicaSet &&
         world.node_agent(pod.node) != nullptr;
}

class FlowJudge {
 public:
  explicit FlowJudge(const World& world) : world_(world), api_(world.api()) {
    for (uint32_t i = 0; i < api_.pod_slots(); ++i) {
      const k8s::Pod& p = api_.pod(k8s::PodId(i));
      if (!p.removed && p.has_ip && !api_.spec_of(p).host_network) pods_by_ip_[p.ip.value()] = &p;
    }
  }

  // `from`'s representative dials `to`. When the address is a Service's, kube-proxy of the
  // sender's node picks the candidate at `to.behind` if it is one.
  WorkloadFlow judge(const Workload& from, const std::string& to_name,
                     const Destination& to) const {
    const k8s::Pod& pod = *from.pod;
    const NodeAgent& node = *world_.node_agent(pod.node);
    size_t pick = 0;
    std::string target = to.dialled;
    const k8s::DnatDecision d = world_.services().decide(
        pod.node, node.name(), to.dst, to.port.port, to.port.protocol, world_.now());
    if (d.verdict == k8s::DnatVerdict::kDnat && !d.candidates.empty()) {
      for (size_t i = 0; i < d.candidates.size(); ++i) {
        if (to.behind && d.candidates[i].ip == *to.behind) pick = i;
      }
      target += fmt::format(" -> {}", endpoint_text(d.candidates[pick].ip));
    }
    return WorkloadFlow{from.name,
                        to_name,
                        fmt::format("{} on {}", pod_text(api_, pod), node.name()),
                        std::move(target),
                        to.port,
                        world_.network().from_pod(node, pod.node, pod.ip,
                                                  to.port.flow(pod.ip, to.dst), true, pick)};
  }

 private:
  // "pod shop/payments-1 10.0.0.41", or the bare address when no pod holds it.
  std::string endpoint_text(net::Ipv4 ip) const {
    const auto it = pods_by_ip_.find(ip.value());
    return it != pods_by_ip_.end() ? pod_text(api_, *it->second) : ip.to_string();
  }

  const World& world_;
  const k8s::ApiServer& api_;
  std::map<uint32_t, const k8s::Pod*> pods_by_ip_;
};

// Where a sender reaches Deployment `to`: its Services' ports (scenario order), then its
// containerPorts no Service port targets.
std::vector<Destination> destinations_of(const World& world, const Workload& to) {
  std::vector<Destination> out;
  std::vector<PortProtocol> covered;
  for (const spec::Workload& w : world.scenario().workloads) {
    const auto* service = std::get_if<spec::Service>(&w);
    if (service == nullptr || !selects(*service, *to.deployment)) continue;
    const std::optional<net::Ipv4> ip = world.services().cluster_ip(service->ns, service->name);
    for (const spec::ServicePort& sp : service->ports) {
      const std::optional<PortProtocol> target = target_of(sp, *to.deployment);
      if (target) covered.push_back(*target);
      if (ip) {
        out.push_back({*ip,
                       {static_cast<uint16_t>(sp.port), sp.protocol},
                       to.pod->ip,
                       fmt::format("service {}/{} {}:{}", service->ns, service->name,
                                   ip->to_string(), sp.port)});
      } else if (target) {  // headless: clients dial the pods the DNS name returns
        out.push_back({to.pod->ip, *target, std::nullopt,
                       fmt::format("{}:{} (headless service {}/{})", pod_text(world.api(), *to.pod),
                                   target->port, service->ns, service->name)});
      }
    }
  }
  for (const spec::ContainerPort& c : to.deployment->container_ports) {
    const PortProtocol port{static_cast<uint16_t>(c.port), c.protocol};
    if (std::find(covered.begin(), covered.end(), port) != covered.end()) continue;
    covered.push_back(port);
    out.push_back({to.pod->ip, port, std::nullopt,
                   fmt::format("{}:{}", pod_text(world.api(), *to.pod), c.port)});
  }
  return out;
}

}  // namespace

const k8s::Pod* representative_pod(const World& world, std::string_view ns, std::string_view name) {
  const k8s::ApiServer& api = world.api();
  const k8s::Pod* best = nullptr;
  for (uint32_t i = 0; i < api.pod_slots(); ++i) {
    const k8s::Pod& pod = api.pod(k8s::PodId(i));
    if (!may_represent(world, pod) || api.namespace_of(pod) != ns ||
        api.strings().view(api.spec_of(pod).owner_name) != name) {
      continue;
    }
    if (best == nullptr || pod.name < best->name) best = &pod;
  }
  return best;
}

WorkloadReachability compute_workload_reachability(const World& world) {
  WorkloadReachability result;
  if (!world.network_policies().enforcing()) return result;
  const k8s::ApiServer& api = world.api();
  // Every Deployment's representative in one pass over the pods (representative_pod's rule).
  std::map<std::pair<std::string, std::string>, const k8s::Pod*> best;
  for (uint32_t i = 0; i < api.pod_slots(); ++i) {
    const k8s::Pod& pod = api.pod(k8s::PodId(i));
    if (!may_represent(world, pod)) continue;
    const k8s::Pod*& slot = best[{std::string(api.namespace_of(pod)),
                                  std::string(api.strings().view(api.spec_of(pod).owner_name))}];
    if (slot == nullptr || pod.name < slot->name) slot = &pod;
  }
  std::vector<Workload> workloads;
  for (const spec::Workload& w : world.scenario().workloads) {
    const auto* d = std::get_if<spec::Deployment>(&w);
    if (d == nullptr || d->host_network) continue;
    const auto it = best.find({d->ns, d->name});
    Workload workload{d, d->ns + "/" + d->name, it != best.end() ? it->second : nullptr};
    if (workload.pod == nullptr) {
      result.notes.push_back(workload.name + ": no Running pod, not judged");
      continue;
    }
    workloads.push_back(std::move(workload));
  }
  std::vector<std::vector<Destination>> destinations;
  for (const Workload& to : workloads)
    destinations.push_back(destinations_of(world, to));
  const detail::Member coredns = detail::coredns_member(world);
  const net::Ipv4 kube_dns = world.services().kube_dns_ip();
  const std::string dialled =
      fmt::format("service kube-system/kube-dns {}:53", kube_dns.to_string());
  const std::vector<Destination> dns = {
      {kube_dns, {53, net::Protocol::udp()}, coredns.endpoint.address, dialled},
      {kube_dns, {53, net::Protocol::tcp()}, coredns.endpoint.address, dialled}};
  const FlowJudge judge(world);
  for (const Workload& from : workloads) {
    for (size_t t = 0; t < workloads.size(); ++t) {
      if (&workloads[t] == &from) continue;
      for (const Destination& d : destinations[t])
        result.flows.push_back(judge.judge(from, workloads[t].name, d));
    }
    for (const Destination& d : dns)
      result.flows.push_back(judge.judge(from, "coredns", d));
  }
  return result;
}

std::vector<const net::Hop*> policy_hops(const net::Verdict& verdict) {
  std::vector<const net::Hop*> hops;
  for (const net::Hop& hop : verdict.hops) {
    if (hop.component == net::Component::kNetworkPolicy) hops.push_back(&hop);
  }
  return hops;
}

}  // namespace ekssim::cluster
