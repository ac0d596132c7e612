#include "models/cluster/service_registry.h"

#include <algorithm>
#include <span>

namespace ekssim::cluster {

namespace {

uint64_t port_key(net::Ipv4 ip, uint16_t port, net::Protocol protocol) {
  return uint64_t{ip.value()} << 24 | uint64_t{port} << 8 | static_cast<uint8_t>(protocol.value());
}

k8s::ServiceType to_type(spec::ServiceType type) {
  switch (type) {
    case spec::ServiceType::kClusterIP:
      return k8s::ServiceType::kClusterIP;
    case spec::ServiceType::kNodePort:
      return k8s::ServiceType::kNodePort;
    case spec::ServiceType::kLoadBalancer:
      return k8s::ServiceType::kLoadBalancer;
    case spec::ServiceType::kExternalName:
      return k8s::ServiceType::kExternalName;
  }
  return k8s::ServiceType::kClusterIP;
}

k8s::TrafficPolicy to_policy(spec::TrafficPolicy policy) {
  return policy == spec::TrafficPolicy::kLocal ? k8s::TrafficPolicy::kLocal
                                               : k8s::TrafficPolicy::kCluster;
}

}  // namespace

// One Service with what the EndpointSlice controller derives for it.
struct ServiceRegistry::Entry {
  k8s::Service service;
  std::optional<k8s::Labels> selector;  // none: selectorless
  std::string external_name;
  bool headless = false;
  // The number each port's endpoints serve on (targetPort; a named one is taken as the port, as
  // pods declare no container ports here).
  std::vector<uint16_t> target_ports;
  // Selected pods with an address, sorted by pod id: the endpoints in a stable order. A sorted
  // vector rather than a map: every publish reads them all, and a change moves a few hundred
  // bytes at most for a Service of a thousand pods.
  std::vector<std::pair<uint32_t, k8s::Endpoint>> endpoints;
  std::vector<k8s::EndpointSlice> manual_slices;  // selectorless services

  void set_endpoint(uint32_t pod, const k8s::Endpoint& endpoint) {
    const auto at = find(pod);
    if (at == endpoints.end() || at->first != pod) {
      endpoints.insert(at, {pod, endpoint});
    } else {
      at->second = endpoint;
    }
  }
  // Whether the pod was an endpoint.
  bool erase_endpoint(uint32_t pod) {
    const auto at = find(pod);
    if (at == endpoints.end() || at->first != pod) return false;
    endpoints.erase(at);
    return true;
  }

  std::vector<k8s::EndpointSlice> slices() const {
    if (!selector) return manual_slices;
    k8s::EndpointSlice slice;
    for (size_t i = 0; i < service.ports.size(); ++i) {
      slice.ports.push_back({service.ports[i].name, target_ports[i], service.ports[i].protocol});
    }
    slice.endpoints.reserve(endpoints.size());
    for (const auto& [pod, endpoint] : endpoints)
      slice.endpoints.push_back(endpoint);
    return {std::move(slice)};
  }

