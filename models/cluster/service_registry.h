#pragma once
// The cluster's Services and their endpoints as the control plane keeps them, and what kube-proxy
// and CoreDNS read from them:
// - Services from the scenario, plus the two every EKS cluster has: default/kubernetes (the API
//   server, at the first address of serviceIpv4Cidr, endpoints the control plane's ENIs on 443)
//   and kube-system/kube-dns (the tenth address, ports dns/53 udp, dns-tcp/53 tcp, metrics/9153).
//   A ClusterIP left out is allocated from the range by a seeded draw (pkg/registry/core/service/
//   ipallocator: random in the upper band, the lower band kept for pinned addresses); a NodePort
//   left out likewise from the serviceNodePortRange, 30000-32767 by default (portallocator).
// - The EndpointSlice controller (pkg/controller/endpointslice, reconciler.go): a Service with a
//   selector gets one endpoint per pod it selects that has an address; Running is ready (pods
//   have no readiness probes here, pod.h); a terminating pod is not ready, serving and
//   terminating (endpointslice utils podToEndpoint). Selectorless Services take the scenario's
//   EndpointSlices as written. Changes at one instant are applied together, as the controller's
//   work queue coalesces them.
// - kube-proxy's view on each node (pkg/proxy/iptables/proxier.go, pkg/util/async
//   BoundedFrequencyRunner): the rules change at syncs, and syncs run at most every
//   minSyncPeriod. A node applies a change at its next sync slot: slots recur every
//   minSyncPeriod at a seeded phase per node, so a node's rules lag the API by that phase.
//   Simplification: in a quiet cluster the runner would sync at once on the first change (the lag
//   is overstated by less than minSyncPeriod there); iptables-restore's own duration and the
//   syncPeriod resync (which repairs nothing here, since nothing corrupts the rules) are not
//   modelled.
//
// Cost: a pod change costs the matching Services' recompilation (O(their endpoints)); which
// Services select a pod is worked out once per pod template.

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "models/dns/coredns_kubernetes.h"
#include "models/k8s/api_server.h"
#include "models/k8s/proxy/dnat.h"
#include "models/k8s/proxy/node_proxy_view.h"
#include "models/k8s/proxy/proxy_config.h"
#include "models/k8s/proxy/service_table.h"
#include "models/spec/scenario.h"
#include "sim/kernel.h"
#include "sim/random.h"

namespace ekssim::cluster {

class ServiceRegistry final : public k8s::PodWatcher, public dns::ServiceDirectory {
 public:
  // `api_server_ips`: the control plane's addresses in the VPC (private access), the endpoints
  // of default/kubernetes; empty: the Service has no endpoints kube-proxy could use.
  ServiceRegistry(const spec::Scenario& scenario, sim::Kernel& kernel, k8s::ApiServer& api,
                  uint64_t seed, const std::vector<net::Ipv4>& api_server_ips);
  ServiceRegistry(const ServiceRegistry&) = delete;
  ServiceRegistry& operator=(const ServiceRegistry&) = delete;
  ~ServiceRegistry() override;

  net::Ipv4 kube_dns_ip() const { return kube_dns_ip_; }
  const k8s::ProxyConfig& proxy_config() const { return proxy_config_; }
  // The services as the API holds them now.
  const k8s::ProxyServiceTable& table() const { return table_; }
  // A scenario Service's cluster IP (allocated or pinned); none for a headless, ExternalName or
  // unknown one.
  std::optional<net::Ipv4> cluster_ip(std::string_view ns, std::string_view name) const;

  // How far `node`'s kube-proxy lags the API: its sync phase in [0, minSyncPeriod).
  sim::Duration sync_lag(std::string_view node_name) const;
  // What `node`'s rules, as of its last sync before `at`, do with a new connection. Memoized
  // per node (decided_); decide_unmemoized() is the same decision worked out afresh, for the
  // tests that check the memo against it.
  k8s::DnatDecision decide(k8s::NodeId node, std::string_view node_name, net::Ipv4 destination,
                           uint16_t port, net::Protocol protocol, sim::Time at) const;
  k8s::DnatDecision decide_unmemoized(k8s::NodeId node, std::string_view node_name,
                                      net::Ipv4 destination, uint16_t port, net::Protocol protocol,
                                      sim::Time at) const;
  // Bumped whenever any service port changes.
  uint64_t version() const { return version_; }
  // Moves at every change of a Service's endpoints, before it is published: lookup() reads them
  // at once.
  uint64_t answers_version() const override { return answers_version_; }
  // Bumped whenever kube-dns's endpoints change: cached DNS path outcomes are stale.
  uint64_t kube_dns_version() const { return kube_dns_version_; }

