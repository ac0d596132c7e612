#pragma once
// How one DNS exchange of a pod ends in the live cluster, for many identical pods at once
// (lookup_cohorts.h): the nameserver of the pod's resolv.conf is kube-dns's ClusterIP, so the
// node's kube-proxy (as of its last sync) REJECTs (no endpoints: ICMP port unreachable at once),
// DROPs (Local policy, no local endpoint: a timeout) or DNATs to a CoreDNS pod it picks uniformly;
// the packet then takes the data path to that pod (PodNetwork: same node, or through both ENIs'
// security groups and the subnets' network ACLs), and a replica that receives it answers as
// dns::CoreDns does (cache, kubernetes plugin, forward to the VPC resolver). A pod whose
// nameserver is not a Service (dnsPolicy Default) asks the VPC resolver or a custom server
// directly.
//
// Aggregation (scenarios/README.md, "Traffic"): the members split over kube-proxy's candidates in
// proportion, reachable ones against unreachable ones; each part is served by one replica of its
// kind, rotating from exchange to exchange, so the replicas' loads are exact over many exchanges
// but lumpier than real traffic over one. Which CoreDNS pods a node class can reach is worked out
// once per (class, kube-dns endpoints, network configuration) and cached.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "models/cluster/coredns_fleet.h"
#include "models/cluster/lookup_cohorts.h"
#include "models/cluster/name_answers.h"
#include "models/cluster/pod_network.h"
#include "models/cluster/service_registry.h"
#include "models/dns/vpc_resolver.h"
#include "sim/random.h"

namespace ekssim::cluster {

// The first address a resolved name answers with, as the pod's resolver got it: a cluster name
// from the kubernetes plugin's view of the Services, any other from the VPC resolver.
std::optional<net::Ipv4> resolved_address(std::string_view wire_name,
                                          const dns::ServiceDirectory& directory,
                                          const dns::VpcResolver& vpc_resolver);

class DnsExchanges {
 public:
  DnsExchanges(const ServiceRegistry& services, const PodNetwork& network, CoreDnsFleet& fleet,
               dns::VpcResolver& vpc_resolver, dns::NameTable& names);

  // The node class of `node`: its node group and subnet (the same security groups, network ACLs
  // and routes), and the senders' policy identity (NetworkPolicies::identity: their workload
  // when network policies may be enforced, else 0), numbered in order of first sight.
  // `branch_identity`: PodNetwork::branch_identity, the pod's branch ENI groups (0: none).
  uint32_t class_of(const NodeAgent& node, uint32_t policy_identity, uint32_t branch_identity = 0);
  // Moves with the network configuration and with what the network policy agents enforce
  // (PodNetwork::config_version).
  uint64_t network_version() const { return network_.config_version(); }

  // Whether every kube-dns endpoint the senders' kube-proxy may pick is reachable from them (or
  // none is, and it REJECTs): then their lookups fare as any other such class's, and classes
  // can be merged.
  bool uniform(const Senders& senders, net::Ipv4 nameserver, sim::Time at);

  // The replicas' name table, for callers that intern their names once.
  dns::NameTable& names() { return names_; }
  // resolved_address() above for a name interned in names(), with the registry and VPC resolver
  // this was built with (memoized: name_answers.h).
  std::optional<net::Ipv4> resolved_address(dns::NameId name) {
    return name_answers_.a_answer(name).first;
  }

  // Answers `request` for `senders` whose lookups started at `start`, spread over `span`.
  // Failure causes are appended to `causes` (ExchangeShare::cause is index + 1).
  // `name` is the request's wire name, interned in the CoreDNS replicas' name table.
  void answer(const Senders& senders, sim::Time start, sim::Duration span,
              const ExchangeRequest& request, dns::NameId name, sim::RandomStream& random,
              std::vector<FailureCause>& causes, std::vector<ExchangeShare>& shares);

