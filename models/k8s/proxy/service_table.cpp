#include "models/k8s/proxy/service_table.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <tuple>

namespace ekssim::k8s {

namespace {

uint64_t vip_key(net::Ipv4 ip, uint16_t port, net::Protocol protocol) {
  return uint64_t{ip.value()} << 24 | uint64_t{port} << 8 | static_cast<uint8_t>(protocol.value());
}

auto sort_key(const ServicePortEntry& entry) {
  return std::make_tuple(std::string_view(entry.ns), std::string_view(entry.service),
                         std::string_view(entry.port_name), entry.protocol.value());
}

// "ip:port" in a buffer of its own, the longest being "255.255.255.255:65535": the key
// endpoints are sorted and deduplicated by, written without a heap allocation per endpoint.
class EndpointText {
 public:
  EndpointText(net::Ipv4 ip, uint16_t port) {
    char* end = ip.write_dotted(text_);
    *end++ = ':';
    end = std::to_chars(end, text_ + sizeof text_, port).ptr;
    size_ = static_cast<uint8_t>(end - text_);
  }
  std::string_view view() const { return {text_, size_}; }

 private:
  char text_[net::Ipv4::kMaxDottedSize + 6];  // ":65535"
  uint8_t size_ = 0;
};

// The endpoints of one service port across the slices: pkg/proxy/endpointslicecache.go
// endpointInfoByServicePort + addEndpoints (first "ip:port" wins here) and
// endpointsMapFromEndpointInfo (sorted by the "ip:port" string, not numerically).
std::vector<ProxyEndpoint> endpoints_of(const ServicePortEntry& entry,
                                        std::span<const EndpointSlice> slices,
                                        const ServicePortEntry* previous) {
  struct Keyed {
    EndpointText text;
    ProxyEndpoint endpoint;
  };
  std::vector<Keyed> keyed;
  for (const EndpointSlice& slice : slices) {
    for (const EndpointPort& port : slice.ports) {
      if (port.name != entry.port_name || port.protocol != entry.protocol || port.port == 0) {
        continue;
      }
      keyed.reserve(keyed.size() + slice.endpoints.size());
      for (const Endpoint& endpoint : slice.endpoints) {
        keyed.push_back({EndpointText(endpoint.ip, port.port),
                         {endpoint.ip, port.port, endpoint.node_name, endpoint.conditions, {}}});
      }
    }
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    return a.text.view() < b.text.view();
  });
  keyed.erase(std::unique(keyed.begin(), keyed.end(),
                          [](const Keyed& a, const Keyed& b) {
                            return a.text.view() == b.text.view();
                          }),
              keyed.end());
  // The hash is of the port's name, protocol and "ip:port": an endpoint the previous compile of
  // the same port had keeps its hash. Both lists are sorted by "ip:port", so one merge walk
  // finds them.
  const std::span<const ProxyEndpoint> before =
      previous != nullptr ? std::span<const ProxyEndpoint>(previous->endpoints)
                          : std::span<const ProxyEndpoint>();
  size_t b = 0;
  std::optional<EndpointText> text_b;  // before[b]'s
  std::vector<ProxyEndpoint> endpoints;
  endpoints.reserve(keyed.size());
  for (Keyed& item : keyed) {
    for (; b < before.size(); ++b, text_b.reset()) {
      if (!text_b) text_b.emplace(before[b].ip, before[b].port);
      if (!(text_b->view() < item.text.view())) break;
    }
    const bool known = b < before.size() && before[b].ip == item.endpoint.ip &&
                       before[b].port == item.endpoint.port;
    item.endpoint.chain = known ? before[b].chain
                                : endpoint_chain_hash(entry.name, entry.protocol_name(),
                                                      item.text.view());
    endpoints.push_back(item.endpoint);
  }
  return endpoints;
}

void categorize(ServicePortEntry& entry) {
  entry.cluster_endpoints.reserve(entry.endpoints.size());
  entry.usable_by_node.reserve(entry.endpoints.size());
  for (const ProxyEndpoint& endpoint : entry.endpoints) {
    if (endpoint.conditions.ready) entry.cluster_endpoints.push_back(endpoint);
  }
  if (entry.cluster_endpoints.empty()) {
    for (const ProxyEndpoint& endpoint : entry.endpoints) {
      if (endpoint.conditions.serving && endpoint.conditions.terminating) {
        entry.cluster_endpoints.push_back(endpoint);
      }
    }
  }
  for (const ProxyEndpoint& endpoint : entry.endpoints) {
    if (endpoint.usable() && endpoint.node_name != StringTable::kEmpty)
      entry.usable_by_node.push_back(endpoint);
  }
  // Stable: within a node and readiness the "ip:port" order of `endpoints` is kept.
  std::stable_sort(entry.usable_by_node.begin(), entry.usable_by_node.end(),
                   [](const ProxyEndpoint& a, const ProxyEndpoint& b) {
                     return std::make_pair(a.node_name, !a.conditions.ready) <
                            std::make_pair(b.node_name, !b.conditions.ready);
                   });
}

}  // namespace

