#pragma once
// Services as kube-proxy reads them (k8s.io/api/core/v1 Service), and the derived facts kube-proxy
// computes per service port (pkg/proxy/serviceport.go BaseServicePortInfo, pkg/api/v1/service
// ExternallyAccessible / ExternalPolicyLocal / InternalPolicyLocal / NeedsHealthCheck).
//
// Only IPv4 single-stack is modelled. Load balancer ingress is the list of ingress IPs; hostname
// ingress (what an AWS NLB/CLB publishes) gives kube-proxy nothing to program, so it is simply an
// empty list here.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/net/ipv4.h"
#include "models/net/protocol.h"

namespace ekssim::k8s {

enum class ServiceType { kClusterIP, kNodePort, kLoadBalancer, kExternalName };
enum class TrafficPolicy { kCluster, kLocal };
enum class SessionAffinity { kNone, kClientIP };

// v1.DefaultClientIPServiceAffinitySeconds: sessionAffinityConfig.clientIP.timeoutSeconds when
// unset.
inline constexpr int32_t kDefaultClientIPAffinitySeconds = 10800;

// SCTP has no constant in net::Protocol (EC2 rules do not name it); kube-proxy does.
inline constexpr net::Protocol kSctp = net::Protocol::number(132);

struct ServicePort {
  std::string name;  // may be empty only when the service has one port
  uint16_t port = 0;
  // The number the endpoints controller resolves targetPort to is what EndpointSlices carry;
  // kube-proxy never reads this field. Kept for the scenario's and the reports' sake.
  uint16_t target_port = 0;
  uint16_t node_port = 0;  // 0: none allocated
  net::Protocol protocol = net::Protocol::tcp();
};

struct Service {
  std::string ns;
  std::string name;
  ServiceType type = ServiceType::kClusterIP;
  std::optional<net::Ipv4> cluster_ip;  // none: headless (clusterIP: None)
  std::vector<ServicePort> ports;
  std::vector<net::Ipv4> external_ips;
  std::vector<net::Ipv4> load_balancer_ips;  // status.loadBalancer.ingress[].ip (VIP mode)
  std::vector<net::Cidr> load_balancer_source_ranges;
  SessionAffinity session_affinity = SessionAffinity::kNone;
  int32_t affinity_timeout_seconds = kDefaultClientIPAffinitySeconds;
  TrafficPolicy external_traffic_policy = TrafficPolicy::kCluster;
  TrafficPolicy internal_traffic_policy = TrafficPolicy::kCluster;
  uint16_t health_check_node_port = 0;

  // kube-proxy's ServiceChangeTracker skips headless and ExternalName services: no rules at all.
  bool proxied() const { return cluster_ip.has_value() && type != ServiceType::kExternalName; }
  // apiservice.ExternallyAccessible: LoadBalancer, NodePort, or ClusterIP with external IPs.
  bool externally_accessible() const;
  // apiservice.ExternalPolicyLocal: externalTrafficPolicy Local counts only when externally
  // accessible.
  bool external_policy_local() const;
  bool internal_policy_local() const { return internal_traffic_policy == TrafficPolicy::kLocal; }
  // apiservice.NeedsHealthCheck: kube-proxy serves healthCheckNodePort only for LoadBalancer
  // services with Local external policy.
  bool needs_health_check() const;
};

// proxy.ServicePortName.String(): "ns/name:port", or "ns/name" when the port has no name.
std::string service_port_name(const Service& service, const ServicePort& port);

// The lowercase protocol name kube-proxy hashes into chain names and writes after -m/-p:
// "tcp", "udp", "sctp".
std::string_view lowercase_protocol(net::Protocol protocol);

}  // namespace ekssim::k8s
