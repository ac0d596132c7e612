#include "models/k8s/service.h"

namespace ekssim::k8s {

bool Service::externally_accessible() const {
  return type == ServiceType::kLoadBalancer || type == ServiceType::kNodePort ||
         (type == ServiceType::kClusterIP && !external_ips.empty());
}

bool Service::external_policy_local() const {
  return externally_accessible() && external_traffic_policy == TrafficPolicy::kLocal;
}

bool Service::needs_health_check() const {
  return type == ServiceType::kLoadBalancer && external_policy_local();
}

std::string service_port_name(const Service& service, const ServicePort& port) {
  std::string text;
  text.reserve(service.ns.size() + service.name.size() + port.name.size() + 2);
  text.append(service.ns).append("/").append(service.name);
  if (!port.name.empty()) text.append(":").append(port.name);
  return text;
}

std::string_view lowercase_protocol(net::Protocol protocol) {
  if (protocol == net::Protocol::udp()) return "udp";
  if (protocol == kSctp) return "sctp";
  return "tcp";
}

}  // namespace ekssim::k8s