 private:
  std::vector<std::pair<uint32_t, k8s::Endpoint>>::iterator find(uint32_t pod) {
    return std::lower_bound(endpoints.begin(), endpoints.end(), pod,
                            [](const auto& e, uint32_t p) { return e.first < p; });
  }
};

ServiceRegistry::ServiceRegistry(const spec::Scenario& scenario, sim::Kernel& kernel,
                                 k8s::ApiServer& api, uint64_t seed,
                                 const std::vector<net::Ipv4>& api_server_ips)
    : kernel_(kernel),
      api_(api),
      seed_(seed),
      random_(seed, "service-allocator"),
      min_sync_period_(scenario.cluster.addons.kube_proxy.min_sync_period),
      node_ports_(scenario.cluster.service_node_port_range),
      service_cidr_(scenario.cluster.service_ipv4_cidr),
      kube_dns_ip_(scenario.cluster.service_ipv4_cidr.base() + 10) {
  proxy_config_.cluster_cidr = scenario.cluster.addons.kube_proxy.cluster_cidr;
  // EKS's kube-proxy add-on runs the cluster's minor version (its default add-on version).
  proxy_config_.minor_version = k8s::ProxyConfig::minor_of(scenario.cluster.version);
  namespaces_.insert("default");
  namespaces_.insert("kube-system");
  namespaces_.insert("kube-public");
  namespaces_.insert("kube-node-lease");
  // Pinned addresses first, so that allocation never takes one.
  used_cluster_ips_.insert((service_cidr_.base() + 1).value());
  used_cluster_ips_.insert(kube_dns_ip_.value());
  std::vector<const spec::Service*> services;
  std::map<std::pair<std::string, std::string>, std::vector<const spec::EndpointSlice*>> slices;
  for (const spec::Workload& w : scenario.workloads) {
    if (const auto* s = std::get_if<spec::Service>(&w)) {
      services.push_back(s);
      if (s->cluster_ip) used_cluster_ips_.insert(s->cluster_ip->value());
      for (const spec::ServicePort& p : s->ports) {
        if (p.node_port) used_node_ports_.insert(static_cast<uint16_t>(*p.node_port));
      }
    } else if (const auto* e = std::get_if<spec::EndpointSlice>(&w)) {
      slices[{e->ns, e->service.name}].push_back(e);
    } else if (const auto* d = std::get_if<spec::Deployment>(&w)) {
      namespaces_.insert(d->ns);
    }
  }
  add_builtin_services(api_server_ips);
  for (const spec::Service* s : services)
    add_scenario_service(*s, slices[{s->ns, s->name}]);
  for (uint32_t i = 0; i < services_.size(); ++i)
    publish(i);
  api_.watch_pods(this);
}

ServiceRegistry::~ServiceRegistry() = default;

void ServiceRegistry::add_builtin_services(const std::vector<net::Ipv4>& api_server_ips) {
  auto kubernetes = std::make_unique<Entry>();
  kubernetes->service.ns = "default";
  kubernetes->service.name = "kubernetes";
  kubernetes->service.cluster_ip = service_cidr_.base() + 1;
  kubernetes->service.ports.push_back({"https", 443, 443, 0, net::Protocol::tcp()});
  k8s::EndpointSlice api_slice;
  api_slice.ports.push_back({"https", 443, net::Protocol::tcp()});
  for (net::Ipv4 ip : api_server_ips)
    api_slice.endpoints.push_back({ip, k8s::StringTable::kEmpty, {}});
  kubernetes->manual_slices.push_back(std::move(api_slice));
  index_service("default", "kubernetes", static_cast<uint32_t>(services_.size()));
  services_.push_back(std::move(kubernetes));

  // The EKS CoreDNS add-on's Service (eks/coredns manifest): selector k8s-app=kube-dns.
  auto dns = std::make_unique<Entry>();
  dns->service.ns = "kube-system";
  dns->service.name = "kube-dns";
  dns->service.cluster_ip = kube_dns_ip_;
  dns->service.ports = {{"dns", 53, 53, 0, net::Protocol::udp()},
                        {"dns-tcp", 53, 53, 0, net::Protocol::tcp()},
                        {"metrics", 9153, 9153, 0, net::Protocol::tcp()}};
  dns->target_ports = {53, 53, 9153};
  dns->selector = k8s::Labels::intern(api_.strings(), {{"k8s-app", "kube-dns"}});
  kube_dns_index_ = static_cast<uint32_t>(services_.size());
  index_service("kube-system", "kube-dns", kube_dns_index_);
  services_.push_back(std::move(dns));
}

void ServiceRegistry::add_scenario_service(const spec::Service& s,
                                           const std::vector<const spec::EndpointSlice*>& slices) {
  auto entry = std::make_unique<Entry>();
  k8s::Service& service = entry->service;
  service.ns = s.ns;
  service.name = s.name;
  service.type = to_type(s.type);
  entry->headless = s.headless;
  entry->external_name = s.external_name;
  if (s.type != spec::ServiceType::kExternalName && !s.headless)
    service.cluster_ip = s.cluster_ip ? *s.cluster_ip : allocate_cluster_ip();
  const bool node_ports =
      s.type == spec::ServiceType::kNodePort || s.type == spec::ServiceType::kLoadBalancer;
  for (const spec::ServicePort& p : s.ports) {
    k8s::ServicePort port;
    port.name = p.name;
    port.port = static_cast<uint16_t>(p.port);
    port.target_port = static_cast<uint16_t>(p.target_port != 0 ? p.target_port : p.port);
    port.protocol = p.protocol;
    if (node_ports)
      port.node_port = p.node_port ? static_cast<uint16_t>(*p.node_port) : allocate_node_port();
    entry->target_ports.push_back(port.target_port);
    service.ports.push_back(std::move(port));
  }
  service.external_ips = s.external_ips;
  if (s.load_balancer_ip) service.load_balancer_ips.push_back(*s.load_balancer_ip);
  service.load_balancer_source_ranges = s.load_balancer_source_ranges;
  if (s.session_affinity_client_ip) service.session_affinity = k8s::SessionAffinity::kClientIP;
  service.affinity_timeout_seconds = s.session_affinity_timeout_seconds;
  service.external_traffic_policy = to_policy(s.external_traffic_policy);
  service.internal_traffic_policy = to_policy(s.internal_traffic_policy);
  if (service.needs_health_check()) {
    service.health_check_node_port = s.health_check_node_port
                                         ? static_cast<uint16_t>(*s.health_check_node_port)
                                         : allocate_node_port();
  }
  if (s.selector) {
    entry->selector = k8s::Labels::intern(api_.strings(), *s.selector);
  } else {
    for (const spec::EndpointSlice* e : slices) {
      k8s::EndpointSlice slice;
      for (const spec::EndpointSlicePort& p : e->ports)
        slice.ports.push_back({p.name, static_cast<uint16_t>(p.port.value_or(0)), p.protocol});
      for (const spec::EndpointSliceEndpoint& ep : e->endpoints) {
        k8s::EndpointConditions conditions;
        conditions.ready = ep.conditions.ready.value_or(true);
        conditions.serving = ep.conditions.serving.value_or(conditions.ready);
        conditions.terminating = ep.conditions.terminating.value_or(false);
        // Kept as a name: each node's kube-proxy compares it with its own name at every sync
        // (endpointslicecache.go isLocal), so it matters not whether the node exists yet.
        const k8s::StrId node_name = api_.strings().intern(ep.node_name);
        for (net::Ipv4 ip : ep.addresses)
          slice.endpoints.push_back({ip, node_name, conditions});
      }
      entry->manual_slices.push_back(std::move(slice));
    }
  }
  namespaces_.insert(s.ns);
  index_service(s.ns, s.name, static_cast<uint32_t>(services_.size()));
  services_.push_back(std::move(entry));
}

net::Ipv4 ServiceRegistry::allocate_cluster_ip() {
  // ipallocator's bands: the lower min(max(16, size/16), 256) addresses are for pinned IPs.
  const uint64_t size = service_cidr_.size();
  const uint64_t lower = std::min<uint64_t>(std::max<uint64_t>(16, size / 16), 256);
  const uint64_t first = std::min(lower, size - 2), count = size - 1 - first;
  for (uint64_t offset = random_.below(count), tried = 0; tried < count; ++tried) {
    const net::Ipv4 ip = service_cidr_.at(first + (offset + tried) % count);
    if (used_cluster_ips_.insert(ip.value()).second) return ip;
  }
  for (uint64_t k = 1; k + 1 < size; ++k) {
    if (used_cluster_ips_.insert(service_cidr_.at(k).value()).second) return service_cidr_.at(k);
  }
  return service_cidr_.at(size - 2);  // the loader keeps services within the range's size
}

uint16_t ServiceRegistry::allocate_node_port() {
  const auto count = static_cast<uint64_t>(node_ports_.last - node_ports_.first + 1);
  for (uint64_t offset = random_.below(count), tried = 0; tried < count; ++tried) {
    const auto port = static_cast<uint16_t>(node_ports_.first + (offset + tried) % count);
    if (used_node_ports_.insert(port).second) return port;
  }
  return static_cast<uint16_t>(node_ports_.last);
}

std::optional<net::Ipv4> ServiceRegistry::cluster_ip(std::string_view ns,
                                                     std::string_view name) const {
  const std::optional<uint32_t> index = find(ns, name);
  if (!index) return std::nullopt;
  const k8s::Service& s = services_[*index]->service;
  if (!s.proxied()) return std::nullopt;
  return s.cluster_ip;
}

void ServiceRegistry::index_service(const std::string& ns, const std::string& name,
                                    uint32_t index) {
  by_name_[ns][name] = index;
  services_in_ns_[ns].push_back(index);
}

std::optional<uint32_t> ServiceRegistry::find(std::string_view ns, std::string_view name) const {
  const auto in_ns = by_name_.find(ns);
  if (in_ns == by_name_.end()) return std::nullopt;
  const auto it = in_ns->second.find(name);
  if (it == in_ns->second.end()) return std::nullopt;
  return it->second;
}

sim::Duration ServiceRegistry::node_lag(k8s::NodeId node, std::string_view node_name) const {
  if (!node.valid()) return sync_lag(node_name);
  if (lag_by_node_.size() <= node.index()) lag_by_node_.resize(node.index() + 1);
  std::optional<sim::Duration>& lag = lag_by_node_[node.index()];
  if (!lag) lag = sync_lag(node_name);
  return *lag;
}

sim::Duration ServiceRegistry::sync_lag(std::string_view node_name) const {
  const int64_t period = min_sync_period_.nanoseconds();
  if (period <= 0) return sim::Duration::zero();
  const uint64_t h = sim::stable_hash(node_name, seed_ ^ 0x6b7562652d70ULL);
  return sim::Duration::nanoseconds(static_cast<int64_t>(h % static_cast<uint64_t>(period)));
}

k8s::DnatDecision ServiceRegistry::decide(k8s::NodeId node, std::string_view node_name,
                                          net::Ipv4 destination, uint16_t port,
                                          net::Protocol protocol, sim::Time at) const {
  if (!node.valid()) return decide_unmemoized(node, node_name, destination, port, protocol, at);
  const uint64_t key = port_key(destination, port, protocol);
  if (decided_.size() <= node.index()) decided_.resize(node.index() + 1);
  const bool kube_dns = key == port_key(kube_dns_ip_, 53, net::Protocol::udp());
  Decided& memo = decided_[node.index()][kube_dns ? 0 : 1];
  const sim::Time synced = synced_at(node, node_name, at);
  if (memo.version == version_ && memo.key == key && memo.from <= synced && synced < memo.until)
    return memo.decision;
  memo.version = version_;
  memo.key = key;
  memo.from = sim::Time();
  memo.until = sim::Time::max();
  const auto it = history_.find(key);
  if (it == history_.end()) {
    memo.decision = {};
    return memo.decision;
  }
  const k8s::ServicePortEntry* entry = seen_by_sync(it->second, synced, &memo.from, &memo.until);
  memo.decision = k8s::decide_service_port(entry, api_.node(node).name_id);
  return memo.decision;
}

k8s::DnatDecision ServiceRegistry::decide_unmemoized(k8s::NodeId node, std::string_view node_name,
                                                     net::Ipv4 destination, uint16_t port,
                                                     net::Protocol protocol, sim::Time at) const {
  const auto it = history_.find(port_key(destination, port, protocol));
  if (it == history_.end()) return {};
  const k8s::ServicePortEntry* entry = seen_by_sync(it->second, synced_at(node, node_name, at));
  const k8s::StrId name = node.valid() ? api_.node(node).name_id : api_.strings().find(node_name);
  return k8s::decide_service_port(entry, name);
}

sim::Time ServiceRegistry::synced_at(k8s::NodeId node, std::string_view node_name,
                                     sim::Time at) const {
  // A node's kube-proxy starts with a full sync, so nothing lags the services that exist at 0.
  return std::max(at - node_lag(node, node_name), sim::Time());
}

const k8s::ServicePortEntry* ServiceRegistry::seen_by_sync(const std::vector<Version>& versions,
                                                           sim::Time synced, sim::Time* from,
                                                           sim::Time* until) {
  // The newest version the node's last sync saw; a service newer than that is not there yet.
  const k8s::ServicePortEntry* entry = nullptr;
  for (const Version& v : versions) {
    if (v.since > synced) {
      if (until != nullptr) *until = v.since;
      break;
    }
    entry = v.entry.get();
    if (from != nullptr) *from = v.since;
  }
  return entry;
}

bool ServiceRegistry::namespace_exists(std::string_view ns) const {
  return namespaces_.find(ns) != namespaces_.end();
}

dns::ServiceRecord ServiceRegistry::lookup(std::string_view name, std::string_view ns) const {
  dns::ServiceRecord record;
  const std::optional<uint32_t> index = find(ns, name);
  if (!index) return record;
  const Entry& e = *services_[*index];
  if (e.service.type == k8s::ServiceType::kExternalName) {
    record.kind = dns::ServiceRecord::Kind::kExternalName;
    record.external_name = e.external_name;
    return record;
  }
  record.kind =
      e.headless ? dns::ServiceRecord::Kind::kHeadless : dns::ServiceRecord::Kind::kClusterIp;
  if (e.service.cluster_ip) record.cluster_ip = *e.service.cluster_ip;
  if (e.headless) {
    for (const k8s::EndpointSlice& slice : e.slices()) {
      for (const k8s::Endpoint& ep : slice.endpoints) {
        if (ep.conditions.ready) record.ready_endpoints.push_back(ep.ip);
      }
    }
  }
  return record;
}

const std::vector<uint32_t>& ServiceRegistry::services_selecting(const k8s::Pod& pod) {
  const uint32_t t = pod.spec.index();
  if (t >= selecting_known_.size()) {
    selecting_known_.resize(t + 1, false);
    selecting_by_template_.resize(t + 1);
  }
  if (!selecting_known_[t]) {
    const k8s::PodTemplate& spec = api_.spec_of(pod);
    // Only the Services of the pod's namespace can select it.
    const auto in_ns = services_in_ns_.find(api_.strings().view(spec.ns));
    if (in_ns != services_in_ns_.end()) {
      for (uint32_t i : in_ns->second) {
        const Entry& e = *services_[i];
        if (e.selector && !e.selector->empty() && spec.labels.matches(*e.selector))
          selecting_by_template_[t].push_back(i);
      }
    }
    selecting_known_[t] = true;
  }
  return selecting_by_template_[t];
}

void ServiceRegistry::pod_changed(const k8s::Pod& pod, k8s::PodChange change) {
  if (change == k8s::PodChange::kRunning || change == k8s::PodChange::kTerminating)
    set_endpoint(pod, true);
}

void ServiceRegistry::pod_removed(const k8s::Pod& pod) {
  set_endpoint(pod, false);
}

void ServiceRegistry::set_endpoint(const k8s::Pod& pod, bool present) {
  // Host-network pods are endpoints at their node's address, which ekssim does not track per
  // pod; none of the Services here select them.
  if (api_.spec_of(pod).host_network) return;
  for (uint32_t i : services_selecting(pod)) {
    Entry& e = *services_[i];
    if (!present || !pod.has_ip) {
      if (e.erase_endpoint(pod.id.index())) mark_dirty(i);
      continue;
    }
    // The EndpointSlice controller writes the pod's spec.nodeName (endpointslice utils
    // podToEndpoint).
    k8s::Endpoint endpoint{pod.ip, api_.node(pod.node).name_id, {}};
    if (pod.terminating) endpoint.conditions = {false, true, true};
    e.set_endpoint(pod.id.index(), endpoint);
    mark_dirty(i);
  }
}

void ServiceRegistry::mark_dirty(uint32_t service) {
  ++answers_version_;
  dirty_.insert(service);
  if (flush_scheduled_) return;
  flush_scheduled_ = true;
  kernel_.schedule_in(sim::Duration::zero(), [this] { flush(); });
}

void ServiceRegistry::flush() {
  flush_scheduled_ = false;
  for (uint32_t i : dirty_)
    publish(i);
  dirty_.clear();
}

void ServiceRegistry::publish(uint32_t index) {
  const Entry& e = *services_[index];
  ++version_;
  if (index == kube_dns_index_) ++kube_dns_version_;
  if (!e.service.proxied()) return;
  const std::vector<k8s::EndpointSlice> slices = e.slices();
  const std::span<const k8s::ProxyServiceTable::Entry> entries = table_.set(e.service, slices);
  const sim::Time now = kernel_.now();
  const sim::Time horizon = now - min_sync_period_;
  for (const k8s::ProxyServiceTable::Entry& entry : entries) {
    std::vector<Version>& versions =
        history_[port_key(entry->cluster_ip, entry->port, entry->protocol)];
    // Keep the newest version from before the horizon: some node may still hold it.
    size_t keep_from = 0;
    while (keep_from + 1 < versions.size() && versions[keep_from + 1].since <= horizon)
      ++keep_from;
    versions.erase(versions.begin(), versions.begin() + static_cast<std::ptrdiff_t>(keep_from));
    if (!versions.empty() && versions.back().since == now) {
      versions.back().entry = entry;
    } else {
      versions.push_back({now, entry});
    }
  }
}

}  // namespace ekssim::cluster
