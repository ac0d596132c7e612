#include "tools/cli/explain_dns.h"

#include <fmt/format.h>

#include "models/cluster/explain.h"
#include "models/dns/resolv_conf.h"
#include "models/dns/resolver.h"
#include "sim/invariant.h"
#include "tools/cli/exit_codes.h"
#include "tools/cli/explain_format.h"
#include "tools/cli/scenario_for_command.h"
#include "tools/scenario/loader.h"
#include "tools/serve/dns_walk.h"
#include "tools/serve/event_log.h"

namespace ekssim::cli {

namespace {

constexpr const char* kPrefix = "ekssim explain: error: ";

void print_resolver(const cluster::World& world, std::string_view ns, std::string_view name,
                    std::ostream& out) {
  dns::KubeletDnsSettings kubelet;
  kubelet.cluster_dns = {world.services().kube_dns_ip()};
  kubelet.host =
      dns::ec2_node_resolv_conf(world.scenario().cluster.region, world.vpc_resolver().address());
  const dns::ResolvConf conf =
      dns::pod_resolv_conf(kubelet, ns, dns::DnsPolicy::kClusterFirst, false).conf;
  out << "resolv.conf, as kubelet writes it (dnsPolicy ClusterFirst):\n";
  std::string text = conf.to_text();
  for (size_t at = 0; at < text.size();) {
    const size_t end = text.find('\n', at);
    out << "  " << text.substr(at, end - at) << "\n";
    at = end == std::string::npos ? text.size() : end + 1;
  }
  const dns::ResolverConfig config(conf);
  const dns::CandidateList list = dns::candidates(dns::ResolverKind::kGlibc, name, config);
  out << "candidates in order (glibc: ndots " << config.options().ndots << "):\n";
  for (size_t i = 0; i < list.size(); ++i) {
    out << "  " << i + 1 << ". " << dns::candidate_name(name, config, list[i]) << "\n";
  }
}

// The pod's last failed lookup of `name` in the trace, walked.
void print_last_lookup(const cluster::World& world, const serve::EventLog& log,
                       const cluster::ExplainSource& source, std::string_view name,
                       std::ostream& out) {
  const serve::RecordedEvent* last = nullptr;
  for (const serve::RecordedEvent& e : log.events()) {
    if ((e.kind == "DnsLookupFailed" || e.kind == "DnsLookupSucceeded") &&
        serve::field_text(e, "pod") == source.pod_name &&
        serve::field_text(e, "namespace") == source.pod_namespace &&
        serve::field_text(e, "name") == name) {
      last = &e;
    }
  }
  // The models trace failed lookups one by one; successful ones are counted per node class.
  if (last == nullptr) {
    out << "no failed lookup of " << name << " by this pod until then\n";
    return;
  }
  const bool ok = last->kind == "DnsLookupSucceeded";
  const std::string reason = serve::field_text(*last, "reason");
  const auto elapsed = sim::Duration::from_seconds(last->fields.value("elapsed", 0.0));
  serve::LookupOutcome outcome{ok, reason, last->fields.value("queries", int64_t{0})};
  out << "its last failed lookup until then, at "
      << sim::format_duration_ms(sim::Duration::from_seconds(last->t)) << ": "
      << (ok ? "resolved" : "failed, " + reason) << " after " << sim::format_duration_ms(elapsed)
      << "\n";
  const nlohmann::json walk =
      serve::dns_walk(world, source.pod_namespace, source.pod_name, name, outcome);
  out << "  (" << walk["resolver"].get<std::string>() << ")\n";
  for (const auto& x : walk["exchanges"]) {
    out << fmt::format(
        "  {:<50} → {:<14} try {}  waits up to {:<6} {}\n", x["candidate"].get<std::string>(),
        x["server"].get<std::string>(), x["attempt"].get<int>(),
        sim::format_duration_ms(sim::Duration::from_seconds(x["wait"].get<double>())),
        x["reply"].get<std::string>());
  }
  for (const char* key : {"message", "cause", "fix"}) {
    const std::string v = serve::field_text(*last, key);
    if (!v.empty()) out << "  " << key << ": " << v << "\n";
  }
}

}  // namespace

int run_explain_dns(const ExplainOptions& options, std::ostream& out, std::ostream& err) {
  std::optional<sim::Duration> at;
  if (!options.at.empty() && !(at = sim::parse_duration(options.at))) {
    err << kPrefix << "--at takes a duration such as 30s, 5m or 1h30m, not '" << options.at
        << "'\n";
    return kExitBadInput;
  }
  const std::optional<spec::Scenario> loaded = load_scenario_for_command(options.scenario, err);
  if (!loaded) return kExitBadInput;
  const spec::Scenario& scenario = *loaded;
  const sim::Duration when = at.value_or(scenario.duration);
  const uint64_t seed = options.seed.value_or(scenario.seed);
  try {
    cluster::World world(scenario, seed);
    serve::EventLog log;
    world.trace().add_sink(&log);
    world.start();
    world.run_until(sim::Time::at(when));
    const cluster::ExplainSource source = cluster::find_source(world, options.from, when);
    if (source.kind != cluster::ExplainSource::Kind::kPod) {
      err << kPrefix << "--dns needs a pod as --from (pod/NAMESPACE/NAME)\n";
      return kExitBadInput;
    }
    out << "lookup of " << options.dns << " by " << source.describe() << " at "
        << sim::format_duration(when) << " (seed " << seed << ")\n";
    print_resolver(world, source.pod_namespace, options.dns, out);
    print_last_lookup(world, log, source, options.dns, out);
    out << "\nwhere a query goes (explain --to svc/kube-system/kube-dns:53 --protocol udp):\n";
    const cluster::Explanation path = cluster::explain(
        world, when, options.from, "svc/kube-system/kube-dns:53", *net::Protocol::parse("udp"));
    out << format_explanation_text(path, seed);
  } catch (const cluster::ExplainError& e) {
    err << kPrefix << e.what() << "\n";
    return kExitBadInput;
  } catch (const sim::InvariantViolation& e) {
    err << e.what() << "\n";
    return kExitInternalError;
  }
  return kExitOk;
}

}  // namespace ekssim::cli
