#include "models/dns/coredns_kubernetes.h"

#include <algorithm>

namespace ekssim::dns {

void MapServiceDirectory::add_namespace(std::string_view ns) {
  ++version_;
  namespaces_.emplace(ns);
}

void MapServiceDirectory::add_cluster_ip(std::string_view ns, std::string_view name,
                                         net::Ipv4 cluster_ip,
                                         std::vector<net::Ipv4> ready_endpoints) {
  ++version_;
  add_namespace(ns);
  ServiceRecord record;
  record.kind = ServiceRecord::Kind::kClusterIp;
  record.cluster_ip = cluster_ip;
  record.ready_endpoints = std::move(ready_endpoints);
  services_[{std::string(ns), std::string(name)}] = std::move(record);
}

void MapServiceDirectory::add_headless(std::string_view ns, std::string_view name,
                                       std::vector<net::Ipv4> ready_endpoints) {
  ++version_;
  add_namespace(ns);
  ServiceRecord record;
  record.kind = ServiceRecord::Kind::kHeadless;
  record.ready_endpoints = std::move(ready_endpoints);
  services_[{std::string(ns), std::string(name)}] = std::move(record);
}

void MapServiceDirectory::add_external_name(std::string_view ns, std::string_view name,
                                            std::string_view target) {
  ++version_;
  add_namespace(ns);
  ServiceRecord record;
  record.kind = ServiceRecord::Kind::kExternalName;
  record.external_name = normalize_name(target);
  services_[{std::string(ns), std::string(name)}] = std::move(record);
}

void MapServiceDirectory::remove(std::string_view ns, std::string_view name) {
  ++version_;
  services_.erase({std::string(ns), std::string(name)});
}

bool MapServiceDirectory::namespace_exists(std::string_view ns) const {
  return namespaces_.find(ns) != namespaces_.end();
}

ServiceRecord MapServiceDirectory::lookup(std::string_view name, std::string_view ns) const {
  const auto it = services_.find({std::string(ns), std::string(name)});
  return it == services_.end() ? ServiceRecord{} : it->second;
}

namespace {

std::vector<std::string_view> split_labels(std::string_view name) {
  std::vector<std::string_view> labels;
  size_t start = 0;
  while (true) {
    const size_t dot = name.find('.', start);
    labels.push_back(name.substr(start, dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return labels;
}

std::string dashed(net::Ipv4 ip) {
  std::string text = ip.to_string();
  std::replace(text.begin(), text.end(), '.', '-');
  return text;
}

// The A records for `addresses`, or NODATA for AAAA: IPv4 single-stack.
KubernetesAnswer addresses_answer(std::vector<net::Ipv4> addresses, QueryType type,
                                  sim::Duration ttl) {
  if (type == QueryType::kAAAA) return {DnsAnswer::no_data(ttl), {}};
  return {DnsAnswer::records(std::move(addresses), ttl), {}};
}

// findServices for one service record; `endpoint` is the endpoint label, or empty.
KubernetesAnswer service_answer(const ServiceRecord& record, std::string_view endpoint,
                                bool has_port_labels, QueryType type, sim::Duration ttl) {
  const KubernetesAnswer nxdomain{DnsAnswer::nxdomain(ttl), {}};
  switch (record.kind) {
    case ServiceRecord::Kind::kNotFound:
      return nxdomain;
    case ServiceRecord::Kind::kExternalName:
      // No endpoints, ports or protocols under an ExternalName; an IP literal is not a CNAME
      // target (msg.Service.HostType) and gives no record at all.
      if (!endpoint.empty() || has_port_labels) return nxdomain;
      if (net::Ipv4::parse(record.external_name)) return nxdomain;
      return {DnsAnswer::no_data(ttl), record.external_name};
    case ServiceRecord::Kind::kHeadless:
    case ServiceRecord::Kind::kClusterIp:
      break;
  }
  if (record.kind == ServiceRecord::Kind::kClusterIp && endpoint.empty())
    return addresses_answer({record.cluster_ip}, type, ttl);
  // Headless, or an endpoint name under any service: the ready endpoints, one record per address.
  std::vector<net::Ipv4> addresses;
  for (const net::Ipv4 ip : record.ready_endpoints) {
    if (!endpoint.empty() && endpoint != dashed(ip)) continue;
    if (std::find(addresses.begin(), addresses.end(), ip) == addresses.end())
      addresses.push_back(ip);
  }
  if (addresses.empty()) return nxdomain;
  return addresses_answer(std::move(addresses), type, ttl);
}

}  // namespace

KubernetesAnswer answer_cluster_name(std::string_view name, QueryType type,
                                     const KubernetesZone& zone, const ServiceDirectory& services) {
  const sim::Duration ttl = zone.ttl;
  const KubernetesAnswer nodata{DnsAnswer::no_data(ttl), {}};
  const KubernetesAnswer nxdomain{DnsAnswer::nxdomain(ttl), {}};
  if (name == zone.zone) return nodata;  // the apex (checkForApex)
  const std::string_view base = name.substr(0, name.size() - zone.zone.size() - 1);
  if (base == "svc" || base == "pod") return nodata;

  const std::vector<std::string_view> labels = split_labels(base);
  const size_t n = labels.size();
  const std::string_view pod_or_svc = labels[n - 1];
  if (pod_or_svc != "svc" && pod_or_svc != "pod") return nxdomain;
  const std::string_view ns = labels[n - 2];
  if (!services.namespace_exists(ns)) return nxdomain;
  if (n == 2) return nodata;
  // Labels left of the service: none, an endpoint, or a port and a protocol. More is "too long".
  const size_t extra = n - 3;
  if (extra > 2) return nxdomain;
  const std::string_view service = labels[n - 3];

  if (pod_or_svc == "pod") {
    // findPods: the "service" label is the pod name, "10-0-1-5" for 10.0.1.5.
    const std::optional<net::Ipv4> ip = parse_dashed_ipv4(service);
    if (!ip) return nxdomain;
    return addresses_answer({*ip}, type, ttl);
  }
  const std::string_view endpoint = extra == 1 ? labels[0] : std::string_view();
  return service_answer(services.lookup(service, ns), endpoint, extra == 2, type, ttl);
}

}  // namespace ekssim::dns
