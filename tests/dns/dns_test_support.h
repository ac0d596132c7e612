#pragma once
// A small DNS world for the server-side tests: a VPC 10.0.0.0/16 in us-east-1 with its resolver,
// a few Services, externalHosts, and CoreDNS replicas made on demand.

#include <memory>
#include <string>

#include "models/dns/coredns.h"
#include "models/dns/coredns_kubernetes.h"
#include "models/dns/dns_name.h"
#include "models/dns/vpc_resolver.h"
#include "models/net/ipv4.h"
#include "sim/kernel.h"
#include "sim/random.h"
#include "sim/time.h"

namespace ekssim::dns::test {

inline net::Ipv4 ip(const char* text) {
  return *net::Ipv4::parse(text);
}
inline sim::Time at_ms(int64_t ms) {
  return sim::Time::at(sim::Duration::milliseconds(ms));
}
inline sim::Duration ms(int64_t n) {
  return sim::Duration::milliseconds(n);
}
inline sim::Duration seconds(int64_t n) {
  return sim::Duration::seconds(n);
}

inline VpcResolverConfig default_vpc() {
  VpcResolverConfig config;
  config.vpc_cidr = *net::Cidr::parse("10.0.0.0/16");
  config.region = "us-east-1";
  return config;
}

struct DnsWorld {
  explicit DnsWorld(VpcResolverConfig vpc_config = default_vpc())
      : vpc(kernel, std::move(vpc_config), hosts) {
    services.add_cluster_ip("kube-system", "kube-dns", ip("172.20.0.10"));
    services.add_cluster_ip("airflow", "airflow-pgbouncer", ip("172.20.14.7"),
                            {ip("10.0.1.30"), ip("10.0.1.31")});
    services.add_headless("airflow", "airflow-workers",
                          {ip("10.0.1.40"), ip("10.0.2.41"), ip("10.0.1.40"), ip("10.0.3.42")});
    services.add_namespace("default");
    hosts.add("gitlab.cloudopz.co", ip("203.0.113.10"));
    config.upstreams = {Upstream{vpc.address(), UpstreamKind::kAmazonProvided}};
  }

  std::unique_ptr<CoreDns> replica(std::string name, const char* pod_ip, EniKey eni,
                                   PathCheck path_check = {}, uint64_t seed = 7) {
    return std::make_unique<CoreDns>(config, CoreDnsReplica{name, ip(pod_ip), eni}, names, services,
                                     vpc, std::move(path_check),
                                     sim::RandomStream(seed, "coredns/" + name));
  }

  sim::Kernel kernel;
  ExternalHosts hosts;
  VpcResolver vpc;
  MapServiceDirectory services;
  NameTable names;
  CoreDnsConfig config;
};

// A path check that refuses everything, as a security group without the rule would.
inline PathCheck blocked_by_security_group() {
  return [](const net::Flow&) {
    net::Verdict verdict;
    verdict.disposition = net::Disposition::kDeniedIn;
    verdict.reason = net::Reason::kEniSgRulesMismatch;
    return verdict;
  };
}

}  // namespace ekssim::dns::test
