#pragma once
// Builds the run report from the trace, as the run goes: one O(1) update per event, so a
// 150,000-pod run pays for its report in proportion to its events. The lookups by name are hashed
// and never iterated; everything written out keeps an order of its own: pods in creation order,
// nodes in launch order, subnets as registered and then as first seen.
//
// What each field comes from:
// - pods[]: PodCreated (labels by owner, see set_workload_labels), PodScheduled (node, and the
//   node group from NodeLaunched), PodIpAssigned / PodSandboxCreated (ip, eni), PodRunning, and
//   PodDeleted (deleted pods stay, with deletedAt). pendingReason is the last FailedScheduling or
//   sandbox failure message, cleared when the pod is bound, gets its sandbox or runs — what
//   `kubectl describe pod` shows as the latest warning of a pod still waiting.
// - ipFailures[]: one per PodSandboxFailed, `message` the kubelet's text. For a failed CNI ADD,
//   reason/cause/fix come from the IpamdAssignFailed ipamd emitted for that pod before it; for
//   the kubelet's NetworkNotReady (no ADD was attempted), reason is NetworkPluginNotReady and the
//   cause is the node's: its IpamdInitFailed or aws-node NodeBringUpFailed, if any.
// - dnsFailures[]: one per DnsLookupFailed.
// - nodes[]: NodeLaunched, NodeRegistered / NodeReady / NodeNotReady / NodeRemoved,
//   InstanceTerminated, IpamdReady / IpamdPoolChanged (enis, ipsTotal, ipsAssigned as last
//   reported), NodeBringUpFailed and IpamdInitFailed (notReady with cause and fix). notReady is
//   cleared when the node becomes Ready: it says why a node is not Ready, not that it once was
//   not.
// - subnets[]: SubnetAddressesChanged: free and freePrefixes as last reported, the lowest free
//   count and when it was first reached.
// - series[]: ipamd's Prometheus gauges per node (awscni_eni_allocated,
//   awscni_total_ip_addresses, awscni_assigned_ip_addresses; aws/amazon-vpc-cni-k8s,
//   pkg/ipamd/datastore/data_store.go, its gauges) and each subnet's free addresses, named
//   after DescribeSubnets' AvailableIpAddressCount. Sampled on change with at most one point per
//   series per kSeriesResolution of virtual time (the last value in it wins), so a long run's
//   series stay bounded.
// - podStartLatency: creation to the first PodRunning, over the pods that ran.
// - ec2Api: per action, from count_ec2_call (the caller subscribes it to Ec2ApiCalled).
//
// Simplifications: there are no trace events for the Succeeded and Failed phases (no modelled
// workload exits), so phases are Pending and Running; a pod's labels are its owner's, registered
// by (namespace, owner name) — a Deployment and a DaemonSet of one name in one namespace share
// them. Events about pods or nodes the builder never saw created or launched are ignored.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "models/report/name_index.h"
#include "models/report/run_report.h"
#include "sim/time.h"
#include "sim/trace.h"

namespace ekssim::cluster {
struct NodeLaunched;
struct NodeGroupLaunchFailed;
}  // namespace ekssim::cluster

namespace ekssim::report {

class ReportBuilder {
 public:
  using Labels = std::map<std::string, std::string>;

  // Subscribes to every event it reads. The trace cannot unsubscribe: the builder must outlive
  // every later emit on `trace`.
  explicit ReportBuilder(sim::Trace& trace);
  ReportBuilder(const ReportBuilder&) = delete;
  ReportBuilder& operator=(const ReportBuilder&) = delete;

  // The labels of the pods that the workload `owner` (a Deployment or DaemonSet) creates in
  // `ns`. PodCreated names the owner, not the labels; register before its pods are created.
  void set_workload_labels(std::string_view ns, std::string_view owner, Labels labels);

  // Registers a subnet before the run so that subnets[] lists it in this order, even if its
  // addresses never change. min_free starts at `subnet.free`, reached at `subnet.min_free_at`.
  // A subnet registered twice keeps its first entry.
  void add_subnet(SubnetReport subnet);

  // Makes room for `pods` pods' reports, so that a large run does not move every report it
  // holds each time the list outgrows its storage (a report is about 500 bytes).
  void reserve_pods(size_t pods);

  // One EC2 API response (aws::Ec2ApiCalled): counts a call per action, an error when
  // `error_code` is not empty, and a throttled call when it is RequestLimitExceeded.
  void count_ec2_call(std::string_view action, std::string_view error_code);

  // Fills the scenario-independent fields of `report`: pods, nodes, subnets, series, top causes,
  // pod start latency and the EC2 API summary (sorted by action). Leaves scenario, seed, digest,
  // events, times and expectations to the caller. May be called at any time, any number of times.
  void finish(RunReport& report) const;
  // The same at the end of a run, moving the pods out instead of copying them (a large cluster's
  // pods are most of the report): the builder holds no pods afterwards.
  void release(RunReport& report);

