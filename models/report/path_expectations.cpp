#include "models/report/path_expectations.h"

#include <fmt/format.h>

#include "models/cluster/reachability.h"
#include "models/cluster/workload_reachability.h"

namespace ekssim::report {

namespace {

// The reachability endpoint a subject names; none for a subject the matrix does not hold.
std::optional<std::string> endpoint_name(const spec::Subject& s) {
  switch (s.kind) {
    case spec::Subject::Kind::kNodeGroup:
    case spec::Subject::Kind::kHost:
      return s.name;
    case spec::Subject::Kind::kService:
      if (s.ns == "kube-system" && s.name == "kube-dns") return std::string("coredns");
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

struct PathCheck {
  const spec::Subject& from;
  const spec::Subject& to;
  cluster::PortProtocol port;
  std::optional<sim::Duration> at;
  bool want_reachable;
};

std::optional<PathCheck> path_check(const spec::Expectation& e) {
  if (const auto* r = std::get_if<spec::Reachable>(&e.check))
    return PathCheck{r->from, r->to, {r->port, r->protocol}, r->at, true};
  if (const auto* u = std::get_if<spec::Unreachable>(&e.check))
    return PathCheck{u->from, u->to, {u->port, u->protocol}, u->at, false};
  return std::nullopt;
}

// The verdict of one judged pair, in words.
Verdict judge_cell(const cluster::Reachability& r, const std::string& source,
                   const std::string& target, const PathCheck& check, sim::Duration when) {
  const auto f = r.find_endpoint(source);
  const auto t = r.find_endpoint(target);
  const std::string what = fmt::format("{} → {} on {} at {}", source, target,
                                       check.port.to_string(), sim::format_duration(when));
  if (!f || !t) return {false, what + ": not evaluated: no such endpoint"};
  const cluster::ReachabilityCell* cell = r.cell(*f, *t, 0);
  if (cell == nullptr && r.endpoints[*f].address && !r.endpoints[*t].address) {
    return {!check.want_reachable,
            fmt::format("{}: nothing to reach: {}", what, r.endpoints[*t].description)};
  }
  if (cell == nullptr) {
    return {false, fmt::format("{}: not evaluated: that pair is not judged ({}; {})", what,
                               r.endpoints[*f].description, r.endpoints[*t].description)};
  }
  if (cell->allowed()) {
    return {check.want_reachable,
            what + ": allowed (" + std::string(net::to_string(cell->verdict.disposition)) + ")"};
  }
  std::string detail = what + ": " + std::string(net::to_string(cell->verdict.disposition)) + " (" +
                       std::string(net::to_string(cell->verdict.reason)) + ")";
  if (const net::Hop* hop = cluster::blocking_hop(cell->verdict))
    detail += " at " + hop->to_string();
  if (cell->verdict.fix) detail += "; fix: " + cell->verdict.fix->text;
  return {!check.want_reachable, detail};
}

// A Deployment's representative: the pod `ekssim reachability`'s workload rows send from.
const k8s::Pod* workload_pod(const cluster::World& world, const spec::Subject& s) {
  return cluster::representative_pod(world, s.ns, s.name);
}

// A pair with a Deployment as the source: its first pod sends, as `ekssim explain` does, to a
// Service's ClusterIP (kube-proxy picks its first candidate), a Deployment's first pod, a host or
// an address. Network policies judge it on the way (pod_network.h). None when it cannot be
// judged (with the reason).
std::optional<Verdict> judge_workload_pair(const cluster::World& world, const PathCheck& check) {
  if (check.from.kind != spec::Subject::Kind::kDeployment) return std::nullopt;
  const std::string when = sim::format_duration(world.now().since_start());
  const std::string what =
      fmt::format("deployment {}/{} → {} on {} at {}", check.from.ns, check.from.name,
                  check.to.ns.empty() ? check.to.name : check.to.ns + "/" + check.to.name,
                  check.port.to_string(), when);
  const k8s::Pod* pod = workload_pod(world, check.from);
  if (pod == nullptr) return Verdict{false, what + ": not evaluated: no Running pod sends"};
  std::optional<net::Ipv4> dst;
  switch (check.to.kind) {
    case spec::Subject::Kind::kService:
      dst = check.to.ns == "kube-system" && check.to.name == "kube-dns"
                ? std::optional(world.services().kube_dns_ip())
                : world.services().cluster_ip(check.to.ns, check.to.name);
      break;
    case spec::Subject::Kind::kDeployment:
      if (const k8s::Pod* to = workload_pod(world, check.to)) dst = to->ip;
      break;
    case spec::Subject::Kind::kAddress:
      dst = check.to.address;
      break;
    default:
      break;
  }
  if (!dst) return Verdict{false, what + ": not evaluated: nothing to reach there"};
  const cluster::NodeAgent& node = *world.node_agent(pod->node);
  const net::Flow flow = check.port.protocol == net::Protocol::udp()
                             ? net::Flow::udp(pod->ip, 40000, *dst, check.port.port)
                             : net::Flow::tcp(pod->ip, 40000, *dst, check.port.port);
  const net::Verdict v = world.network().from_pod(node, pod->node, pod->ip, flow, true);
  if (v.passed()) {
    return Verdict{check.want_reachable,
                   what + ": allowed (" + std::string(net::to_string(v.disposition)) + ")"};
  }
  std::string detail = what + ": " + std::string(net::to_string(v.disposition)) + " (" +
                       std::string(net::to_string(v.reason)) + ")";
  if (const net::Hop* hop = cluster::blocking_hop(v)) detail += " at " + hop->to_string();
  if (v.fix) detail += "; fix: " + v.fix->text;
  return Verdict{!check.want_reachable, detail};
}

}  // namespace

PathProbes::PathProbes(cluster::World& world, const std::vector<spec::Expectation>& expectations)
    : world_(world) {
  for (const spec::Expectation& e : expectations) {
    if (path_check(e)) probes_.push_back(Probe{&e, std::nullopt});
  }
}

std::optional<sim::Time> PathProbes::next_stop(sim::Time now) const {
  std::optional<sim::Time> next;
  for (const Probe& p : probes_) {
    const std::optional<sim::Duration> at = path_check(*p.expectation)->at;
    if (p.verdict || !at || sim::Time::at(*at) <= now) continue;
    if (!next || sim::Time::at(*at) < *next) next = sim::Time::at(*at);
  }
  return next;
}

void PathProbes::judge_due() {
  for (Probe& p : probes_) {
    const std::optional<sim::Duration> at = path_check(*p.expectation)->at;
    if (!p.verdict && at && sim::Time::at(*at) <= world_.now()) judge(p);
  }
}

void PathProbes::finish() {
  for (Probe& p : probes_) {
    if (!path_check(*p.expectation)->at) judge(p);
  }
}

void PathProbes::judge(Probe& probe) {
  const PathCheck check = *path_check(*probe.expectation);
  const sim::Duration now = world_.now().since_start();
  if (auto workload = judge_workload_pair(world_, check)) {
    probe.verdict = std::move(workload);
    return;
  }
  const auto source = endpoint_name(check.from);
  const auto target = endpoint_name(check.to);
  if (!source || !target) {
    probe.verdict = Verdict{false,
                            "not evaluated: reachable and unreachable judge node groups, VPC "
                            "hosts and kube-system/kube-dns so far"};
    return;
  }
  probe.verdict =
      judge_cell(cluster::compute_reachability(world_, {check.port}), *source, *target, check, now);
}

std::optional<Verdict> PathProbes::verdict(const spec::Expectation& expectation) const {
  for (const Probe& p : probes_) {
    if (p.expectation != &expectation) continue;
    if (p.verdict) return p.verdict;
    const PathCheck check = *path_check(expectation);
    return Verdict{false, fmt::format("not evaluated: the run ended at {}, before {}",
                                      sim::format_duration(world_.now().since_start()),
                                      sim::format_duration(*check.at))};
  }
  return std::nullopt;
}

}  // namespace ekssim::report
