#include "models/cluster/workload_reachability.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <variant>

#include "models/cluster/node_agent.h"
#include "models/cluster/reachability_members.h"

namespace ekssim::cluster {

namespace {

// An ephemeral source port in Linux's default range, as the matrix and the simulated traffic use.
constexpr uint16_t kSourcePort = 40000;

net::Flow flow_to(net::Ipv4 src, net::Ipv4 dst, const PortProtocol& port) {
  return port.protocol == net::Protocol::udp() ? net::Flow::udp(src, kSourcePort, dst, port.port)
                                               : net::Flow::tcp(src, kSourcePort, dst, port.port);
}

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

class FlowJudge {
 public:
  explicit FlowJudge(const World& world) : world_(world), api_(world.api()) {}

  // `from`'s representative dials `dst` on `port`. When `dst` is a Service's address,
  // kube-proxy of the sender's node picks the candidate at `behind` if it is one.
  WorkloadFlow judge(const Workload& from, std::string to, net::Ipv4 dst, const PortProtocol& port,
                     std::optional<net::Ipv4> behind, std::string dialled) const {
    const k8s::Pod& pod = *from.pod;
    const NodeAgent& node = *world_.node_agent(pod.node);
    size_t pick = 0;
    std::string target = std::move(dialled);
    const k8s::DnatDecision d = world_.services().decide(pod.node, node.name(), dst, port.port,
                                                         port.protocol, world_.now());
    if (d.verdict == k8s::DnatVerdict::kDnat && !d.candidates.empty()) {
      for (size_t i = 0; i < d.candidates.size(); ++i) {
        if (behind && d.candidates[i].ip == *behind) pick = i;
      }
      target += fmt::format(" -> {}", endpoint_text(d.candidates[pick].ip));
    }
    return WorkloadFlow{
        from.name,
        std::move(to),
        fmt::format("{} on {}", pod_text(api_, pod), node.name()),
        std::move(target),
        port,
        world_.network().from_pod(node, pod.node, pod.ip, flow_to(pod.ip, dst, port), true, pick)};
  }

  // "pod shop/payments-1 10.0.0.41", or the bare address when no pod holds it.
  std::string endpoint_text(net::Ipv4 ip) const {
    for (uint32_t i = 0; i < api_.pod_slots(); ++i) {
      const k8s::Pod& p = api_.pod(k8s::PodId(i));
      if (!p.removed && p.has_ip && p.ip == ip && !api_.spec_of(p).host_network)
        return pod_text(api_, p);
    }
    return ip.to_string();
  }

 private:
  const World& world_;
  const k8s::ApiServer& api_;
};

// Every flow from `from` to the Deployment `to`: its Services' ports, then its containerPorts no
// Service port targets.
void add_flows_to(const World& world, const FlowJudge& judge, const Workload& from,
                  const Workload& to, std::vector<WorkloadFlow>& flows) {
  std::vector<PortProtocol> covered;
  for (const spec::Workload& w : world.scenario().workloads) {
    const auto* service = std::get_if<spec::Service>(&w);
    if (service == nullptr || !selects(*service, *to.deployment)) continue;
    const std::optional<net::Ipv4> ip = world.services().cluster_ip(service->ns, service->name);
    for (const spec::ServicePort& sp : service->ports) {
      const std::optional<PortProtocol> target = target_of(sp, *to.deployment);
      if (target) covered.push_back(*target);
      const PortProtocol port{static_cast<uint16_t>(sp.port), sp.protocol};
      if (ip) {
        flows.push_back(judge.judge(from, to.name, *ip, port, to.pod->ip,
                                    fmt::format("service {}/{} {}:{}", service->ns, service->name,
                                                ip->to_string(), sp.port)));
      } else if (target) {  // headless: clients dial the pods the DNS name returns
        flows.push_back(judge.judge(
            from, to.name, to.pod->ip, *target, std::nullopt,
            fmt::format("{}:{} (headless service {}/{})", pod_text(world.api(), *to.pod),
                        target->port, service->ns, service->name)));
      }
    }
  }
  for (const spec::ContainerPort& c : to.deployment->container_ports) {
    const PortProtocol port{static_cast<uint16_t>(c.port), c.protocol};
    if (std::find(covered.begin(), covered.end(), port) != covered.end()) continue;
    covered.push_back(port);
    flows.push_back(judge.judge(from, to.name, to.pod->ip, port, std::nullopt,
                                fmt::format("{}:{}", pod_text(world.api(), *to.pod), c.port)));
  }
}

}  // namespace

const k8s::Pod* representative_pod(const World& world, std::string_view ns, std::string_view name) {
  const k8s::ApiServer& api = world.api();
  const k8s::Pod* best = nullptr;
  for (uint32_t i = 0; i < api.pod_slots(); ++i) {
    const k8s::Pod& pod = api.pod(k8s::PodId(i));
    const k8s::PodTemplate& spec = api.spec_of(pod);
    if (pod.removed || pod.terminating || pod.phase != k8s::PodPhase::kRunning || !pod.has_ip ||
        spec.host_network || spec.owner_kind != k8s::OwnerKind::kReplicaSet ||
        api.namespace_of(pod) != ns || api.strings().view(spec.owner_name) != name ||
        world.node_agent(pod.node) == nullptr) {
      continue;
    }
    if (best == nullptr || pod.name < best->name) best = &pod;
  }
  return best;
}

WorkloadReachability compute_workload_reachability(const World& world) {
  WorkloadReachability result;
  if (!world.network_policies().enforcing()) return result;
  std::vector<Workload> workloads;
  for (const spec::Workload& w : world.scenario().workloads) {
    const auto* d = std::get_if<spec::Deployment>(&w);
    if (d == nullptr || d->host_network) continue;
    Workload workload{d, d->ns + "/" + d->name, representative_pod(world, d->ns, d->name)};
    if (workload.pod == nullptr) {
      result.notes.push_back(workload.name + ": no Running pod, not judged");
      continue;
    }
    workloads.push_back(std::move(workload));
  }
  const FlowJudge judge(world);
  const detail::Member coredns = detail::coredns_member(world);
  const net::Ipv4 kube_dns = world.services().kube_dns_ip();
  for (const Workload& from : workloads) {
    for (const Workload& to : workloads) {
      if (&from != &to) add_flows_to(world, judge, from, to, result.flows);
    }
    for (const PortProtocol& port :
         {PortProtocol{53, net::Protocol::udp()}, PortProtocol{53, net::Protocol::tcp()}}) {
      result.flows.push_back(
          judge.judge(from, "coredns", kube_dns, port, coredns.endpoint.address,
                      fmt::format("service kube-system/kube-dns {}:53", kube_dns.to_string())));
    }
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
