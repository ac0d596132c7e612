#pragma once
// The traffic of the scenario's workloads (`traffic:` entries of a Deployment) on the virtual
// clock: every pod resolves a name, or resolves a host and opens a connection to it, every
// interval.
//
// Aggregation, for 150,000 pods (scenarios/README.md, "Traffic"): one stream per traffic entry
// ticks once per interval, at a phase drawn per stream so that streams do not line up. At a tick
// the stream's Running pods are grouped by node class (node group and subnet: the same security
// groups, network ACLs and routes, so the same path verdicts); each class runs as one cohort
// walk (lookup_cohorts.h) whose members' queries are spread over the interval for CoreDNS's cache
// and the packet budgets. Failures are reported per pod — which pods of a class failed is a
// rotating choice — at the tick plus the time the lookup took, so a failure's time is exact to
// within one interval. A connection follows a resolved lookup: the members split over
// kube-proxy's endpoints as its rules would pick them, each part judged by the data path.
//
// The conntrack race (a lost A or AAAA reply when kube-dns has several endpoints) is drawn per
// exchange at the node group's conntrackDnsRace (DnsExchanges::draw_conntrack_race). A glibc
// pod that lost a reply sends one query at a time from then on (its resolving thread's
// RES_F_SNGLKUP, resolver_lookup.h): each class counts how many of its pods did, and that many
// of its members start their lookups in that mode. With `rotate`, a class's members start at
// nameserver offsets spread evenly, the spread advancing by one every interval.
// Simplifications: a pod's first tick comes at the stream's next phase after it starts; the
// pods in single-request mode are a count per class, not named pods (one resolving thread per
// pod; a pod leaving a class does not take its mode with it, the count is only capped at the
// class's size).

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "models/cluster/traffic_context.h"
#include "models/dns/resolver.h"
#include "models/dns/resolver_config.h"
#include "models/k8s/api_server.h"
#include "models/spec/scenario.h"
#include "sim/kernel.h"
#include "sim/trace.h"

namespace ekssim::cluster {

struct TrafficStats {
  int64_t lookups = 0;
  int64_t failed_lookups = 0;
  int64_t queries = 0;  // sent by the pods' resolvers, search-list expansion included
  int64_t connects = 0;
  int64_t failed_connects = 0;
  // How long the resolved lookups took: nanoseconds → lookups (the cohorts keep the distinct
  // values few).
  std::map<int64_t, int64_t> resolved_latency;
  // Failed lookups and connections by (node group, reason).
  std::map<std::pair<std::string, std::string>, int64_t> failures;
};

class WorkloadTraffic final : public k8s::PodWatcher {
 public:
  WorkloadTraffic(const TrafficContext& context, uint64_t seed, sim::Trace& trace);
  WorkloadTraffic(const WorkloadTraffic&) = delete;
  WorkloadTraffic& operator=(const WorkloadTraffic&) = delete;
  ~WorkloadTraffic() override;

  // Schedules every stream's first tick. Pods are sorted into their classes only from here on: a
  // world started without traffic (`ekssim iptables`) skips that work for every pod. World
  // starts the traffic at time zero, before any pod runs.
  void start();
  // `--trace-pod`: the pods ("NAMESPACE/NAME", or "NAME" in default) whose every lookup is
  // traced (DnsLookupSucceeded besides the DnsLookupFailed every pod gets), so that the trace
  // stays small at scale. Call before start().
  void trace_pods(const std::vector<std::string>& names);
  const TrafficStats& stats() const { return stats_; }

  void pod_changed(const k8s::Pod& pod, k8s::PodChange change) override;
  void pod_removed(const k8s::Pod& pod) override;

 private:
  struct Stream;
  struct PodClass;

