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

template <typename T, typename Convert>
Json list_to_json(const std::vector<T>& items, Convert convert) {
  Json list = Json::array();
  for (const T& item : items)
    list.push_back(convert(item));
  return list;
}

Json expectation_to_json(const report::ExpectationResult& e) {
  return {{"name", e.name},
          {"kind", e.kind},
          {"line", e.line},
          {"passed", e.passed},
          {"detail", e.detail}};
}

Json cause_to_json(const report::CauseSummary& c) {
  return {{"kind", c.kind},        {"reason", c.reason},     {"cause", c.cause},
          {"fix", c.fix},          {"failures", c.failures}, {"pods", c.pods},
          {"firstAt", c.first_at}, {"firstPod", c.first_pod}};
}

Json dns_to_json(const report::DnsSummary& dns) {
  Json failures = list_to_json(dns.failures, [](const auto& f) -> Json {
    return {{"nodeGroup", f.node_group}, {"reason", f.reason}, {"count", f.count}};
  });
  Json enis = list_to_json(dns.vpc_resolver_enis, [](const auto& e) -> Json {
    return {{"eni", e.eni},         {"node", e.node},       {"coredns", e.coredns},
            {"packets", e.packets}, {"dropped", e.dropped}, {"peakPerSecond", e.peak_per_second},
            {"peakAt", e.peak_at}};
  });
  return {{"lookups", dns.lookups},
          {"failedLookups", dns.failed_lookups},
          {"queries", dns.queries},
          {"queriesPerLookup", dns.queries_per_lookup},
          {"corednsReplicas", dns.coredns_replicas},
          {"corednsQueries", dns.coredns_queries},
          {"corednsQueriesPerSecond", dns.coredns_queries_per_second},
          {"corednsForwarded", dns.coredns_forwarded},
          {"corednsErrorLogs", dns.coredns_error_logs},
          {"lastCorednsError", dns.last_coredns_error},
          {"vpcResolverDropped", dns.vpc_resolver_dropped},
          {"vpcResolverEnis", std::move(enis)},
          {"lookupLatency", percentiles_to_json(dns.lookup_latency)},
          {"slowLookups", dns.slow_lookups},
          {"connects", dns.connects},
          {"failedConnects", dns.failed_connects},
          {"failures", std::move(failures)}};
}

Json series_to_json(const report::Series& s) {
  Json points = Json::array();
  for (const auto& [t, v] : s.points)
    points.push_back(Json::array({t, v}));
  return {{"metric", s.metric}, {"label", s.label}, {"points", std::move(points)}};
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
  j["expectations"] = list_to_json(r.expectations, expectation_to_json);
  j["topCauses"] = list_to_json(r.top_causes, cause_to_json);
  j["podStartLatency"] = percentiles_to_json(r.pod_start_latency);
  j["ec2Api"] = list_to_json(r.ec2_api, [](const auto& a) -> Json {
    return {
        {"action", a.action}, {"calls", a.calls}, {"errors", a.errors}, {"throttled", a.throttled}};
  });
  j["dns"] = dns_to_json(r.dns);
  j["pods"] = list_to_json(r.pods, pod_to_json);
  j["nodes"] = list_to_json(r.nodes, node_to_json);
  j["subnets"] = list_to_json(r.subnets, subnet_to_json);
  j["series"] = list_to_json(r.series, series_to_json);
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
