#pragma once
// Builders for the kube-proxy tests, following the conventions of upstream's NewFakeProxier
// (pkg/proxy/iptables/proxier_test.go): pod IPs in 10.0.0.0/8, cluster IPs in 172.30.0.0/16,
// this node "test-node" at 192.168.0.2, mark 0x4000, localhost node ports and nfacct on, and an
// iptables without --random-fully.

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "models/k8s/endpoints.h"
#include "models/k8s/ids.h"
#include "models/k8s/proxy/node_proxy_view.h"
#include "models/k8s/proxy/proxy_config.h"
#include "models/k8s/proxy/service_table.h"
#include "models/k8s/service.h"
#include "models/net/ipv4.h"

namespace ekssim::k8s::testing {

inline net::Ipv4 ip(std::string_view text) {
  return *net::Ipv4::parse(text);
}
inline net::Cidr cidr(std::string_view text) {
  return *net::Cidr::parse(text);
}

// "test-node" and the other nodes of upstream's tests, as interned node names (any distinct
// non-empty ids: the table only compares them).
inline constexpr StrId kTestNode{1};
inline constexpr StrId kOtherNode{2};

inline ProxyConfig upstream_fake_config() {
  ProxyConfig config;
  config.masquerade_mark = "0x4000";
  config.cluster_cidr = cidr("10.0.0.0/8");
  config.localhost_node_ports = true;
  config.nfacct_counters = true;
  config.random_fully = false;
  return config;
}

inline Service service(std::string ns, std::string name, std::string_view cluster_ip,
                       std::vector<ServicePort> ports) {
  Service svc;
  svc.ns = std::move(ns);
  svc.name = std::move(name);
  svc.cluster_ip = ip(cluster_ip);
  svc.ports = std::move(ports);
  return svc;
}

inline ServicePort tcp_port(std::string name, uint16_t port, uint16_t node_port = 0) {
  return ServicePort{std::move(name), port, port, node_port, net::Protocol::tcp()};
}

inline Endpoint endpoint(std::string_view address, StrId node = StringTable::kEmpty,
                         EndpointConditions conditions = {}) {
  return Endpoint{ip(address), node, conditions};
}

inline EndpointSlice slice(std::vector<EndpointPort> ports, std::vector<Endpoint> endpoints) {
  return EndpointSlice{std::move(ports), std::move(endpoints)};
}

inline EndpointPort tcp_endpoint_port(std::string name, uint16_t port) {
  return EndpointPort{std::move(name), port, net::Protocol::tcp()};
}

// A table and config with a view for the test node.
struct ProxyWorld {
  ProxyServiceTable table;
  ProxyConfig config = upstream_fake_config();
  StrId node = kTestNode;
  net::Ipv4 node_ip = ip("192.168.0.2");

  void add(const Service& svc, std::vector<EndpointSlice> slices = {}) { table.set(svc, slices); }
  NodeProxyView view() const { return NodeProxyView{table, config, node, node_ip}; }
};

}  // namespace ekssim::k8s::testing