 private:
  struct Reach {
    // The endpoint addresses (in the node's order) the two lists below were split from.
    std::vector<net::Ipv4> candidates;
    std::vector<net::Ipv4> reachable;
    std::vector<net::Ipv4> unreachable;
    // The replica serving at each reachable address (CoreDnsFleet::replica_at), filled at the
    // fleet's serving_version and only while `reachable` stays as it is: every exchange serves
    // one, and the fleet's hash map lookup was 2-3% of the 5,000-node run.
    std::vector<dns::CoreDns*> reachable_replicas;
    uint64_t replicas_version = ~uint64_t{0};
    uint64_t network_version = ~uint64_t{0};
    // Each endpoint address judged at network_version, sorted by address: nodes of one class
    // whose kube-proxy has synced different endpoint sets (during a CoreDNS scale-up, thousands
    // of nodes each lag by up to minSyncPeriod) share these, so a class judges a replica once
    // per network version rather than every endpoint each time the set it is asked about moves.
    // An address handed to another ENI (a pod gone, its address reused) is judged again.
    struct Judged {
      uint32_t address = 0;
      uint32_t eni = 0;  // the ENI holding the address then, index + 1 (0: none)
      bool passed = false;
    };
    std::vector<Judged> judged;
    // uniform()'s answer for the kube-dns nameserver, with the versions it was worked out at.
    bool uniform = false;
    uint64_t uniform_dns_version = ~uint64_t{0};
    uint64_t uniform_network_version = ~uint64_t{0};
  };
  // The candidates split into those the senders reach on udp 53 and those they do not, in the
  // candidates' order.
  const Reach& reach(const Senders& senders, std::span<const k8s::ProxyEndpoint> candidates);
  // Whether udp 53 from the senders reaches `endpoint`, judged once per network version.
  bool passes(const Senders& senders, Reach& r, net::Ipv4 endpoint) const;
  net::Verdict path(const Senders& senders, net::Ipv4 dst, bool want_trace) const;
  // reachable[index]'s replica for the senders' class, from the Reach's memo.
  dns::CoreDns* reachable_replica(const Senders& senders, size_t index);
  // `replica`: fleet_.replica_at(endpoint).
  void serve(const Senders& senders, net::Ipv4 endpoint, dns::CoreDns* replica, dns::NameId name,
             sim::Time at,
             sim::Duration span, const ExchangeRequest& request, int64_t count,
             std::vector<FailureCause>& causes, std::vector<ExchangeShare>& shares);
  // An answer too large for the query's UDP payload comes back truncated, and the client asks
  // again over TCP (dns/message_size.h): through the same path with tcp 53, which takes two
  // more round trips, or fails with the rule that drops it.
  void retry_over_tcp(const Senders& senders, net::Ipv4 endpoint, dns::NameId name,
                      const ExchangeRequest& request, std::vector<FailureCause>& causes,
                      ExchangeShare& share);
  // How many A records the answer for `name` holds, as CoreDNS would answer it now.
  size_t a_records(dns::NameId name);
  // Why tcp 53 from the senders to `endpoint` (kube-proxy's pick for `server`) does not pass, in
  // words and with the fix; nullopt when it passes.
  std::optional<FailureCause> tcp_blocked(const Senders& senders, net::Ipv4 server,
                                          net::Ipv4 endpoint) const;
  // Splits off the members of the answered shares from `first_share` on whose A or AAAA was
  // lost to the conntrack race (one_reply_lost: glibc stalls until its timeout).
  static void draw_conntrack_race(double chance, size_t first_share, sim::RandomStream& random,
                                  std::vector<ExchangeShare>& shares);
  void ask_directly(const Senders& senders, sim::Time at, sim::Duration span,
                    const ExchangeRequest& request, std::vector<FailureCause>& causes,
                    std::vector<ExchangeShare>& shares);
  uint32_t blocked(const Senders& senders, net::Ipv4 endpoint, std::string_view what,
                   std::vector<FailureCause>& causes) const;
  std::string sender_label(const Senders& senders) const;
  // The senders' network policy egress program drops udp 53 to `server` (before the DNAT): the
  // cause, or 0 when it passes.
  uint32_t egress_blocked(const Senders& senders, net::Ipv4 server,
                          std::vector<FailureCause>& causes) const;

  const ServiceRegistry& services_;
  const PodNetwork& network_;
  CoreDnsFleet& fleet_;
  dns::VpcResolver& vpc_resolver_;
  dns::NameTable& names_;
  uint64_t rotation_ = 0;
  std::vector<Reach> reach_;  // by class
  // a_records() and resolved_address(), by name.
  NameAnswers name_answers_;
  // Lookup only, never iterated: (node group's configuration, subnet) to class.
  std::map<std::tuple<const void*, uint32_t, uint32_t, uint32_t>, uint32_t> classes_;
};

}  // namespace ekssim::cluster
