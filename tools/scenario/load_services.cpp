// kind: Service and kind: EndpointSlice, with the rules of Kubernetes' ValidateService and
// ValidateEndpointSlice (kubernetes/kubernetes, pkg/apis/core/validation/validation.go and
// pkg/apis/discovery/validation/validation.go) that matter to the data path: which fields each
// type allows, port and nodePort ranges (the cluster's serviceNodePortRange, by default
// kube-apiserver's --service-node-port-range 30000-32767), the
// clusterIP inside the service CIDR, unique port names.

#include <fmt/format.h>

#include <algorithm>

#include "tools/scenario/kubernetes_names.h"
#include "tools/scenario/sections.h"
#include "tools/scenario/sloppy_ip.h"
#include "tools/scenario/traffic_fields.h"
#include "tools/scenario/workload_fields.h"

namespace ekssim::scenario {
namespace {

void load_service_port(Reader& reader, const YAML::Node& node, const std::string& label,
                       spec::Service& s, bool node_ports_allowed,
                       const spec::PortRange& node_ports) {
  MapReader map(reader, node, label, "a Service port");
  if (!map.ok()) return;
  spec::ServicePort p;
  p.location = map.location();
  if (auto name = read_k8s_name(map, "name", Need::kOptional, is_port_name, kPortNameExpected)) {
    p.name = *name;
  }
  if (auto port_node = map.require("port", "a port from 1 to 65535")) {
    if (auto port = read_port(reader, *port_node, "port")) p.port = *port;
  }
  p.target_port = p.port;
  if (auto target = map.get("targetPort")) {
    if (target->IsScalar() && !is_quoted(*target) &&
        target->Scalar().find_first_not_of("0123456789") == std::string::npos) {
      if (auto port = read_port(reader, *target, "targetPort")) p.target_port = *port;
    } else if (auto name = reader.text(*target, "targetPort", "a port number or a port name")) {
      if (is_port_name(*name)) {
        p.target_port = 0;
        p.target_port_name = *name;
      } else {
        reader.error(*target, fmt::format("targetPort '{}' is not a valid port name", *name),
                     std::string(kPortNameExpected) + ", or a number from 1 to 65535");
      }
    }
  }
  if (auto node_port = map.get("nodePort")) {
    if (!node_ports_allowed) {
      reader.error(*node_port, "nodePort given for a Service that is not NodePort or LoadBalancer",
                   "nodePort only with type NodePort or LoadBalancer");
    } else if (auto n = reader.integer(*node_port, "nodePort", node_ports.first, node_ports.last)) {
      p.node_port = static_cast<int>(*n);
    }
  }
  if (auto protocol = read_port_protocol(map)) p.protocol = *protocol;
  map.finish();
  s.ports.push_back(std::move(p));
}

// More than one port: every port named, names unique; (port, protocol) pairs unique.
void check_ports(Reader& reader, const spec::Service& s) {
  for (size_t i = 0; i < s.ports.size(); ++i) {
    const spec::ServicePort& p = s.ports[i];
    if (s.ports.size() > 1 && p.name.empty()) {
      reader.error(p.location, "a port of a multi-port Service has no name",
                   "a name on every port when there are several");
    }
    for (size_t j = 0; j < i; ++j) {
      const spec::ServicePort& q = s.ports[j];
      if (!p.name.empty() && p.name == q.name) {
        reader.error(
            p.location,
            fmt::format("port name '{}' is used twice (first at line {})", p.name, q.location.line),
            "unique port names");
      } else if (p.port == q.port && p.protocol == q.protocol && p.port != 0) {
        reader.error(p.location,
                     fmt::format("port {}/{} is listed twice (first at line {})", p.port,
                                 p.protocol.to_string(), q.location.line),
                     "each port and protocol once");
      }
    }
  }
}

std::optional<spec::TrafficPolicy> policy(MapReader& map, std::string_view key) {
  auto p = map.one_of(key, Need::kOptional, {"Cluster", "Local"});
  if (!p) return std::nullopt;
  return *p == "Local" ? spec::TrafficPolicy::kLocal : spec::TrafficPolicy::kCluster;
}

void load_session_affinity(MapReader& map, spec::Service& s) {
  Reader& reader = map.reader();
  if (auto affinity = map.one_of("sessionAffinity", Need::kOptional, {"None", "ClientIP"})) {
    s.session_affinity_client_ip = *affinity == "ClientIP";
  }
  auto config = map.get("sessionAffinityConfig");
  if (!config) return;
  if (!s.session_affinity_client_ip) {
    reader.error(*config, "sessionAffinityConfig given without sessionAffinity: ClientIP",
                 "sessionAffinityConfig only with sessionAffinity: ClientIP");
    return;
  }
  MapReader config_map(reader, *config, "sessionAffinityConfig", "a session affinity config");
  if (!config_map.ok()) return;
  if (auto client_ip = config_map.require("clientIP", "{timeoutSeconds: N}")) {
    MapReader c(reader, *client_ip, "clientIP", "the client IP affinity");
    if (c.ok()) {
      if (auto t = c.integer("timeoutSeconds", Need::kOptional, 1, 86400)) {
        s.session_affinity_timeout_seconds = static_cast<int>(*t);
      }
      c.finish();
    }
  }
  config_map.finish();
}

// A field only some Service types take.
void only_for(MapReader& map, std::string_view key, bool allowed, std::string_view which) {
  if (auto node = map.get(key); node && !allowed) {
    map.reader().error(*node, fmt::format("{} given for this Service's type", key),
                       fmt::format("{} only {}", key, which));
  }
}

}  // namespace

spec::Service load_service(MapReader& map, const net::Cidr& service_cidr,
                           const spec::PortRange& node_port_range) {
  Reader& reader = map.reader();
  spec::Service s;
  s.location = map.location();
  s.ns = read_namespace(map);
  if (auto name =
          read_k8s_name(map, "name", Need::kRequired, is_dns1035_label, kDns1035LabelExpected)) {
    s.name = *name;
    map.set_what("Service '" + s.name + "'");
  }
  if (auto type = map.one_of("type", Need::kOptional,
                             {"ClusterIP", "NodePort", "LoadBalancer", "ExternalName"})) {
    s.type = *type == "NodePort"       ? spec::ServiceType::kNodePort
             : *type == "LoadBalancer" ? spec::ServiceType::kLoadBalancer
             : *type == "ExternalName" ? spec::ServiceType::kExternalName
                                       : spec::ServiceType::kClusterIP;
  }
  const bool external_name = s.type == spec::ServiceType::kExternalName;
  const bool load_balancer = s.type == spec::ServiceType::kLoadBalancer;
  const bool node_ports = load_balancer || s.type == spec::ServiceType::kNodePort;

  if (auto ip = map.get("clusterIP")) {
    if (external_name) {
      reader.error(*ip, "clusterIP given for an ExternalName Service",
                   "no clusterIP: an ExternalName Service is a DNS alias");
    } else if (ip->IsScalar() && ip->Scalar() == "None") {
      s.headless = true;
      if (s.type != spec::ServiceType::kClusterIP) {
        reader.error(*ip, "clusterIP None on a NodePort or LoadBalancer Service",
                     "clusterIP: None only with type ClusterIP");
      }
    } else if (auto address = reader.ipv4(*ip, "clusterIP")) {
      // The API server's ipallocator hands out the range less its network and broadcast
      // addresses; default/kubernetes holds the first address and kube-dns the tenth (EKS).
      const uint64_t offset = address->value() - service_cidr.base().value();
      if (service_cidr.contains(*address) && (offset == 1 || offset == 10)) {
        reader.error(*ip,
                     fmt::format("clusterIP {} is {}'s: provided IP is already allocated",
                                 address->to_string(),
                                 offset == 1 ? "default/kubernetes" : "kube-system/kube-dns"),
                     "another address inside serviceIpv4Cidr, or none to have one allocated");
      } else if (service_cidr.contains(*address) &&
                 (offset == 0 || offset + 1 == service_cidr.size())) {
        reader.error(*ip,
                     fmt::format("clusterIP {} is the service CIDR's {} address",
                                 address->to_string(), offset == 0 ? "network" : "broadcast"),
                     "an address inside serviceIpv4Cidr other than its first and last");
      } else if (service_cidr.contains(*address)) {
        s.cluster_ip = address;
      } else {
        reader.error(*ip,
                     fmt::format("clusterIP {} is outside the service CIDR {}",
                                 address->to_string(), service_cidr.to_string()),
                     "None, or an address inside serviceIpv4Cidr");
      }
    }
  }
  if (auto ports = map.get("ports")) {
    for_each_item(reader, *ports, "ports", "a list of ports",
                  [&](const YAML::Node& item, const std::string& label) {
                    load_service_port(reader, item, label, s, node_ports, node_port_range);
                  });
    check_ports(reader, s);
  } else if (!external_name && !s.headless) {
    map.require("ports", "a list of ports: [{name, port, targetPort, protocol}]");
  }
  if (auto selector = map.get("selector")) s.selector = reader.string_map(*selector, "selector");
  if (auto ips = map.get("externalIPs")) {
    for_each_item(reader, *ips, "externalIPs", "a list of IPv4 addresses",
                  [&](const YAML::Node& item, const std::string& label) {
                    if (auto a = read_service_ipv4(reader, item, label)) {
                      s.external_ips.push_back(*a);
                    }
                  });
  }
  only_for(map, "loadBalancerIP", load_balancer, "with type LoadBalancer");
  if (load_balancer) s.load_balancer_ip = map.ipv4("loadBalancerIP", Need::kOptional);
  only_for(map, "loadBalancerSourceRanges", load_balancer, "with type LoadBalancer");
  if (auto ranges = map.get("loadBalancerSourceRanges"); ranges && load_balancer) {
    for_each_item(reader, *ranges, "loadBalancerSourceRanges", "a list of CIDR blocks",
                  [&](const YAML::Node& item, const std::string& label) {
                    if (auto c = read_service_cidr(reader, item, label)) {
                      s.load_balancer_source_ranges.push_back(*c);
                    }
                  });
  }
  load_session_affinity(map, s);
  if (external_name && s.session_affinity_client_ip) {
    reader.error(*map.get("sessionAffinity"), "sessionAffinity ClientIP on an ExternalName Service",
                 "sessionAffinity: None for ExternalName");
  }
  only_for(map, "externalTrafficPolicy", node_ports, "with type NodePort or LoadBalancer");
  if (node_ports) {
    if (auto p = policy(map, "externalTrafficPolicy")) s.external_traffic_policy = *p;
  }
  only_for(map, "internalTrafficPolicy", !external_name, "without type ExternalName");
  if (!external_name) {
    if (auto p = policy(map, "internalTrafficPolicy")) s.internal_traffic_policy = *p;
  }
  const bool health_check_allowed =
      load_balancer && s.external_traffic_policy == spec::TrafficPolicy::kLocal;
  only_for(map, "healthCheckNodePort", health_check_allowed,
           "with type LoadBalancer and externalTrafficPolicy Local");
  if (health_check_allowed) {
    if (auto port = map.integer("healthCheckNodePort", Need::kOptional, node_port_range.first,
                                node_port_range.last)) {
      s.health_check_node_port = static_cast<int>(*port);
    }
  }
  only_for(map, "externalName", external_name, "with type ExternalName");
  if (external_name) {
    if (auto target = read_k8s_name(map, "externalName", Need::kRequired, is_dns1123_subdomain,
                                    kDns1123SubdomainExpected)) {
      s.external_name = *target;
    }
  }
  return s;
}

namespace {

void load_slice_endpoint(Reader& reader, const YAML::Node& node, const std::string& label,
                         spec::EndpointSlice& slice) {
  MapReader map(reader, node, label, "an endpoint");
  if (!map.ok()) return;
  spec::EndpointSliceEndpoint e;
  e.location = map.location();
  if (auto addresses = map.require("addresses", "a list of 1 to 100 IPv4 addresses")) {
    for_each_item(reader, *addresses, "addresses", "a list of 1 to 100 IPv4 addresses",
                  [&](const YAML::Node& item, const std::string& item_label) {
                    if (auto a = reader.ipv4(item, item_label)) e.addresses.push_back(*a);
                  });
    if (addresses->IsSequence() && (addresses->size() < 1 || addresses->size() > 100)) {
      reader.error(*addresses, fmt::format("addresses has {} entries", addresses->size()),
                   "a list of 1 to 100 IPv4 addresses");
    }
  }
  if (auto conditions = map.get("conditions")) {
    MapReader c(reader, *conditions, "conditions", "endpoint conditions");
    if (c.ok()) {
      e.conditions.ready = c.boolean("ready", Need::kOptional);
      e.conditions.serving = c.boolean("serving", Need::kOptional);
      e.conditions.terminating = c.boolean("terminating", Need::kOptional);
      c.finish();
    }
  }
  if (auto node_name = read_k8s_name(map, "nodeName", Need::kOptional, is_dns1123_subdomain,
                                     kDns1123SubdomainExpected)) {
    e.node_name = *node_name;
  }
  map.finish();
  slice.endpoints.push_back(std::move(e));
}

void load_slice_port(Reader& reader, const YAML::Node& node, const std::string& label,
                     spec::EndpointSlice& slice) {
  MapReader map(reader, node, label, "an EndpointSlice port");
  if (!map.ok()) return;
  spec::EndpointSlicePort p;
  p.location = map.location();
  if (auto name = read_k8s_name(map, "name", Need::kOptional, is_port_name, kPortNameExpected)) {
    p.name = *name;
  }
  if (auto port = map.get("port")) {
    if (auto n = read_port(reader, *port, "port")) p.port = *n;
  }
  if (auto protocol = read_port_protocol(map)) p.protocol = *protocol;
  map.finish();
  slice.ports.push_back(std::move(p));
}

}  // namespace

spec::EndpointSlice load_endpoint_slice(MapReader& map) {
  Reader& reader = map.reader();
  spec::EndpointSlice slice;
  slice.location = map.location();
  slice.ns = read_namespace(map);
  if (auto name = read_k8s_name(map, "name", Need::kRequired, is_dns1123_subdomain,
                                kDns1123SubdomainExpected)) {
    slice.name = *name;
    map.set_what("EndpointSlice '" + slice.name + "'");
  }
  if (auto service = map.ref("service", Need::kRequired,
                             "the Service's name (label kubernetes.io/service-name)")) {
    slice.service = *service;
  }
  map.one_of("addressType", Need::kOptional, {"IPv4"});
  if (auto ports = map.get("ports")) {
    for_each_item(reader, *ports, "ports", "a list of ports",
                  [&](const YAML::Node& item, const std::string& label) {
                    load_slice_port(reader, item, label, slice);
                  });
  }
  if (auto endpoints = map.get("endpoints")) {
    for_each_item(reader, *endpoints, "endpoints", "a list of endpoints",
                  [&](const YAML::Node& item, const std::string& label) {
                    load_slice_endpoint(reader, item, label, slice);
                  });
  }
  return slice;
}

}  // namespace ekssim::scenario
