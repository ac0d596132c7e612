#include "tools/cli/report_json.h"

#include "tools/cli/scenario_outcome.h"

namespace ekssim::cli {

namespace {

using Json = nlohmann::ordered_json;

template <typename T>
Json optional_value(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json failure_to_json(const report::Failure& f) {
  Json j;
  j["at"] = f.at;
  if (!f.name.empty()) j["name"] = f.name;
  j["reason"] = f.reason;
  j["message"] = f.message;
  j["cause"] = f.cause;
  if (!f.fix.empty()) j["fix"] = f.fix;
  if (f.count > 1) {
    j["count"] = f.count;  // folded repeats (models/report/failures.h)
    j["lastAt"] = f.last_at;
  }
  return j;
}

Json failures_to_json(const std::vector<report::Failure>& failures) {
  Json list = Json::array();
  for (const auto& f : failures)
    list.push_back(failure_to_json(f));
  return list;
}

Json percentiles_to_json(const report::Percentiles& p) {
  return {{"count", p.count}, {"p50", p.p50}, {"p90", p.p90}, {"p99", p.p99}, {"max", p.max}};
}

Json pod_to_json(const report::PodReport& p) {
  Json j;
  j["namespace"] = p.namespace_;
  j["name"] = p.name;
  j["node"] = optional_value(p.node);
  j["nodeGroup"] = optional_value(p.node_group);
  j["ip"] = optional_value(p.ip);
  j["eni"] = optional_value(p.eni);
  j["phase"] = p.phase;
  j["createdAt"] = p.created_at;
  j["scheduledAt"] = optional_value(p.scheduled_at);
  j["ipAssignedAt"] = optional_value(p.ip_assigned_at);
  j["runningAt"] = optional_value(p.running_at);
  if (p.deleted_at) j["deletedAt"] = *p.deleted_at;
  if (p.pending_reason) j["pendingReason"] = *p.pending_reason;
  j["ipFailures"] = failures_to_json(p.ip_failures);
  j["dnsFailures"] = failures_to_json(p.dns_failures);
  j["connectFailures"] = failures_to_json(p.connect_failures);
  return j;
}

Json node_to_json(const report::NodeReport& n) {
  Json j;
  j["name"] = n.name;
  j["nodeGroup"] = n.node_group;
  j["instanceType"] = n.instance_type;
  j["availabilityZone"] = n.availability_zone;
  j["subnet"] = n.subnet;
  j["ready"] = n.ready;
  j["launchedAt"] = n.launched_at;
  j["readyAt"] = optional_value(n.ready_at);
  if (n.terminated_at) j["terminatedAt"] = *n.terminated_at;
  j["maxPods"] = n.max_pods;
  j["enis"] = n.enis;
  j["ipsTotal"] = n.ips_total;
  j["ipsAssigned"] = n.ips_assigned;
  j["notReady"] = n.not_ready ? failure_to_json(*n.not_ready) : Json(nullptr);
  return j;
}

Json subnet_to_json(const report::SubnetReport& s) {
  Json j;
  j["name"] = s.name;
  j["availabilityZone"] = s.availability_zone;
  j["cidr"] = s.cidr;
  j["usable"] = s.usable;
  j["free"] = s.free;
  j["minFree"] = s.min_free;
  j["minFreeAt"] = s.min_free_at;
  j["freePrefixes"] = s.free_prefixes;
  return j;
}

}  // namespace

Json report_to_json(const report::RunReport& r) {
  Json j;
  j["scenario"] = r.scenario;
  j["file"] = r.file;
  j["seed"] = r.seed;
  j["virtualSeconds"] = r.virtual_seconds;
  j["events"] = r.events;
  j["digest"] = r.digest;
  j["passed"] = r.all_expectations_passed();

  Json expectations = Json::array();
  for (const auto& e : r.expectations) {
    expectations.push_back({{"name", e.name},
                            {"kind", e.kind},
                            {"line", e.line},
                            {"passed", e.passed},
                            {"detail", e.detail}});
  }
  j["expectations"] = std::move(expectations);

  Json causes = Json::array();
  for (const auto& c : r.top_causes) {
    causes.push_back({{"kind", c.kind},
                      {"reason", c.reason},
                      {"cause", c.cause},
                      {"fix", c.fix},
                      {"failures", c.failures},
                      {"pods", c.pods},
                      {"firstAt", c.first_at},
                      {"firstPod", c.first_pod}});
  }
  j["topCauses"] = std::move(causes);

  j["podStartLatency"] = percentiles_to_json(r.pod_start_latency);
  Json ec2 = Json::array();
  for (const auto& a : r.ec2_api) {
    ec2.push_back({{"action", a.action},
                   {"calls", a.calls},
                   {"errors", a.errors},
                   {"throttled", a.throttled}});
  }
  j["ec2Api"] = std::move(ec2);
  Json failures = Json::array();
  for (const auto& f : r.dns.failures)
    failures.push_back({{"nodeGroup", f.node_group}, {"reason", f.reason}, {"count", f.count}});
  Json enis = Json::array();
  for (const auto& e : r.dns.vpc_resolver_enis) {
    enis.push_back({{"eni", e.eni},
                    {"node", e.node},
                    {"coredns", e.coredns},
                    {"packets", e.packets},
                    {"dropped", e.dropped},
                    {"peakPerSecond", e.peak_per_second},
                    {"peakAt", e.peak_at}});
  }
  j["dns"] = {{"lookups", r.dns.lookups},
              {"failedLookups", r.dns.failed_lookups},
              {"queries", r.dns.queries},
              {"queriesPerLookup", r.dns.queries_per_lookup},
              {"corednsReplicas", r.dns.coredns_replicas},
              {"corednsQueries", r.dns.coredns_queries},
              {"corednsQueriesPerSecond", r.dns.coredns_queries_per_second},
              {"corednsForwarded", r.dns.coredns_forwarded},
              {"corednsErrorLogs", r.dns.coredns_error_logs},
              {"lastCorednsError", r.dns.last_coredns_error},
              {"vpcResolverDropped", r.dns.vpc_resolver_dropped},
              {"vpcResolverEnis", std::move(enis)},
              {"lookupLatency", percentiles_to_json(r.dns.lookup_latency)},
              {"slowLookups", r.dns.slow_lookups},
              {"connects", r.dns.connects},
              {"failedConnects", r.dns.failed_connects},
              {"failures", std::move(failures)}};

  Json pods = Json::array();
  for (const auto& p : r.pods)
    pods.push_back(pod_to_json(p));
  j["pods"] = std::move(pods);
  Json nodes = Json::array();
  for (const auto& n : r.nodes)
    nodes.push_back(node_to_json(n));
  j["nodes"] = std::move(nodes);
  Json subnets = Json::array();
  for (const auto& s : r.subnets)
    subnets.push_back(subnet_to_json(s));
  j["subnets"] = std::move(subnets);

  Json series = Json::array();
  for (const auto& s : r.series) {
    Json points = Json::array();
    for (const auto& [t, v] : s.points)
      points.push_back(Json::array({t, v}));
    series.push_back({{"metric", s.metric}, {"label", s.label}, {"points", std::move(points)}});
  }
  j["series"] = std::move(series);
  return j;
}

Json diagnostic_to_json(const scenario::Diagnostic& d) {
  return {{"severity", d.warning ? "warning" : "error"},
          {"path", d.path},
          {"line", d.line},
          {"column", d.column},
          {"message", d.message},
          {"expected", d.expected}};
}

namespace {

Json outcome_to_json(const ScenarioOutcome& outcome, bool strict) {
  const Verdict verdict = verdict_of(outcome, strict);
  if (outcome.report && verdict != Verdict::kInternalError) {
    Json j = report_to_json(*outcome.report);
    j["passed"] = passed(verdict);
    if (!outcome.diagnostics.empty()) {
      Json warnings = Json::array();
      for (const auto& d : outcome.diagnostics)
        warnings.push_back(diagnostic_to_json(d));
      j["warnings"] = std::move(warnings);
    }
    if (verdict == Verdict::kNoExpectations) j["failure"] = kNoExpectationsMessage;
    return j;
  }
  Json j;
  j["file"] = outcome.file;
  j["passed"] = false;
  if (verdict == Verdict::kInternalError) {
    j["error"] = {{"kind", "internal"}, {"message", outcome.internal_error}};
  } else {
    Json diagnostics = Json::array();
    for (const auto& d : outcome.diagnostics)
      diagnostics.push_back(diagnostic_to_json(d));
    j["error"] = {{"kind", "load"}, {"diagnostics", std::move(diagnostics)}};
  }
  return j;
}

}  // namespace

std::string dump_json(const Json& document) {
  // Names come from user files: a byte that is not UTF-8 is replaced, never an abort.
  return document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string format_json(const std::vector<ScenarioOutcome>& outcomes, bool strict) {
  Json runs = Json::array();
  for (const auto& outcome : outcomes)
    runs.push_back(outcome_to_json(outcome, strict));
  Json document;
  document["reportVersion"] = kReportVersion;
  document["ekssimVersion"] = ekssim_version();
  if (strict) document["strict"] = true;
  document["runs"] = std::move(runs);
  return dump_json(document);
}

}  // namespace ekssim::cli