  // dns::ServiceDirectory: what CoreDNS's kubernetes plugin sees.
  bool namespace_exists(std::string_view ns) const override;
  dns::ServiceRecord lookup(std::string_view name, std::string_view ns) const override;

  // k8s::PodWatcher
  void pod_changed(const k8s::Pod& pod, k8s::PodChange change) override;
  void pod_removed(const k8s::Pod& pod) override;

 private:
  struct Entry;
  struct Version {
    sim::Time since;
    k8s::ProxyServiceTable::Entry entry;
  };

  void add_builtin_services(const std::vector<net::Ipv4>& api_server_ips);
  void add_scenario_service(const spec::Service& service,
                            const std::vector<const spec::EndpointSlice*>& slices);
  net::Ipv4 allocate_cluster_ip();
  uint16_t allocate_node_port();
  const std::vector<uint32_t>& services_selecting(const k8s::Pod& pod);
  void index_service(const std::string& ns, const std::string& name, uint32_t index);
  std::optional<uint32_t> find(std::string_view ns, std::string_view name) const;
  sim::Duration node_lag(k8s::NodeId node, std::string_view node_name) const;
  // The instant of `node`'s last sync before `at`.
  sim::Time synced_at(k8s::NodeId node, std::string_view node_name, sim::Time at) const;
  // The newest of a port's `versions` that a sync at `synced` saw, or null; with `from` and
  // `until`, the instants between which syncs see that same version (left alone at the ends).
  static const k8s::ServicePortEntry* seen_by_sync(const std::vector<Version>& versions,
                                                   sim::Time synced, sim::Time* from = nullptr,
                                                   sim::Time* until = nullptr);
  void set_endpoint(const k8s::Pod& pod, bool present);
  void mark_dirty(uint32_t service);
  void flush();
  void publish(uint32_t service);

  sim::Kernel& kernel_;
  k8s::ApiServer& api_;
  uint64_t seed_;
  sim::RandomStream random_;
  k8s::ProxyConfig proxy_config_;
  sim::Duration min_sync_period_;
  spec::PortRange node_ports_;  // serviceNodePortRange
  net::Cidr service_cidr_;
  net::Ipv4 kube_dns_ip_;
  std::set<uint32_t> used_cluster_ips_;
  std::set<uint16_t> used_node_ports_;
  std::vector<std::unique_ptr<Entry>> services_;
  // By namespace, then name; looked up with views, without building a key. Lookup only, never
  // iterated: CoreDNS's kubernetes plugin asks for every name it answers.
  struct ViewHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  template <typename V>
  using ByName = std::unordered_map<std::string, V, ViewHash, std::equal_to<>>;
  ByName<ByName<uint32_t>> by_name_;
  // Each namespace's Services in the order they were added; the lists are iterated, the map
  // only looked up.
  ByName<std::vector<uint32_t>> services_in_ns_;
  // Lookup only, never iterated.
  std::unordered_set<std::string, ViewHash, std::equal_to<>> namespaces_;
  // Each node's sync lag, by NodeId, computed once.
  mutable std::vector<std::optional<sim::Duration>> lag_by_node_;
  // A decision of decide() and the synced instants it holds for: the node's last sync saw the
  // service port's version that started at `from` and no later one, which holds until the next
  // version starts at `until`. The history changes only in publish(), which moves version_.
  struct Decided {
    uint64_t version = ~uint64_t{0};
    uint64_t key = 0;  // port_key
    sim::Time from;
    sim::Time until;
    k8s::DnatDecision decision;
  };
  // decide()'s last decisions by NodeId (ids are never reused): one for kube-dns's udp port,
  // which every DNS exchange asks about, and one for the last other service port. The 5,000-node
  // run decides two or three times per lookup, and working each out costs several cache misses
  // (the history, the node's name, the endpoints' plan).
  mutable std::vector<std::array<Decided, 2>> decided_;
  std::vector<std::vector<uint32_t>> selecting_by_template_;
  std::vector<bool> selecting_known_;
  std::set<uint32_t> dirty_;
  bool flush_scheduled_ = false;
  uint32_t kube_dns_index_ = 0;
  uint64_t kube_dns_version_ = 0;
  uint64_t version_ = 0;
  uint64_t answers_version_ = 0;
  k8s::ProxyServiceTable table_;
  // Recent versions of each service port (keyed by cluster IP, port and protocol), newest last,
  // for nodes whose rules lag; pruned to the last minSyncPeriod. Lookup only, never iterated:
  // a hash map, since decide() runs for every DNS exchange and connection, and a tree of 10,000
  // service ports cost a dozen cache misses per call in the 5,000-node run.
  std::unordered_map<uint64_t, std::vector<Version>> history_;
};

}  // namespace ekssim::cluster
