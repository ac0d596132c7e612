#pragma once
// The cluster's Services and endpoints as kube-proxy holds them (pkg/proxy ServicePortMap and
// EndpointsMap), compiled once and shared by every node's view: one ServicePortEntry per
// (service, port), with its chain-name hash, its endpoints in kube-proxy's order, and the
// endpoint sets that do not depend on the node. What does depend on the node (which endpoints
// are local) is a binary search into a per-entry index, so a node's view copies nothing.
//
// Versioning: entries are immutable and held by shared_ptr, so copying a table (one version per
// kube-proxy sync, say) shares every entry that did not change.
//
// Upstream sources: pkg/proxy/endpointslicecache.go (endpoints deduplicated by "ip:port" and
// sorted by that string), pkg/proxy/topology.go CategorizeEndpoints (ready endpoints, else
// serving-and-terminating ones, separately for Cluster and Local policy).
// Simplifications: IPv4 only; topology hints ignored; when two slices list the same "ip:port" the
// first wins (upstream prefers the copy that is local to the node, which only matters when the
// slices disagree about the endpoint's node).

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "models/k8s/endpoints.h"
#include "models/k8s/ids.h"
#include "models/k8s/proxy/chain_names.h"
#include "models/k8s/service.h"
#include "models/net/ipv4.h"
#include "models/net/protocol.h"

namespace ekssim::k8s {

struct ProxyEndpoint {
  net::Ipv4 ip;
  uint16_t port = 0;
  StrId node_name = StringTable::kEmpty;  // Endpoint::node_name
  EndpointConditions conditions;
  ChainHash chain{};  // the KUBE-SEP- suffix

  // Usable by some policy: ready, or serving while terminating (CategorizeEndpoints' fallback).
  bool usable() const { return conditions.ready || (conditions.serving && conditions.terminating); }
};

// "10.180.0.1:80": BaseEndpointInfo.String(), the text hashed into the SEP chain name.
void append_endpoint(std::string& out, net::Ipv4 ip, uint16_t port);

// One service port with its endpoints: servicePortInfo plus its EndpointsMap entry.
struct ServicePortEntry {
  std::string ns;
  std::string service;
  std::string port_name;
  std::string name;  // "ns/service:port", the ServicePortName string in rules and comments
  net::Protocol protocol = net::Protocol::tcp();
  net::Ipv4 cluster_ip;
  uint16_t port = 0;
  uint16_t node_port = 0;
  uint16_t health_check_node_port = 0;  // 0 unless the service needs a health check
  std::vector<net::Ipv4> external_ips;
  std::vector<net::Ipv4> load_balancer_ips;
  std::vector<net::Cidr> load_balancer_source_ranges;
  SessionAffinity affinity = SessionAffinity::kNone;
  int32_t affinity_timeout_seconds = kDefaultClientIPAffinitySeconds;
  bool internal_policy_local = false;
  bool external_policy_local = false;
  ChainHash hash{};

  // Every endpoint of the port, ready or not, deduplicated and sorted by "ip:port".
  std::vector<ProxyEndpoint> endpoints;
  // The Cluster-policy endpoints: the ready ones, or the serving-terminating ones if none is
  // ready. Same order.
  std::vector<ProxyEndpoint> cluster_endpoints;
  // The usable endpoints that have a nodeName, grouped by it, ready ones first within a node.
  std::vector<ProxyEndpoint> usable_by_node;

  std::string_view protocol_name() const { return lowercase_protocol(protocol); }
  // BaseServicePortInfo.ExternallyAccessible: a node port, an LB IP or an external IP.
  bool externally_accessible() const {
    return node_port != 0 || !load_balancer_ips.empty() || !external_ips.empty();
  }
  // Cluster endpoints serve Cluster internal policy and every external destination: even with
  // Local external policy, pod traffic to an external address short-circuits to KUBE-SVC.
  bool uses_cluster_endpoints() const { return !internal_policy_local || externally_accessible(); }
  bool uses_local_endpoints() const {
    return internal_policy_local || (externally_accessible() && external_policy_local);
  }
  // CategorizeEndpoints' hasAnyEndpoints: some endpoint is usable somewhere in the cluster.
  bool has_endpoints() const { return !cluster_endpoints.empty(); }
  // The Local-policy endpoints of the node named `node_name` (interned; StringTable::kMissing
  // matches none): its ready endpoints, or its serving-terminating ones if none is ready. A
  // subrange of usable_by_node; no allocation.
  std::span<const ProxyEndpoint> local_endpoints(StrId node_name) const;
};

// Compiles one Service into its ports' entries, in port order. Empty for a service kube-proxy
// ignores (headless, ExternalName). `previous`: the service's entries as last compiled, whose
// ports' KUBE-SVC hashes and endpoints' KUBE-SEP hashes are taken over instead of hashed again
// (a SHA-256 each: CoreDNS's thousand endpoints were hashed again on every replica that came or
// went).
std::vector<ServicePortEntry> compile_service(
    const Service& service, std::span<const EndpointSlice> slices,
    std::span<const std::shared_ptr<const ServicePortEntry>> previous = {});

class ProxyServiceTable {
 public:
  using Entry = std::shared_ptr<const ServicePortEntry>;

  // Adds the service or replaces what the table holds for it (spec and endpoints together, as
  // kube-proxy's change trackers do on every Service or EndpointSlice event). An endpoints-only
  // change costs O(log entries) besides compiling the service; a new or reshaped service also
  // moves the tail of two vectors. Returns the service's entries as the table now holds them,
  // as service_entries() would, without a second search (valid until the next change).
  std::span<const Entry> set(const Service& service, std::span<const EndpointSlice> slices);
  void remove(std::string_view ns, std::string_view name);

  // Ordered by (namespace, service, port name, protocol). Upstream walks a Go map, whose order
  // changes from sync to sync; a fixed order keeps ekssim's output reproducible.
  std::span<const Entry> entries() const { return entries_; }
  // The entries of one service, in port order (empty if it has none). O(log entries).
  std::span<const Entry> service_entries(std::string_view ns, std::string_view name) const {
    const auto [first, last] = service_range(ns, name);
    return std::span<const Entry>(entries_).subspan(first, last - first);
  }
  // The entry whose cluster IP, port and protocol match, or nullptr. O(log entries).
  const ServicePortEntry* find_cluster_ip(net::Ipv4 ip, uint16_t port,
                                          net::Protocol protocol) const;
  // Endpoints summed over every service port (ready or not): what syncProxyRules compares with
  // largeClusterEndpointsThreshold.
  size_t total_endpoints() const { return total_endpoints_; }

 private:
  struct VipKey {
    uint64_t key;
    const ServicePortEntry* entry;
  };
  // The range [first, last) of entries_ that belong to ns/name.
  std::pair<size_t, size_t> service_range(std::string_view ns, std::string_view name) const;
  // Index maintenance in O(log entries) plus one move of the index's tail.
  void index_entry(const ServicePortEntry& entry);
  void unindex_entry(const ServicePortEntry& entry);
  void repoint_entry(const ServicePortEntry& old, const ServicePortEntry& entry);
  std::vector<VipKey>::iterator index_of(const ServicePortEntry& entry);

  std::vector<Entry> entries_;
  std::vector<VipKey> by_cluster_ip_;  // sorted by key
  size_t total_endpoints_ = 0;
};

// More endpoints than this and kube-proxy drops its per-endpoint comments
// (largeClusterEndpointsThreshold in proxier.go).
inline constexpr size_t kLargeClusterEndpointsThreshold = 1000;

}  // namespace ekssim::k8s
