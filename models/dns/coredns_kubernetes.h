#pragma once
// CoreDNS's kubernetes plugin as the EKS Corefile configures it:
//   kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure; fallthrough in-addr.arpa
//   ip6.arpa }
// (coredns/coredns plugin/kubernetes: parse.go parseRequest, kubernetes.go Records, findServices,
// findPods, handler.go ServeDNS; plugin/backend_lookup.go A and AAAA; README.md).
//
// For a name in cluster.local (never forwarded):
// - <svc>.<ns>.svc.cluster.local: a ClusterIP service gives its cluster IP; a headless service one
//   A record per ready endpoint address (deduplicated), NXDOMAIN when it has none; an ExternalName
//   service a CNAME to its external name, which CoreDNS then resolves (the caller's business).
// - <endpoint>.<svc>.<ns>.svc.cluster.local: the ready endpoint whose hostname matches. Endpoint
//   hostnames are not modelled, so the endpoint label is the dashed address ("10-0-1-7"),
//   which is what CoreDNS uses for endpoints without a hostname (endpointHostname).
// - a-b-c-d.<ns>.pod.cluster.local: with `pods insecure` the dashed address is answered without
//   looking for the pod, if the namespace exists and the label parses as an IPv4 address.
// - cluster.local, svc.cluster.local, pod.cluster.local, and <ns>.svc|pod.cluster.local of an
//   existing namespace: NOERROR with no data.
// - anything else (a missing namespace or service, a fourth label, a label other than svc or pod
//   before the zone): NXDOMAIN.
// - AAAA: the cluster is IPv4 single-stack, so a name that exists gives NOERROR with no data.
// Answers carry the plugin's default TTL of 5 s; the SOA of denials carries the same 5 s
// (plugin.SOA with MinTTL = ttl). The reverse zones are not answered here: A and AAAA questions
// under in-addr.arpa fail parseRequest and fall through to forward.
//
// Simplifications: port and protocol labels (_http._tcp.<svc>…) are accepted without checking
// them against the service's ports; IPv6 pod names and the multicluster and zonal options are not
// modelled.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/dns/dns_name.h"
#include "models/net/ipv4.h"
#include "sim/time.h"

namespace ekssim::dns {

struct ServiceRecord {
  enum class Kind : uint8_t { kNotFound, kClusterIp, kHeadless, kExternalName };
  Kind kind = Kind::kNotFound;
  net::Ipv4 cluster_ip;                    // kClusterIp
  std::vector<net::Ipv4> ready_endpoints;  // addresses of the ready endpoints (any kind but
                                           // ExternalName), in EndpointSlice order
  std::string external_name;               // kExternalName, normalized
};

// The cluster's Services as the kubernetes plugin sees them through its informers. The lead backs
// it with the live Service and EndpointSlice model; MapServiceDirectory below is a plain one.
class ServiceDirectory {
 public:
  virtual ~ServiceDirectory() = default;
  virtual bool namespace_exists(std::string_view ns) const = 0;
  virtual ServiceRecord lookup(std::string_view name, std::string_view ns) const = 0;
  // Changes whenever an answer of lookup() or namespace_exists() may have changed.
  virtual uint64_t answers_version() const = 0;
};

class MapServiceDirectory final : public ServiceDirectory {
 public:
  void add_namespace(std::string_view ns);
  // Each adds the namespace too and replaces any service of the same name.
  void add_cluster_ip(std::string_view ns, std::string_view name, net::Ipv4 cluster_ip,
                      std::vector<net::Ipv4> ready_endpoints = {});
  void add_headless(std::string_view ns, std::string_view name,
                    std::vector<net::Ipv4> ready_endpoints);
  void add_external_name(std::string_view ns, std::string_view name, std::string_view target);
  void remove(std::string_view ns, std::string_view name);

  bool namespace_exists(std::string_view ns) const override;
  ServiceRecord lookup(std::string_view name, std::string_view ns) const override;
  uint64_t answers_version() const override { return version_; }

 private:
  std::set<std::string, std::less<>> namespaces_;
  std::map<std::pair<std::string, std::string>, ServiceRecord> services_;  // (ns, name)
  uint64_t version_ = 0;
};

struct KubernetesZone {
  std::string zone = "cluster.local";
  sim::Duration ttl = sim::Duration::seconds(5);  // the plugin's `ttl`, default 5
};

struct KubernetesAnswer {
  DnsAnswer answer;
  std::string cname;  // set for an ExternalName service: the name CoreDNS resolves next
};

// What the plugin answers for a normalized name inside `zone.zone`.
KubernetesAnswer answer_cluster_name(std::string_view name, QueryType type,
                                     const KubernetesZone& zone, const ServiceDirectory& services);

}  // namespace ekssim::dns
