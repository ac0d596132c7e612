#include "tools/serve/dns_walk.h"

#include "models/dns/resolv_conf.h"
#include "models/dns/resolver_lookup.h"

namespace ekssim::serve {

namespace {

using nlohmann::json;

// The resolver of the workload whose pods are named after it and who asks for `name`.
dns::ResolverKind resolver_of(const spec::Scenario& scenario, std::string_view ns,
                              std::string_view pod, std::string_view name) {
  for (const spec::Workload& w : scenario.workloads) {
    const auto* d = std::get_if<spec::Deployment>(&w);
    if (d == nullptr || d->ns != ns || pod.rfind(d->name + "-", 0) != 0) continue;
    for (const spec::Traffic& t : d->traffic) {
      if (t.host != name) continue;
      if (t.client == spec::Traffic::Client::kGo) return dns::ResolverKind::kGo;
      if (t.client == spec::Traffic::Client::kDig) return dns::ResolverKind::kDig;
    }
  }
  return dns::ResolverKind::kGlibc;
}

dns::Reply failure_reply(std::string_view reason) {
  if (reason == "DnsServfail") return dns::Reply::kServfail;
  if (reason == "DnsRefused") return dns::Reply::kRefused;
  if (reason == "DnsNxdomain") return dns::Reply::kNxdomain;
  return dns::Reply::kTimeout;
}

std::string_view reply_text(dns::Reply reply) {
  switch (reply) {
    case dns::Reply::kAnswer:
      return "answer (A and AAAA)";
    case dns::Reply::kNoData:
      return "no data";
    case dns::Reply::kNxdomain:
      return "NXDOMAIN";
    case dns::Reply::kServfail:
      return "SERVFAIL";
    case dns::Reply::kRefused:
      return "REFUSED";
    case dns::Reply::kTimeout:
      return "timeout";
    case dns::Reply::kUnreachable:
      return "ICMP port unreachable";
  }
  return "?";
}

std::string_view resolver_name(dns::ResolverKind kind) {
  switch (kind) {
    case dns::ResolverKind::kGlibc:
      return "glibc getaddrinfo";
    case dns::ResolverKind::kGo:
      return "Go resolver";
    case dns::ResolverKind::kDig:
      return "dig";
  }
  return "?";
}

}  // namespace

json dns_walk(const cluster::World& world, std::string_view ns, std::string_view pod,
              std::string_view name, const LookupOutcome& outcome) {
  // kubelet's pod resolv.conf: --cluster-dns is kube-dns's cluster IP, the host's from DHCP.
  dns::KubeletDnsSettings kubelet;
  kubelet.cluster_dns = {world.services().kube_dns_ip()};
  kubelet.host =
      dns::ec2_node_resolv_conf(world.scenario().cluster.region, world.vpc_resolver().address());
  const dns::ResolvConf conf =
      dns::pod_resolv_conf(kubelet, ns, dns::DnsPolicy::kClusterFirst, false).conf;
  const dns::ResolverConfig config(conf);
  const dns::ResolverKind kind = resolver_of(world.scenario(), ns, pod, name);
  dns::Lookup lookup(kind, name, config);
  const int answered = outcome.resolved ? static_cast<int>(outcome.queries / 2) - 1 : -1;
  json exchanges = json::array();
  // Bounded: a lookup makes at most candidates × servers × attempts exchanges.
  for (int guard = 0; !lookup.done() && guard < 256; ++guard) {
    const dns::Exchange& next = lookup.next();
    dns::ExchangeResult result;
    if (outcome.resolved) {
      result.reply = next.candidate >= answered ? dns::Reply::kAnswer : dns::Reply::kNxdomain;
      result.latency = sim::Duration::milliseconds(1);
    } else {
      result.reply = failure_reply(outcome.reason);
      result.latency = sim::Duration::milliseconds(1);
    }
    exchanges.push_back(
        {{"candidate", dns::candidate_name(name, config, lookup.candidates()[next.candidate])},
         {"server", config.nameservers()[next.server].to_string()},
         {"attempt", next.attempt + 1},
         {"wait", next.timeout.seconds_double()},
         {"reply", reply_text(result.reply)}});
    lookup.complete(result);
  }
  json search = json::array();
  for (const std::string& domain : config.search())
    search.push_back(domain);
  return {{"resolver", resolver_name(kind)},
          {"search", std::move(search)},
          {"ndots", config.options().ndots},
          {"exchanges", std::move(exchanges)}};
}

}  // namespace ekssim::serve