void append_endpoint(std::string& out, net::Ipv4 ip, uint16_t port) {
  out.append(EndpointText(ip, port).view());
}

std::span<const ProxyEndpoint> ServicePortEntry::local_endpoints(StrId node_name) const {
  const auto by_node = [](const ProxyEndpoint& endpoint, StrId name) {
    return endpoint.node_name < name;
  };
  const auto first =
      std::lower_bound(usable_by_node.begin(), usable_by_node.end(), node_name, by_node);
  auto last = first;
  while (last != usable_by_node.end() && last->node_name == node_name)
    ++last;
  if (first == last || !first->conditions.ready) return {first, last};
  // Ready endpoints come first in a node's group; the serving-terminating rest is unused.
  auto ready_end = first;
  while (ready_end != last && ready_end->conditions.ready)
    ++ready_end;
  return {first, ready_end};
}

std::vector<ServicePortEntry> compile_service(
    const Service& service, std::span<const EndpointSlice> slices,
    std::span<const std::shared_ptr<const ServicePortEntry>> previous) {
  std::vector<ServicePortEntry> entries;
  if (!service.proxied()) return entries;
  for (const ServicePort& port : service.ports) {
    ServicePortEntry entry;
    entry.ns = service.ns;
    entry.service = service.name;
    entry.port_name = port.name;
    entry.name = service_port_name(service, port);
    entry.protocol = port.protocol;
    entry.cluster_ip = *service.cluster_ip;
    entry.port = port.port;
    entry.node_port = port.node_port;
    entry.health_check_node_port =
        service.needs_health_check() ? service.health_check_node_port : uint16_t{0};
    entry.external_ips = service.external_ips;
    entry.load_balancer_ips = service.load_balancer_ips;
    entry.load_balancer_source_ranges = service.load_balancer_source_ranges;
    entry.affinity = service.session_affinity;
    entry.affinity_timeout_seconds = service.affinity_timeout_seconds;
    entry.internal_policy_local = service.internal_policy_local();
    entry.external_policy_local = service.external_policy_local();
    const ServicePortEntry* before = nullptr;
    for (const auto& p : previous) {
      if (p->name == entry.name && p->protocol == entry.protocol) before = p.get();
    }
    // A hash of the name and protocol alone: the previous compile's, when it had the port.
    entry.hash = before != nullptr ? before->hash
                                   : port_proto_hash(entry.name, entry.protocol_name());
    entry.endpoints = endpoints_of(entry, slices, before);
    categorize(entry);
    entries.push_back(std::move(entry));
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return sort_key(a) < sort_key(b); });
  return entries;
}

