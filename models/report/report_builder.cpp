#include "models/report/report_builder.h"

#include <fmt/format.h>

#include <limits>
#include <utility>

#include "models/aws/ec2_error.h"
#include "models/aws/ec2_events.h"
#include "models/cluster/cluster_events.h"
#include "models/cni/ipamd_events.h"
#include "models/dns/dns_events.h"
#include "models/k8s/api_events.h"
#include "models/report/failures.h"
#include "models/report/summaries.h"

namespace ekssim::report {

namespace {

// What lets the group launch, for the EC2 errors RunInstances gives here.
std::string launch_fix(std::string_view code, std::string_view subnet) {
  if (code == aws::ec2_errors::kInsufficientFreeAddressesInSubnet) {
    return fmt::format(
        "free addresses in {} (fewer warm addresses per node: WARM_IP_TARGET/MINIMUM_IP_TARGET "
        "instead of WARM_ENI_TARGET), or give the node group a subnet with room",
        subnet);
  }
  return "";
}

// What would let the scheduler place the pods, for the resources kube-scheduler names
// (pkg/scheduler/framework/plugins/noderesources/fit.go: "Too many pods", "Insufficient cpu").
std::string scheduling_fix(const std::string& message) {
  if (message.find("Too many pods") != std::string::npos) {
    return "add nodes to a node group the pods may use (desiredCapacity), or raise its maxPods "
           "where its addresses allow";
  }
  if (message.find("Insufficient cpu") != std::string::npos ||
      message.find("Insufficient memory") != std::string::npos) {
    return "add nodes to a node group the pods may use (desiredCapacity), or lower the pods' "
           "requests";
  }
  return "";
}

double seconds(sim::Time t) {
  return t.seconds_double();
}

}  // namespace

ReportBuilder::ReportBuilder(sim::Trace& trace) {
  subscribe_pods(trace);
  subscribe_nodes(trace);
  subscribe_addresses(trace);
}

void ReportBuilder::set_workload_labels(std::string_view ns, std::string_view owner,
                                        Labels labels) {
  std::string key(ns);
  key += '/';
  key += owner;
  labels_by_owner_.insert_or_assign(std::move(key), std::move(labels));
}

// Kubernetes names hold no '/' (DNS-1123, tools/scenario/kubernetes_names.cpp), so comparing
// the two pieces is comparing "namespace/name" as the report prints it.
std::optional<uint32_t> ReportBuilder::pod_index(std::string_view ns, std::string_view name) {
  const uint32_t index = pods_by_name_.find(NameIndex::hash(ns, name), [&](uint32_t i) {
    return pods_[i].name == name && pods_[i].namespace_ == ns;
  });
  if (index == NameIndex::kAbsent) return std::nullopt;
  return index;
}

PodReport* ReportBuilder::pod(std::string_view ns, std::string_view name) {
  const auto index = pod_index(ns, name);
  return index ? &pods_[*index] : nullptr;
}

uint32_t ReportBuilder::node_index(std::string_view name) const {
  return nodes_by_name_.find(NameIndex::hash(name),
                             [&](uint32_t i) { return nodes_[i].name == name; });
}

NodeReport* ReportBuilder::node(std::string_view name) {
  const uint32_t index = node_index(name);
  return index == NameIndex::kAbsent ? nullptr : &nodes_[index];
}

ReportBuilder::NodeState* ReportBuilder::node_state(std::string_view name) {
  const uint32_t index = node_index(name);
  return index == NameIndex::kAbsent ? nullptr : &node_states_[index];
}

void ReportBuilder::reserve_pods(size_t pods) {
  pods_.reserve(pods);
  pod_created_.reserve(pods);
  unschedulable_since_.reserve(pods);
}

void ReportBuilder::subscribe_pods(sim::Trace& trace) {
  subscribe_pod_lifecycle(trace);
  subscribe_pod_addresses(trace);
  subscribe_pod_traffic(trace);
}

// Created, scheduled (or not), running, deleted: the pod's timeline.
void ReportBuilder::subscribe_pod_lifecycle(sim::Trace& trace) {
  trace.subscribe<k8s::PodCreated>([this](sim::Time at, const k8s::PodCreated& e) {
    const auto index = static_cast<uint32_t>(pods_.size());
    PodReport& p = pods_.emplace_back();
    p.namespace_ = e.ns;
    p.name = e.pod;
    p.created_at = seconds(at);
    if (!e.owner.empty()) {
      key_.assign(e.ns);
      key_ += '/';
      key_ += e.owner;
      const auto labels = labels_by_owner_.find(key_);
      if (labels != labels_by_owner_.end()) p.labels = labels->second;
    }
    pod_created_.push_back(at);
    unschedulable_since_.emplace_back();
    pods_by_name_.assign(NameIndex::hash(e.ns, e.pod), index, [&](uint32_t i) {
      return pods_[i].name == e.pod && pods_[i].namespace_ == e.ns;
    });
  });
  trace.subscribe<k8s::PodScheduled>([this](sim::Time at, const k8s::PodScheduled& e) {
    const auto index = pod_index(e.ns, e.pod);
    if (!index) return;
    PodReport& p = pods_[*index];
    p.node = e.node;
    if (const NodeReport* n = node(e.node)) p.node_group = n->node_group;
    p.scheduled_at = seconds(at);
    p.pending_reason.reset();
    unschedulable_since_[*index].reset();
  });
  trace.subscribe<k8s::PodFailedScheduling>(
      [this](sim::Time at, const k8s::PodFailedScheduling& e) {
        const auto index = pod_index(e.ns, e.pod);
        if (!index) return;
        pods_[*index].pending_reason = e.message;
        auto& since = unschedulable_since_[*index];
        if (!since) since = seconds(at);
      });
  trace.subscribe<k8s::PodRunning>([this](sim::Time at, const k8s::PodRunning& e) {
    const auto index = pod_index(e.ns, e.pod);
    if (!index) return;
    PodReport& p = pods_[*index];
    p.phase = "Running";
    p.pending_reason.reset();
    if (!p.running_at) {
      p.running_at = seconds(at);
      start_latencies_.push_back((at - pod_created_[*index]).seconds_double());
    }
  });
  trace.subscribe<k8s::PodDeleted>([this](sim::Time at, const k8s::PodDeleted& e) {
    const auto index = pod_index(e.ns, e.pod);
    if (!index) return;
    if (!pods_[*index].deleted_at) pods_[*index].deleted_at = seconds(at);
    ipamd_failures_.erase(*index);
    unschedulable_since_[*index].reset();
  });
}

// Sandboxes and addresses: the IP side of a pod's start, and why it failed.
void ReportBuilder::subscribe_pod_addresses(sim::Trace& trace) {
  trace.subscribe<k8s::PodSandboxFailed>([this](sim::Time at, const k8s::PodSandboxFailed& e) {
    on_sandbox_failed(at, e.ns, e.pod, e.node, e.reason, e.message);
  });
  trace.subscribe<cni::IpamdAssignFailed>([this](sim::Time, const cni::IpamdAssignFailed& e) {
    if (const auto index = pod_index(e.ns, e.pod)) {
      ipamd_failures_.insert_or_assign(
          *index, Cause{std::string(e.reason), "", std::string(e.cause), std::string(e.fix)});
    }
  });
  trace.subscribe<cni::PodIpAssigned>([this](sim::Time at, const cni::PodIpAssigned& e) {
    PodReport* p = pod(e.ns, e.pod);
    if (p == nullptr) return;
    p->ip = e.ip;
    p->eni = e.eni;
    p->ip_assigned_at = seconds(at);
    node_addresses_assigned(at, e.node, e.ips_assigned);
  });
  trace.subscribe<cni::PodIpReleased>([this](sim::Time at, const cni::PodIpReleased& e) {
    node_addresses_assigned(at, e.node, e.ips_assigned);
  });
  trace.subscribe<k8s::PodSandboxCreated>([this](sim::Time at, const k8s::PodSandboxCreated& e) {
    const auto index = pod_index(e.ns, e.pod);
    if (!index) return;
    PodReport& p = pods_[*index];
    p.ip = e.ip;
    // PodIpAssigned names the ENI; a host-network pod has none.
    if (!p.eni && !e.interface_id.empty()) p.eni = e.interface_id;
    if (!p.ip_assigned_at) p.ip_assigned_at = seconds(at);
    p.pending_reason.reset();
    ipamd_failures_.erase(*index);
  });
}

// The workloads' DNS lookups and connections that failed.
void ReportBuilder::subscribe_pod_traffic(sim::Trace& trace) {
  trace.subscribe<dns::DnsLookupFailed>([this](sim::Time at, const dns::DnsLookupFailed& e) {
    PodReport* p = pod(e.ns, e.pod);
    if (p == nullptr) return;
    record_failure(p->dns_failures,
                   Failure{seconds(at), std::string(e.reason), std::string(e.message),
                           std::string(e.cause), std::string(e.fix), std::string(e.name)});
  });
  trace.subscribe<cluster::ConnectFailed>([this](sim::Time at, const cluster::ConnectFailed& e) {
    PodReport* p = pod(e.ns, e.pod);
    if (p == nullptr) return;
    record_failure(p->connect_failures,
                   Failure{seconds(at), std::string(e.reason), std::string(e.message),
                           std::string(e.cause), std::string(e.fix), std::string(e.target)});
  });
}

void ReportBuilder::on_sandbox_failed(sim::Time at, std::string_view ns, std::string_view pod_name,
                                      std::string_view node_name, std::string_view reason,
                                      std::string_view message) {
  const auto index = pod_index(ns, pod_name);
  if (!index) return;
  PodReport& p = pods_[*index];
  p.pending_reason = message;
  Failure f;
  f.at = seconds(at);
  f.message = message;
  const NodeState* state = node_state(node_name);
  const Cause* node_cause = state != nullptr && state->network ? &*state->network : nullptr;
  const auto ipamd = ipamd_failures_.find(*index);
  if (reason == "NetworkNotReady") {
    // The kubelet attempted no CNI ADD: the node's network plugin is not ready
    // (pkg/kubelet/kubelet.go, `SyncPod`, NetworkNotReadyErrorMsg).
    f.reason = "NetworkPluginNotReady";
    f.cause = node_cause != nullptr
                  ? node_cause->cause
                  : "the network plugin on " + std::string(node_name) +
                        " is not ready: aws-node has not installed the CNI configuration yet";
    if (node_cause != nullptr) f.fix = node_cause->fix;
  } else if (ipamd != ipamd_failures_.end()) {
    f.reason = ipamd->second.reason;
    f.cause = ipamd->second.cause;
    f.fix = ipamd->second.fix;
  } else {
    f.reason = reason;
    f.cause = node_cause != nullptr ? node_cause->cause
                                    : "the CNI ADD failed on " + std::string(node_name) +
                                          " without a diagnosis from ipamd";
    if (node_cause != nullptr) f.fix = node_cause->fix;
  }
  if (ipamd != ipamd_failures_.end()) ipamd_failures_.erase(ipamd);
  record_failure(p.ip_failures, std::move(f));
}

void ReportBuilder::subscribe_nodes(sim::Trace& trace) {
  subscribe_node_lifecycle(trace);
  subscribe_node_failures(trace);
  subscribe_node_pools(trace);
}

void ReportBuilder::subscribe_node_lifecycle(sim::Trace& trace) {
  trace.subscribe<cluster::NodeLaunched>(
      [this](sim::Time at, const cluster::NodeLaunched& e) { add_node(at, e); });
  // A node registering Ready gets no NodeReady event (k8s::ApiServer::register_node).
  trace.subscribe<k8s::NodeRegistered>([this](sim::Time at, const k8s::NodeRegistered& e) {
    if (e.ready) node_ready(at, e.node);
  });
  trace.subscribe<k8s::NodeReady>(
      [this](sim::Time at, const k8s::NodeReady& e) { node_ready(at, e.node); });
  trace.subscribe<k8s::NodeNotReady>([this](sim::Time at, const k8s::NodeNotReady& e) {
    const uint32_t index = node_index(e.node);
    if (index == NameIndex::kAbsent) return;
    NodeReport* n = &nodes_[index];
    const NodeState& s = node_states_[index];
    n->ready = false;
    n->not_ready = Failure{seconds(at),
                           std::string(e.reason),
                           std::string(e.message),
                           s.network ? s.network->cause : std::string(e.message),
                           s.network ? s.network->fix : std::string(),
                           {}};
  });
  trace.subscribe<k8s::NodeRemoved>([this](sim::Time, const k8s::NodeRemoved& e) {
    if (NodeReport* n = node(e.node)) n->ready = false;
  });
  trace.subscribe<cluster::InstanceTerminated>(
      [this](sim::Time at, const cluster::InstanceTerminated& e) {
        NodeReport* n = node(e.node);
        if (n == nullptr) return;
        n->ready = false;
        if (!n->terminated_at) n->terminated_at = seconds(at);
      });
}

void ReportBuilder::add_node(sim::Time at, const cluster::NodeLaunched& e) {
  const auto index = static_cast<uint32_t>(nodes_.size());
  NodeReport& n = nodes_.emplace_back();
  n.name = e.node;
  n.node_group = e.node_group;
  n.instance_type = e.instance_type;
  n.availability_zone = e.availability_zone;
  n.subnet = e.subnet;
  n.max_pods = static_cast<int>(e.max_pods);
  n.launched_at = seconds(at);
  NodeState& s = node_states_.emplace_back();
  s.enis_series = add_series(kEnisMetric, e.node);
  s.ips_total_series = add_series(kIpsTotalMetric, e.node);
  s.ips_assigned_series = add_series(kIpsAssignedMetric, e.node);
  nodes_by_name_.assign(NameIndex::hash(e.node), index,
                        [&](uint32_t i) { return nodes_[i].name == e.node; });
}

void ReportBuilder::subscribe_node_failures(sim::Trace& trace) {
  trace.subscribe<cluster::NodeBringUpFailed>([this](sim::Time at,
                                                     const cluster::NodeBringUpFailed& e) {
    NodeReport* n = node(e.node);
    if (n == nullptr) return;
    Cause cause{std::string(e.reason), std::string(e.message), std::string(e.cause),
                std::string(e.fix)};
    n->not_ready = Failure{seconds(at), cause.reason, cause.message, cause.cause, cause.fix, {}};
    count_node_cause(at, e.node, cause);
    if (e.component == "aws-node") set_network_cause(at, e.node, std::move(cause));
  });
  trace.subscribe<cluster::NodeGroupLaunchFailed>(
      [this](sim::Time at, const cluster::NodeGroupLaunchFailed& e) {
        count_launch_failure(at, e);
      });
  trace.subscribe<cni::IpamdInitFailed>([this](sim::Time at, const cni::IpamdInitFailed& e) {
    Cause cause{"IpamdInitFailed", std::string(e.log), std::string(e.cause), std::string(e.fix)};
    count_node_cause(at, e.node, cause);
    set_network_cause(at, e.node, std::move(cause));
  });
}

void ReportBuilder::count_launch_failure(sim::Time at, const cluster::NodeGroupLaunchFailed& e) {
  auto [it, inserted] =
      launch_causes_.try_emplace({std::string(e.node_group), std::string(e.code)});
  CauseSummary& s = it->second;
  if (inserted) {
    s.kind = "launch";
    s.reason = e.code;
    s.cause = fmt::format("node group {} cannot launch an instance in {}: {}", e.node_group,
                          e.subnet, e.message);
    s.fix = launch_fix(e.code, e.subnet);
    s.first_at = seconds(at);
    s.first_pod = std::string(e.node_group);
    s.pods = 1;  // the node group
  }
  ++s.failures;
}

void ReportBuilder::subscribe_node_pools(sim::Trace& trace) {
  trace.subscribe<cni::IpamdReady>([this](sim::Time at, const cni::IpamdReady& e) {
    const uint32_t index = node_index(e.node);
    if (index == NameIndex::kAbsent) return;
    NodeState& s = node_states_[index];
    s.network.reset();
    nodes_[index].ips_total = static_cast<int>(e.ips_total);
    sample(s.ips_total_series, at, static_cast<double>(e.ips_total));
  });
  trace.subscribe<cni::IpamdPoolChanged>([this](sim::Time at, const cni::IpamdPoolChanged& e) {
    const uint32_t index = node_index(e.node);
    if (index == NameIndex::kAbsent) return;
    NodeReport* n = &nodes_[index];
    n->enis = static_cast<int>(e.enis);
    n->ips_total = static_cast<int>(e.ips_total);
    n->ips_assigned = static_cast<int>(e.ips_assigned);
    const NodeState& s = node_states_[index];
    sample(s.enis_series, at, static_cast<double>(e.enis));
    sample(s.ips_total_series, at, static_cast<double>(e.ips_total));
    sample(s.ips_assigned_series, at, static_cast<double>(e.ips_assigned));
  });
}

void ReportBuilder::node_addresses_assigned(sim::Time at, std::string_view name, int64_t assigned) {
  const uint32_t index = node_index(name);
  if (index == NameIndex::kAbsent) return;
  nodes_[index].ips_assigned = static_cast<int>(assigned);
  sample(node_states_[index].ips_assigned_series, at, static_cast<double>(assigned));
}

void ReportBuilder::node_ready(sim::Time at, std::string_view name) {
  NodeReport* n = node(name);
  if (n == nullptr) return;
  n->ready = true;
  if (!n->ready_at) n->ready_at = seconds(at);
  n->not_ready.reset();
}

void ReportBuilder::count_node_cause(sim::Time at, std::string_view node, const Cause& cause) {
  auto& [summary, nodes] = node_causes_[{cause.reason, cause.cause}];
  if (summary.failures == 0) {
    summary.kind = "node";
    summary.reason = cause.reason;
    summary.cause = cause.cause;
    summary.fix = cause.fix;
    summary.first_at = seconds(at);
    summary.first_pod = std::string(node);
  }
  ++summary.failures;
  nodes.insert(std::string(node));
}

void ReportBuilder::set_network_cause(sim::Time at, std::string_view node_name, Cause cause) {
  const uint32_t index = node_index(node_name);
  if (index == NameIndex::kAbsent) return;
  NodeReport& n = nodes_[index];
  if (!n.ready) {
    n.not_ready = Failure{seconds(at), cause.reason, cause.message, cause.cause, cause.fix, {}};
  }
  node_states_[index].network = std::move(cause);
}

void ReportBuilder::subscribe_addresses(sim::Trace& trace) {
  trace.subscribe<aws::SubnetAddressesChanged>(
      [this](sim::Time at, const aws::SubnetAddressesChanged& e) {
        const uint32_t index = subnet_index(e.subnet);
        SubnetReport& s = subnets_[index];
        s.free = e.free;
        s.usable = e.usable;
        s.free_prefixes = e.free_prefixes;
        if (e.free < s.min_free) {
          s.min_free = e.free;
          s.min_free_at = seconds(at);
        }
        sample(subnet_series_[index], at, static_cast<double>(e.free));
      });
}

void ReportBuilder::add_subnet(SubnetReport subnet) {
  if (subnets_by_name_.contains(subnet.name)) return;
  subnet.min_free = subnet.free;
  subnets_by_name_.emplace(subnet.name, static_cast<uint32_t>(subnets_.size()));
  subnet_series_.push_back(add_series(kSubnetFreeMetric, subnet.name));
  sample(subnet_series_.back(), sim::Time::at(sim::Duration::from_seconds(subnet.min_free_at)),
         static_cast<double>(subnet.free));
  subnets_.push_back(std::move(subnet));
}

uint32_t ReportBuilder::subnet_index(std::string_view name) {
  const auto it = subnets_by_name_.find(name);
  if (it != subnets_by_name_.end()) return it->second;
  // First seen: its state before this change is unknown, so its lowest starts with it.
  const auto index = static_cast<uint32_t>(subnets_.size());
  SubnetReport& s = subnets_.emplace_back();
  s.name = name;
  s.min_free = std::numeric_limits<int64_t>::max();
  subnets_by_name_.emplace(s.name, index);
  subnet_series_.push_back(add_series(kSubnetFreeMetric, name));
  return index;
}

void ReportBuilder::count_ec2_call(std::string_view action, std::string_view error_code) {
  auto it = ec2_api_.find(action);
  if (it == ec2_api_.end()) {
    it = ec2_api_.emplace(std::string(action), Ec2ApiSummary{std::string(action)}).first;
  }
  Ec2ApiSummary& s = it->second;
  ++s.calls;
  if (!error_code.empty()) ++s.errors;
  if (error_code == aws::ec2_errors::kRequestLimitExceeded) ++s.throttled;
}

size_t ReportBuilder::add_series(std::string_view metric, std::string_view label) {
  SeriesState& s = series_.emplace_back();
  s.series.metric = metric;
  s.series.label = label;
  return series_.size() - 1;
}

void ReportBuilder::sample(size_t index, sim::Time at, double value) {
  SeriesState& s = series_[index];
  auto& points = s.series.points;
  const int64_t bucket = at.since_start() / kSeriesResolution;
  if (!points.empty() && points.back().second == value) return;
  if (!points.empty() && bucket == s.last_bucket) {
    points.back() = {seconds(at), value};
    return;
  }
  points.emplace_back(seconds(at), value);
  s.last_bucket = bucket;
}

void ReportBuilder::release(RunReport& report) {
  report.pods = std::move(pods_);
  pods_.clear();
  // The index's keys were the pods' own names, now moved out: a later event finds no pod.
  pods_by_name_.clear();
  fill_from_state(report);
}

void ReportBuilder::finish(RunReport& report) const {
  report.pods = pods_;
  fill_from_state(report);
}

void ReportBuilder::fill_from_state(RunReport& report) const {
  report.nodes = nodes_;
  report.subnets = subnets_;
  report.series.clear();
  for (const SeriesState& s : series_) {
    if (!s.series.points.empty()) report.series.push_back(s.series);
  }
  report.pod_start_latency = percentiles_of(start_latencies_);
  report.top_causes = summarize_causes(report.pods);
  // Node bring-up failures rank with the pods' by count (a node that never came up shows as
  // pods Pending, so its cause is often the root of theirs).
  std::vector<CauseSummary> node_causes;
  for (const auto& [key, entry] : node_causes_) {
    node_causes.push_back(entry.first);
    node_causes.back().pods = static_cast<int64_t>(entry.second.size());
  }
  report.top_causes.insert(report.top_causes.end(), node_causes.begin(), node_causes.end());
  for (const auto& [key, summary] : launch_causes_)
    report.top_causes.push_back(summary);
  const std::vector<CauseSummary> unscheduled = scheduling_causes(report.pods);
  report.top_causes.insert(report.top_causes.end(), unscheduled.begin(), unscheduled.end());
  std::stable_sort(
      report.top_causes.begin(), report.top_causes.end(),
      [](const CauseSummary& a, const CauseSummary& b) { return a.failures > b.failures; });
  report.ec2_api.clear();
  for (const auto& [action, summary] : ec2_api_)
    report.ec2_api.push_back(summary);
}

std::vector<CauseSummary> ReportBuilder::scheduling_causes(
    const std::vector<PodReport>& pods) const {
  std::map<std::string, CauseSummary, std::less<>> by_message;
  for (size_t index = 0; index < unschedulable_since_.size(); ++index) {
    if (!unschedulable_since_[index]) continue;
    const double since = *unschedulable_since_[index];
    const PodReport& p = pods[index];
    if (p.running_at || p.deleted_at || !p.pending_reason) continue;
    auto [it, inserted] = by_message.try_emplace(*p.pending_reason);
    CauseSummary& s = it->second;
    if (inserted || since < s.first_at) {
      s.kind = "scheduling";
      s.reason = "FailedScheduling";
      s.cause = *p.pending_reason;
      s.fix = scheduling_fix(s.cause);
      s.first_at = since;
      s.first_pod = p.namespace_ + "/" + p.name;
    }
    ++s.failures;  // one per pod still Pending: the scheduler's retries are not failures
    ++s.pods;
  }
  std::vector<CauseSummary> out;
  for (auto& [message, summary] : by_message)
    out.push_back(std::move(summary));
  return out;
}

}  // namespace ekssim::report
