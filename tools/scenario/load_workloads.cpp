// workloads: a list of Kubernetes objects told apart by `kind`, and externalHosts' neighbour,
// the shared name helpers.

#include <fmt/format.h>

#include <map>
#include <utility>

#include "tools/scenario/kubernetes_names.h"
#include "tools/scenario/sections.h"
#include "tools/scenario/workload_fields.h"

namespace ekssim::scenario {

std::optional<std::string> read_k8s_name(MapReader& map, std::string_view key, Need need,
                                         bool (*valid)(std::string_view),
                                         std::string_view expected) {
  auto node = need == Need::kRequired ? map.require(key, expected) : map.get(key);
  if (!node) return std::nullopt;
  auto name = map.reader().text(*node, key, expected);
  if (!name) return std::nullopt;
  if (!valid(*name)) {
    map.reader().error(*node, fmt::format("{} '{}' is not a valid Kubernetes name", key, *name),
                       std::string(expected));
    return std::nullopt;
  }
  return name;
}

std::string read_namespace(MapReader& map) {
  return read_k8s_name(map, "namespace", Need::kOptional, is_dns1123_label, kDns1123LabelExpected)
      .value_or("default");
}

std::optional<net::Protocol> read_port_protocol(MapReader& map) {
  static const std::vector<std::string> kProtocols = {"TCP", "UDP", "SCTP"};
  const auto protocol = map.one_of("protocol", Need::kOptional, kProtocols);
  if (!protocol) return std::nullopt;
  if (*protocol == "UDP") return net::Protocol::udp();
  if (*protocol == "SCTP") return net::Protocol::number(132);
  return net::Protocol::tcp();
}

std::vector<spec::Workload> load_workloads(Reader& reader, const YAML::Node& node,
                                           const net::Cidr& service_cidr,
                                           const spec::PortRange& node_ports) {
  static const std::vector<std::string> kKinds = {"Deployment", "Service", "EndpointSlice",
                                                  "NetworkPolicy", "SecurityGroupPolicy"};
  std::vector<spec::Workload> workloads;
  for_each_item(reader, node, "workloads",
                "a list of Deployments, Services, EndpointSlices, NetworkPolicies and "
                "SecurityGroupPolicies",
                [&](const YAML::Node& item, const std::string& label) {
                  MapReader map(reader, item, label, "a workload");
                  if (!map.ok()) return;
                  auto kind = map.one_of("kind", Need::kRequired, kKinds);
                  if (!kind) return;  // the other keys depend on the kind
                  if (*kind == "Deployment") {
                    map.set_what("a Deployment");
                    workloads.emplace_back(load_deployment(map));
                  } else if (*kind == "Service") {
                    map.set_what("a Service");
                    workloads.emplace_back(load_service(map, service_cidr, node_ports));
                  } else if (*kind == "NetworkPolicy") {
                    map.set_what("a NetworkPolicy");
                    workloads.emplace_back(load_network_policy(map));
                  } else if (*kind == "SecurityGroupPolicy") {
                    map.set_what("a SecurityGroupPolicy");
                    workloads.emplace_back(load_security_group_policy(map));
                  } else {
                    map.set_what("an EndpointSlice");
                    workloads.emplace_back(load_endpoint_slice(map));
                  }
                  map.finish();
                });
  check_service_allocations(reader, workloads);
  check_node_port_range_size(reader, workloads, node_ports);
  return workloads;
}

// More node ports than serviceNodePortRange holds: the allocator refuses the Service that finds
// it full (portallocator ErrFull, "range is full").
void check_node_port_range_size(Reader& reader, const std::vector<spec::Workload>& workloads,
                                const spec::PortRange& node_ports) {
  const int size = node_ports.last - node_ports.first + 1;
  int needed = 0;
  for (const spec::Workload& w : workloads) {
    const auto* s = std::get_if<spec::Service>(&w);
    if (s == nullptr) continue;
    const bool has_node_ports =
        s->type == spec::ServiceType::kNodePort || s->type == spec::ServiceType::kLoadBalancer;
    if (has_node_ports) needed += static_cast<int>(s->ports.size());
    if (s->type == spec::ServiceType::kLoadBalancer &&
        s->external_traffic_policy == spec::TrafficPolicy::kLocal) {
      ++needed;  // the health check node port
    }
    if (needed > size) {
      reader.error(s->location,
                   fmt::format("Service {}/{} needs node port {} of a serviceNodePortRange of {} "
                               "({}-{}): range is full",
                               s->ns, s->name, needed, size, node_ports.first, node_ports.last),
                   "fewer NodePort and LoadBalancer Service ports, or a wider "
                   "cluster.serviceNodePortRange");
      return;
    }
  }
}

// Two Services cannot hold one clusterIP or one node port: the API server's allocators refuse the
// second ("provided IP is already allocated", pkg/registry/core/service/ipallocator;
// "provided port is already allocated", portallocator; node ports and health check node ports
// share one allocator). kube-proxy would otherwise write two Services' rules for one address.
void check_service_allocations(Reader& reader, const std::vector<spec::Workload>& workloads) {
  std::map<net::Ipv4, const spec::Service*> ips;
  std::map<int, std::pair<const spec::Service*, spec::Location>> ports;
  auto claim_port = [&](const spec::Service& s, int port, spec::Location at, std::string_view key) {
    const auto [it, fresh] = ports.emplace(port, std::pair{&s, at});
    if (fresh) return;
    const spec::Service& first = *it->second.first;
    reader.error(at,
                 fmt::format("{} {} of Service {}/{} is Service {}/{}'s (line {}): provided port "
                             "is already allocated",
                             key, port, s.ns, s.name, first.ns, first.name, it->second.second.line),
                 "a node port no other Service has, or none to have one allocated");
  };
  for (const spec::Workload& w : workloads) {
    const auto* s = std::get_if<spec::Service>(&w);
    if (s == nullptr) continue;
    if (s->cluster_ip) {
      const auto [it, fresh] = ips.emplace(*s->cluster_ip, s);
      if (!fresh) {
        reader.error(s->location,
                     fmt::format("Service {}/{} has clusterIP {}, which Service {}/{} has (line "
                                 "{}): provided IP is already allocated",
                                 s->ns, s->name, s->cluster_ip->to_string(), it->second->ns,
                                 it->second->name, it->second->location.line),
                     "an address no other Service has, or none to have one allocated");
      }
    }
    for (const spec::ServicePort& p : s->ports) {
      if (p.node_port) claim_port(*s, *p.node_port, p.location, "nodePort");
    }
    if (s->health_check_node_port) {
      claim_port(*s, *s->health_check_node_port, s->location, "healthCheckNodePort");
    }
  }
}

}  // namespace ekssim::scenario