std::span<const ProxyServiceTable::Entry> ProxyServiceTable::set(
    const Service& service, std::span<const EndpointSlice> slices) {
  const auto [first, last] = service_range(service.ns, service.name);
  std::vector<ServicePortEntry> compiled = compile_service(
      service, slices,
      std::span<const Entry>(entries_.data() + first, entries_.data() + last));
  // An endpoints-only change keeps every entry's place and key: swap the entries in place, so
  // the common event moves nothing.
  bool same_keys = compiled.size() == last - first;
  for (size_t i = 0; same_keys && i < compiled.size(); ++i) {
    const ServicePortEntry& old = *entries_[first + i];
    same_keys = sort_key(old) == sort_key(compiled[i]) &&
                vip_key(old.cluster_ip, old.port, old.protocol) ==
                    vip_key(compiled[i].cluster_ip, compiled[i].port, compiled[i].protocol);
  }
  if (same_keys) {
    for (size_t i = 0; i < compiled.size(); ++i) {
      Entry& slot = entries_[first + i];
      total_endpoints_ += compiled[i].endpoints.size();
      total_endpoints_ -= slot->endpoints.size();
      Entry replacement = std::make_shared<const ServicePortEntry>(std::move(compiled[i]));
      repoint_entry(*slot, *replacement);
      slot = std::move(replacement);
    }
    return std::span<const Entry>(entries_).subspan(first, compiled.size());
  }
  for (size_t i = first; i < last; ++i) {
    total_endpoints_ -= entries_[i]->endpoints.size();
    unindex_entry(*entries_[i]);
  }
  entries_.erase(entries_.begin() + static_cast<ptrdiff_t>(first),
                 entries_.begin() + static_cast<ptrdiff_t>(last));
  std::vector<Entry> added;
  added.reserve(compiled.size());
  for (ServicePortEntry& entry : compiled) {
    total_endpoints_ += entry.endpoints.size();
    added.push_back(std::make_shared<const ServicePortEntry>(std::move(entry)));
    index_entry(*added.back());
  }
  entries_.insert(entries_.begin() + static_cast<ptrdiff_t>(first), added.begin(), added.end());
  return std::span<const Entry>(entries_).subspan(first, added.size());
}

void ProxyServiceTable::remove(std::string_view ns, std::string_view name) {
  const auto [first, last] = service_range(ns, name);
  for (size_t i = first; i < last; ++i) {
    total_endpoints_ -= entries_[i]->endpoints.size();
    unindex_entry(*entries_[i]);
  }
  entries_.erase(entries_.begin() + static_cast<ptrdiff_t>(first),
                 entries_.begin() + static_cast<ptrdiff_t>(last));
}

const ServicePortEntry* ProxyServiceTable::find_cluster_ip(net::Ipv4 ip, uint16_t port,
                                                           net::Protocol protocol) const {
  const uint64_t key = vip_key(ip, port, protocol);
  const auto it = std::lower_bound(by_cluster_ip_.begin(), by_cluster_ip_.end(), key,
                                   [](const VipKey& vip, uint64_t k) { return vip.key < k; });
  if (it == by_cluster_ip_.end() || it->key != key) return nullptr;
  return it->entry;
}

std::pair<size_t, size_t> ProxyServiceTable::service_range(std::string_view ns,
                                                           std::string_view name) const {
  const auto service_of = [](const Entry& entry) {
    return std::make_pair(std::string_view(entry->ns), std::string_view(entry->service));
  };
  const auto key = std::make_pair(ns, name);
  const auto first =
      std::lower_bound(entries_.begin(), entries_.end(), key,
                       [&](const Entry& entry, const auto& k) { return service_of(entry) < k; });
  auto last = first;
  while (last != entries_.end() && service_of(*last) == key)
    ++last;
  return {static_cast<size_t>(first - entries_.begin()),
          static_cast<size_t>(last - entries_.begin())};
}

void ProxyServiceTable::index_entry(const ServicePortEntry& entry) {
  const VipKey vip{vip_key(entry.cluster_ip, entry.port, entry.protocol), &entry};
  // After any entry with the same key: a duplicate cluster IP keeps the older service first.
  const auto at = std::upper_bound(by_cluster_ip_.begin(), by_cluster_ip_.end(), vip.key,
                                   [](uint64_t k, const VipKey& other) { return k < other.key; });
  by_cluster_ip_.insert(at, vip);
}

std::vector<ProxyServiceTable::VipKey>::iterator ProxyServiceTable::index_of(
    const ServicePortEntry& entry) {
  const uint64_t key = vip_key(entry.cluster_ip, entry.port, entry.protocol);
  auto it = std::lower_bound(by_cluster_ip_.begin(), by_cluster_ip_.end(), key,
                             [](const VipKey& vip, uint64_t k) { return vip.key < k; });
  while (it != by_cluster_ip_.end() && it->key == key && it->entry != &entry)
    ++it;
  return it;
}

void ProxyServiceTable::unindex_entry(const ServicePortEntry& entry) {
  by_cluster_ip_.erase(index_of(entry));
}

void ProxyServiceTable::repoint_entry(const ServicePortEntry& old, const ServicePortEntry& entry) {
  index_of(old)->entry = &entry;
}

}  // namespace ekssim::k8s
