#pragma once
// The CoreDNS replicas of the cluster: one dns::CoreDns per coredns pod that is Running with an
// address, created when the pod starts (empty cache) and gone when it terminates. A replica's
// upstreams are its node's nameservers (dnsPolicy Default): the VPC's DHCP options
// (dns::upstreams_from_dhcp); its path to a custom upstream is the live data path (PodNetwork),
// and the Amazon-provided resolver charges its packets to the ENI that holds the pod's address.
// `restartDaemon coredns` restarts every replica in place: caches and upstream health are lost.
// A replica whose pod starts terminating goes into lameduck (EKS's `health { lameduck 5s }`):
// it keeps answering for 5 s while the endpoint controller marks it terminating and kube-proxy
// drops it from kube-dns's rules, then stops; the kubelet removes the pod after that
// (k8s::PodTemplate::shutdown_delay). A pod removed sooner (its node deleted) takes its replica
// with it.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "models/cluster/pod_network.h"
#include "models/cluster/service_registry.h"
#include "models/dns/coredns.h"
#include "models/dns/dns_name.h"
#include "models/dns/vpc_resolver.h"
#include "models/k8s/api_server.h"
#include "models/spec/scenario.h"
#include "sim/kernel.h"
#include "sim/timer.h"

namespace ekssim::cluster {

class NodeAgent;

struct CoreDnsStats {
  int64_t queries = 0;  // every query a replica answered, over the run
  int64_t forwarded = 0;
  int64_t error_logs = 0;
  std::string last_error_log;
};

class CoreDnsFleet final : public k8s::PodWatcher {
 public:
  using FindNode = std::function<const NodeAgent*(k8s::NodeId)>;

  CoreDnsFleet(const spec::Scenario& scenario, sim::Kernel& kernel, uint64_t seed,
               k8s::ApiServer& api, const ServiceRegistry& services, const PodNetwork& network,
               dns::VpcResolver& vpc_resolver, dns::NameTable& names, FindNode find_node);
  CoreDnsFleet(const CoreDnsFleet&) = delete;
  CoreDnsFleet& operator=(const CoreDnsFleet&) = delete;
  ~CoreDnsFleet() override;

  // The replica serving at `pod_ip`, or null (no CoreDNS listens there).
  dns::CoreDns* replica_at(net::Ipv4 pod_ip);
  // Moves whenever a replica starts or stops serving: replica_at()'s answers stay the same
  // while it does not.
  uint64_t serving_version() const { return serving_version_; }
  // The simulation's present: every query a replica is asked from now on is asked at it or
  // after (CoreDns::forget_expired).
  sim::Time now() const { return kernel_.now(); }
  size_t size() const { return replicas_.size(); }
  // The replicas whose address `eni` holds, and the node of the first ("" when none).
  struct OnEni {
    std::string node;
    std::vector<std::string> replicas;
  };
  OnEni replicas_on(dns::EniKey eni) const;
  void restart_all();
  // Why `replica` cannot reach its upstreams: the first unreachable one's dropping hop and fix.
  FailureCause upstream_cause(const dns::CoreDns& replica) const;
  // Counts every batch a replica answered (the DNS summary).
  void count(const dns::BatchResult& batch);
  const CoreDnsStats& stats() const { return stats_; }

  void pod_changed(const k8s::Pod& pod, k8s::PodChange change) override;
  void pod_removed(const k8s::Pod& pod) override;

 private:
  struct Replica;
  bool is_coredns(const k8s::Pod& pod) const;
  void start(const k8s::Pod& pod);
  // The replica at `ip` stops answering (its lameduck ended, or its pod is gone).
  void stop(uint32_t ip);

  sim::Kernel& kernel_;
  uint64_t seed_;
  k8s::ApiServer& api_;
  const ServiceRegistry& services_;
  const PodNetwork& network_;
  dns::VpcResolver& vpc_resolver_;
  dns::NameTable& names_;
  FindNode find_node_;
  dns::CoreDnsConfig config_;
  std::unique_ptr<dns::ZoneAnswers> zone_answers_;  // shared by the replicas
  k8s::Labels selector_;
  std::map<uint32_t, std::unique_ptr<Replica>> replicas_;  // by pod address
  // The same servers for replica_at, which every query batch asks; lookup only, never iterated.
  std::unordered_map<uint32_t, dns::CoreDns*> serving_;
  uint64_t serving_version_ = 0;
  int64_t restarts_ = 0;
  CoreDnsStats stats_;
};

}  // namespace ekssim::cluster
