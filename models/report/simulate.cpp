#include "models/report/simulate.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>

#include "models/aws/ec2_api.h"
#include "models/cluster/world.h"
#include "models/report/expectations.h"
#include "models/report/invariants.h"
#include "models/report/live_probes.h"
#include "models/report/path_expectations.h"
#include "models/report/report_builder.h"
#include "models/report/summaries.h"
#include "sim/invariant.h"

namespace ekssim::report {

namespace {

// The state invariants are checked every simulated minute and at the end (subnet used + free =
// usable, ENIs and addresses within the instance types' limits).
constexpr sim::Duration kStateCheckPeriod = sim::Duration::minutes(1);

void register_subnets(const cluster::World& world, ReportBuilder& builder) {
  for (const aws::Subnet& s : world.ec2().subnets()) {
    SubnetReport r;
    r.name = s.name;
    r.availability_zone = s.availability_zone;
    r.cidr = s.cidr.to_string();
    r.usable = s.addresses->usable_addresses();
    r.free = s.addresses->free_addresses();
    r.min_free = r.free;
    r.free_prefixes = s.addresses->free_prefixes();
    builder.add_subnet(std::move(r));
  }
}

void register_labels(const spec::Scenario& scenario, ReportBuilder& builder) {
  builder.set_workload_labels("kube-system", "coredns", {{"k8s-app", "kube-dns"}});
  builder.set_workload_labels("kube-system", "aws-node", {{"k8s-app", "aws-node"}});
  builder.set_workload_labels("kube-system", "kube-proxy", {{"k8s-app", "kube-proxy"}});
  for (const spec::Workload& w : scenario.workloads) {
    if (const auto* d = std::get_if<spec::Deployment>(&w)) {
      builder.set_workload_labels(d->ns, d->name,
                                  ReportBuilder::Labels(d->labels.begin(), d->labels.end()));
    }
  }
}

DnsSummary dns_summary(const cluster::World& world, sim::Duration duration) {
  const cluster::TrafficStats& t = world.traffic_stats();
  const cluster::CoreDnsStats& c = world.coredns_stats();
  DnsSummary s;
  s.lookups = t.lookups;
  s.failed_lookups = t.failed_lookups;
  s.queries = t.queries;
  s.queries_per_lookup = t.lookups > 0 ? double(t.queries) / double(t.lookups) : 0;
  s.coredns_replicas = static_cast<int64_t>(world.coredns_replicas());
  s.coredns_queries = c.queries;
  s.coredns_queries_per_second =
      duration > sim::Duration::zero() ? double(c.queries) / duration.seconds_double() : 0;
  s.coredns_forwarded = c.forwarded;
  s.coredns_error_logs = c.error_logs;
  s.last_coredns_error = c.last_error_log;
  s.vpc_resolver_dropped = world.vpc_resolver().dropped_total();
  for (const dns::EniPackets& p : world.vpc_resolver().packets_by_eni()) {
    cluster::CoreDnsFleet::OnEni on = world.coredns().replicas_on(p.eni);
    s.vpc_resolver_enis.push_back({world.vpc().eni(vpc::EniId(p.eni)).name, std::move(on.node),
                                   std::move(on.replicas), p.packets, p.dropped, p.peak_per_second,
                                   p.peak_at.seconds_double()});
  }
  s.vpc_resolver_limit = world.vpc_resolver().packets_per_second();
  std::stable_sort(s.vpc_resolver_enis.begin(), s.vpc_resolver_enis.end(),
                   [](const auto& a, const auto& b) { return a.packets > b.packets; });
  std::map<double, int64_t> latency;
  for (const auto& [ns, count] : t.resolved_latency) {
    latency[sim::Duration::nanoseconds(ns).seconds_double()] += count;
    if (sim::Duration::nanoseconds(ns) >= sim::Duration::seconds(1)) s.slow_lookups += count;
  }
  s.lookup_latency = percentiles_of_histogram(latency);
  s.connects = t.connects;
  s.failed_connects = t.failed_connects;
  for (const auto& [key, count] : t.failures)
    s.failures.push_back({key.first, key.second, count});
  return s;
}

// Runs to `end`, stopping for the path probes' times and the progress line. Stopping the kernel
// at a time and resuming runs the same events in the same order.
void run_to_end(cluster::World& world, sim::Time end, const SimulateOptions& options,
                PathProbes& paths) {
  std::optional<sim::Time> progress;
  if (options.progress) progress = world.now() + options.progress_every;
  for (;;) {
    sim::Time stop = end;
    if (progress && *progress < stop) stop = *progress;
    if (const auto next = paths.next_stop(world.now()); next && *next < stop) stop = *next;
    world.run_until(stop);
    paths.judge_due();
    if (stop == end) return;
    if (progress && stop == *progress) {
      options.progress(stop, world.kernel().events_processed());
      progress = stop + options.progress_every;
    }
  }
}

}  // namespace

RunReport simulate(const spec::Scenario& scenario, const SimulateOptions& options) {
  const uint64_t seed = options.seed.value_or(scenario.seed);
  const sim::Duration duration = options.until.value_or(scenario.duration);
  // A component's broken contract while the world is built (before any event) leaves as an
  // invariant violation at time 0, event #0, like one thrown by an event (Kernel::step).
  std::optional<cluster::World> built;
  try {
    built.emplace(scenario, seed);
  } catch (const sim::ComponentFailure& e) {
    throw sim::InvariantViolation(sim::Time::zero(), 0, e.component(),
                                  std::string("while building the cluster: ") + e.what());
  }
  cluster::World& world = *built;
  if (options.events != nullptr) world.trace().add_sink(options.events);
  if (!options.trace_pods.empty()) world.trace_pods(options.trace_pods);

  ReportBuilder builder(world.trace());
  builder.reserve_pods(world.initial_pods());
  register_subnets(world, builder);
  register_labels(scenario, builder);
  world.trace().subscribe<aws::Ec2ApiCalled>([&builder](sim::Time, const aws::Ec2ApiCalled& e) {
    builder.count_ec2_call(e.action, e.error_code);
  });
  InvariantCheckers checkers(world.kernel(), world.trace());
  checkers.add_state_check("ec2", [&world] { return world.check_state_invariants(); });
  checkers.check_state_every(kStateCheckPeriod);

  LiveProbes probes(world, scenario.expectations);
  PathProbes paths(world, scenario.expectations);
  world.kernel().set_profiler(options.profiler);
  world.start();
  run_to_end(world, sim::Time::at(duration), options, paths);
  world.kernel().set_profiler(nullptr);
  checkers.check_state();
  probes.finish();
  paths.finish();

  RunReport report;
  report.scenario = scenario.metadata.name;
  report.description = scenario.metadata.description;
  report.seed = seed;
  report.virtual_seconds = duration.seconds_double();
  builder.release(report);
  report.dns = dns_summary(world, duration);
  report.expectations = evaluate_expectations(scenario.expectations, report,
                                              [&probes, &paths](const spec::Expectation& e) {
                                                if (std::optional<Verdict> v = probes.verdict(e))
                                                  return *v;
                                                if (std::optional<Verdict> v = paths.verdict(e))
                                                  return *v;
                                                return Verdict{false, "not evaluated"};
                                              });
  report.events = world.kernel().events_processed();
  report.digest = world.trace().digest().hex();
  return report;
}

}  // namespace ekssim::report