  static constexpr sim::Duration kSeriesResolution = sim::Duration::seconds(10);
  static constexpr std::string_view kEnisMetric = "awscni_eni_allocated";
  static constexpr std::string_view kIpsTotalMetric = "awscni_total_ip_addresses";
  static constexpr std::string_view kIpsAssignedMetric = "awscni_assigned_ip_addresses";
  static constexpr std::string_view kSubnetFreeMetric = "subnet_available_ip_address_count";

 private:
  // Everything but the pods.
  void fill_from_state(RunReport& report) const;
  // A root cause as ipamd or the node reported it, waiting to be joined to a kubelet event.
  struct Cause {
    std::string reason, message, cause, fix;
  };
  struct NodeState {
    std::optional<Cause> network;  // why the node's network (aws-node) is not ready, if known
    size_t enis_series = 0, ips_total_series = 0, ips_assigned_series = 0;
  };
  struct SeriesState {
    Series series;
    int64_t last_bucket = -1;  // the kSeriesResolution bucket of the last point
  };
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  template <typename V>
  using NameMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

  void subscribe_pods(sim::Trace& trace);
  void subscribe_pod_lifecycle(sim::Trace& trace);
  void subscribe_pod_addresses(sim::Trace& trace);
  void subscribe_pod_traffic(sim::Trace& trace);
  // A node's life (launch, readiness, removal), its bring-up and launch failures, and its
  // address pool as ipamd reports it.
  void subscribe_nodes(sim::Trace& trace);
  void subscribe_node_lifecycle(sim::Trace& trace);
  void subscribe_node_failures(sim::Trace& trace);
  void subscribe_node_pools(sim::Trace& trace);
  void add_node(sim::Time at, const cluster::NodeLaunched& e);
  // A node group's launch EC2 refused: one cause per group and error code.
  void count_launch_failure(sim::Time at, const cluster::NodeGroupLaunchFailed& e);
  void subscribe_addresses(sim::Trace& trace);

  // The pod of that name (the latest created, if the name was reused), or nullptr.
  PodReport* pod(std::string_view ns, std::string_view name);
  std::optional<uint32_t> pod_index(std::string_view ns, std::string_view name);
  // The node of that name (the latest launched), or nullptr; node_index gives NameIndex::kAbsent.
  NodeReport* node(std::string_view name);
  NodeState* node_state(std::string_view name);
  uint32_t node_index(std::string_view name) const;
  // The subnet of that name, added in first-seen order if new.
  uint32_t subnet_index(std::string_view name);

  void on_sandbox_failed(sim::Time at, std::string_view ns, std::string_view pod_name,
                         std::string_view node, std::string_view reason, std::string_view message);
  void node_ready(sim::Time at, std::string_view name);
  void node_addresses_assigned(sim::Time at, std::string_view name, int64_t assigned);
  void set_network_cause(sim::Time at, std::string_view node, Cause cause);
  // Counts a node bring-up failure (kubelet or aws-node) for top_causes, kind "node".
  void count_node_cause(sim::Time at, std::string_view node, const Cause& cause);
  // The pods still unschedulable at the end, by the scheduler's message, for top_causes.
  std::vector<CauseSummary> scheduling_causes(const std::vector<PodReport>& pods) const;
  size_t add_series(std::string_view metric, std::string_view label);
  void sample(size_t series, sim::Time at, double value);

  std::vector<PodReport> pods_;
  std::vector<sim::Time> pod_created_;   // exact, for start latencies
  std::vector<double> start_latencies_;  // seconds, one per pod that ran
  std::string key_;                      // scratch for "namespace/owner" lookups
  NameIndex pods_by_name_;  // (namespace, name) -> index in pods_, the keys being pods_'s own
  std::unordered_map<uint32_t, Cause> ipamd_failures_;  // pod index -> unjoined; lookup only
  // Node groups' failed launches by (node group, EC2 error code), for top_causes.
  std::map<std::pair<std::string, std::string>, CauseSummary> launch_causes_;
  // Per pod index: since when (seconds) the scheduler could not place it, until it is scheduled
  // or deleted. A vector, not a map: PodFailedScheduling repeats for every retry of every
  // pending pod (millions in a large bring-up), and this is read in index order at the end.
  std::vector<std::optional<double>> unschedulable_since_;
  // Node bring-up failures by (reason, cause): the summary, and the nodes it hit.
  std::map<std::pair<std::string, std::string>, std::pair<CauseSummary, std::set<std::string>>>
      node_causes_;
  NameMap<Labels> labels_by_owner_;  // "namespace/owner" -> labels; lookup only

  std::vector<NodeReport> nodes_;
  std::vector<NodeState> node_states_;
  NameIndex nodes_by_name_;  // name -> latest node of that name in nodes_, the keys nodes_'s own

  std::vector<SubnetReport> subnets_;
  std::vector<size_t> subnet_series_;
  NameMap<uint32_t> subnets_by_name_;  // lookup only

  std::vector<SeriesState> series_;
  std::map<std::string, Ec2ApiSummary, std::less<>> ec2_api_;  // by action
};

}  // namespace ekssim::report
