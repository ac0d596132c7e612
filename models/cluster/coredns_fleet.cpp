#include "models/cluster/coredns_fleet.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "models/cluster/node_agent.h"

namespace ekssim::cluster {

struct CoreDnsFleet::Replica {
  k8s::PodId pod;
  const NodeAgent* node = nullptr;
  k8s::NodeId node_id;
  std::unique_ptr<dns::CoreDns> server;
  std::unique_ptr<sim::Timer> lameduck;  // set while the pod terminates
};

CoreDnsFleet::CoreDnsFleet(const spec::Scenario& scenario, sim::Kernel& kernel, uint64_t seed,
                           k8s::ApiServer& api, const ServiceRegistry& services,
                           const PodNetwork& network, dns::VpcResolver& vpc_resolver,
                           dns::NameTable& names, FindNode find_node)
    : kernel_(kernel),
      seed_(seed),
      api_(api),
      services_(services),
      network_(network),
      vpc_resolver_(vpc_resolver),
      names_(names),
      find_node_(std::move(find_node)),
      selector_(k8s::Labels::intern(api.strings(), {{"k8s-app", "kube-dns"}})) {
  std::vector<std::optional<net::Ipv4>> servers;
  for (const spec::DomainNameServer& s : scenario.cluster.vpc.dhcp_options.domain_name_servers) {
    servers.push_back(s.amazon_provided ? std::nullopt : std::optional<net::Ipv4>(s.address));
  }
  if (servers.empty()) servers.push_back(std::nullopt);  // AmazonProvidedDNS
  config_.upstreams = dns::upstreams_from_dhcp(servers, vpc_resolver_);
  api_.watch_pods(this);
}

CoreDnsFleet::~CoreDnsFleet() = default;

bool CoreDnsFleet::is_coredns(const k8s::Pod& pod) const {
  return api_.namespace_of(pod) == "kube-system" && api_.spec_of(pod).labels.matches(selector_);
}

void CoreDnsFleet::start(const k8s::Pod& pod) {
  const NodeAgent* node = find_node_(pod.node);
  if (node == nullptr || !pod.has_ip) return;
  dns::CoreDnsReplica who;
  who.name = pod.name;
  who.pod_ip = pod.ip;
  // The ENI that holds the pod's address carries its packets to the VPC resolver.
  const auto eni = network_.vpc().owner_of(pod.ip);
  who.eni = eni ? eni->index() : 0;
  const k8s::NodeId node_id = pod.node;
  const net::Ipv4 pod_ip = pod.ip;
  dns::PathCheck path = [this, node, node_id, pod_ip](const net::Flow& query) {
    return network_.from_pod(*node, node_id, pod_ip, query, false);
  };
  auto replica = std::make_unique<Replica>();
  replica->pod = pod.id;
  replica->node = node;
  replica->node_id = node_id;
  // One memo of the kubernetes plugin's answers for every replica: they read the same Services.
  if (!zone_answers_)
    zone_answers_ = std::make_unique<dns::ZoneAnswers>(config_.kubernetes, services_);
  replica->server = std::make_unique<dns::CoreDns>(
      config_, std::move(who), names_, services_, vpc_resolver_, std::move(path),
      sim::RandomStream(seed_, fmt::format("coredns/{}/{}", pod.name, restarts_)),
      zone_answers_.get());
  serving_[pod.ip.value()] = replica->server.get();
  ++serving_version_;
  replicas_[pod.ip.value()] = std::move(replica);
}

dns::CoreDns* CoreDnsFleet::replica_at(net::Ipv4 pod_ip) {
  const auto it = serving_.find(pod_ip.value());
  return it == serving_.end() ? nullptr : it->second;
}

void CoreDnsFleet::restart_all() {
  ++restarts_;
  std::vector<k8s::PodId> pods;
  // A replica in lameduck is shutting down: it does not come back.
  for (const auto& [ip, replica] : replicas_)
    if (!replica->lameduck) pods.push_back(replica->pod);
  replicas_.clear();
  serving_.clear();
  ++serving_version_;
  for (k8s::PodId pod : pods)
    start(api_.pod(pod));
}

CoreDnsFleet::OnEni CoreDnsFleet::replicas_on(dns::EniKey eni) const {
  OnEni on;
  for (const auto& [ip, r] : replicas_) {
    if (r->server->replica().eni != eni) continue;
    if (on.replicas.empty() && r->node != nullptr) on.node = r->node->name();
    on.replicas.push_back(r->server->replica().name);
  }
  return on;
}

FailureCause CoreDnsFleet::upstream_cause(const dns::CoreDns& server) const {
  const auto it = replicas_.find(server.replica().pod_ip.value());
  const dns::Forwarder& forward = server.forwarder();
  for (size_t u = 0; u < forward.upstreams().size(); ++u) {
    if (forward.reachable(u)) continue;
    const net::Ipv4 upstream = forward.upstreams()[u].address;
    if (forward.unreachable_reason(u) == net::Reason::kVpcDnsSupportDisabled ||
        it == replicas_.end()) {
      return {fmt::format("CoreDNS {} cannot reach its upstream {}: {}", server.replica().name,
                          upstream.to_string(), net::to_string(forward.unreachable_reason(u))),
              "turn on enableDnsSupport, or point the DHCP options at a reachable server"};
    }
    const Replica& r = *it->second;
    const net::Verdict v =
        network_.from_pod(*r.node, r.node_id, server.replica().pod_ip,
                          net::Flow::udp(server.replica().pod_ip, 40000, upstream, 53), true);
    return {fmt::format("CoreDNS {} cannot reach its upstream {}:53, so it answers SERVFAIL: {}",
                        server.replica().name, upstream.to_string(), v.denial()),
            v.fix ? v.fix->text : std::string()};
  }
  // The budget is the ENI's: every replica whose address it holds shares it.
  const dns::EniKey eni = server.replica().eni;
  std::vector<std::string> sharing = replicas_on(eni).replicas;
  std::erase(sharing, server.replica().name);
  return {fmt::format("CoreDNS {} got no answer from its upstreams in time: its ENI {}{} sends the "
                      "VPC resolver more than {} packets per second, the limit per ENI, and the "
                      "packets over it are dropped",
                      server.replica().name, network_.vpc().eni(vpc::EniId(eni)).name,
                      sharing.empty() ? std::string()
                                      : fmt::format(" (shared with {})", fmt::join(sharing, ", ")),
                      vpc_resolver_.packets_per_second()),
          "spread CoreDNS over more nodes (more replicas, podAntiAffinity), send fewer search-list "
          "candidates upstream (names with a trailing dot, a lower ndots) or cache on each node "
          "(NodeLocal DNSCache)"};
}

void CoreDnsFleet::count(const dns::BatchResult& batch) {
  stats_.queries += batch.queries;
  stats_.forwarded += batch.forwarded;
  stats_.error_logs += batch.error_logs;
  if (!batch.last_error_log.empty()) stats_.last_error_log = batch.last_error_log;
}

void CoreDnsFleet::pod_changed(const k8s::Pod& pod, k8s::PodChange change) {
  if (!is_coredns(pod)) return;
  if (change == k8s::PodChange::kRunning) start(pod);
  if (change == k8s::PodChange::kTerminating && pod.has_ip) {
    // SIGTERM: lameduck, answering until it ends.
    const auto it = replicas_.find(pod.ip.value());
    if (it == replicas_.end() || it->second->pod != pod.id || it->second->lameduck) return;
    const uint32_t ip = pod.ip.value();
    it->second->lameduck = std::make_unique<sim::Timer>(kernel_);
    it->second->lameduck->schedule_in(dns::kCoreDnsLameduck, [this, ip] { stop(ip); });
  }
}

void CoreDnsFleet::pod_removed(const k8s::Pod& pod) {
  if (pod.has_ip && is_coredns(pod)) {
    const auto it = replicas_.find(pod.ip.value());
    if (it != replicas_.end() && it->second->pod == pod.id) stop(pod.ip.value());
  }
}

void CoreDnsFleet::stop(uint32_t ip) {
  const auto it = replicas_.find(ip);
  if (it == replicas_.end()) return;
  serving_.erase(ip);
  ++serving_version_;
  // May run inside the lameduck timer's own event, as the kubelet forgets a pod inside its own.
  replicas_.erase(it);
}

}  // namespace ekssim::cluster