  const std::vector<uint32_t>& streams_of(const k8s::Pod& pod);
  void join(const k8s::Pod& pod);
  void leave(const k8s::Pod& pod);
  void tick(Stream& stream);
  // Runs the stream's lookups (and connections) for this tick, class by class.
  void walk_classes(Stream& stream);
  Senders senders_of(const Stream& stream, PodClass& pods) const;
  void run_class(Stream& stream, PodClass& pods, const Senders& senders);
  void run_class_lookups(Stream& stream, PodClass& pods, const Senders& senders);
  // `count` lookups of `host`, spread over [start, start + span); `interned` keeps the
  // candidates' name ids of a stream with one name (null: intern each time).
  struct Lookups {
    const std::string& host;
    int64_t count = 0;
    sim::Time start;
    sim::Duration span;
    std::vector<dns::NameId>* interned = nullptr;
    int64_t first_member = 0;  // the index in the class of the first pod that looks it up
  };
  // Returns how many of the lookups' threads are in glibc's single-request mode afterwards.
  int64_t run_lookups(Stream& stream, PodClass& pods, const Senders& senders,
                      const Lookups& lookups, const CohortStart& start);
  // The traffic's host with every "{n}" replaced by `index`.
  static std::string name_of(const spec::Traffic& traffic, int64_t index);
  void connect(Stream& stream, PodClass& pods, const Senders& senders, int64_t count,
               const std::string& host, dns::NameId resolved_name, sim::Duration after);
  // Which of kube-proxy's candidates for (ip, port, protocol) the senders' class reaches, cached
  // per class and version of the service port and of the network.
  const std::vector<bool>& connect_verdicts(const Senders& senders, net::Ipv4 ip, uint16_t port,
                                            net::Protocol protocol, const k8s::DnatDecision& d);
  // Failed lookups or connections of `count` members of a class.
  struct Failures {
    int64_t count = 0;
    sim::Duration after;    // from now until the failure shows
    sim::Duration elapsed;  // how long the application waited
    bool dns = true;        // a lookup; else a connection
    std::string target;     // the name asked, or HOST:PORT
    std::string reason;
    std::string message;
    FailureCause cause;
  };
  void report_failures(PodClass& pods, Failures failures);
  // The traced members' resolved lookups of one run_lookups call: which results they took.
  struct Resolved {
    int64_t count = 0;
    int64_t queries = 0;
    sim::Duration after;    // from now until the answer arrives
    sim::Duration elapsed;  // how long the lookup took
    std::string name;
  };
  struct TickLookups {
    uint64_t rotation_before = 0;  // the class's failure rotation when the tick began
    // Per run_lookups call: its members and their resolved results.
    struct Call {
      int64_t first_member = 0;
      int64_t members = 0;
      std::vector<Resolved> resolved;
    };
    std::vector<Call> calls;
  };
  bool traced(const PodClass& pods) const;
  // Emits DnsLookupSucceeded for the class's traced pods that took a resolved result this tick.
  void report_traced_successes(const PodClass& pods, const TickLookups& tick);

  const TrafficContext& c_;
  uint64_t seed_;
  sim::Trace& trace_;
  std::vector<std::unique_ptr<Stream>> streams_;
  // The streams of each Deployment, by (namespace, name); lookup only.
  std::map<std::pair<std::string, std::string>, std::vector<uint32_t>> streams_by_deployment_;
  std::vector<std::vector<uint32_t>> streams_by_template_;
  std::vector<bool> template_known_;
  struct ConnectVerdicts {
    uint64_t services_version = ~uint64_t{0};
    uint64_t network_version = ~uint64_t{0};
    std::vector<bool> passed;
  };
  // By (class, address, port, protocol) packed into 64 bits (ConnectKey); lookup only, never
  // iterated, so a hash map: every connection asks, and a tree of the 5,000-node run's 10,000
  // services cost a dozen cache misses each time.
  struct ConnectKey {
    uint32_t class_id = 0;
    uint32_t address = 0;
    uint16_t port = 0;
    int protocol = 0;  // net::Protocol::value()
    bool operator==(const ConnectKey&) const = default;
  };
  struct ConnectKeyHash {
    size_t operator()(const ConnectKey& k) const;
  };
  std::unordered_map<ConnectKey, ConnectVerdicts, ConnectKeyHash> connect_verdicts_;
  TrafficStats stats_;
  std::set<std::string> traced_names_;  // "namespace/name"
  std::set<k8s::PodId> traced_pods_;    // those that have run
  TickLookups* tick_lookups_ = nullptr;  // the traced class's tick in progress
  bool started_ = false;
};

}  // namespace ekssim::cluster
