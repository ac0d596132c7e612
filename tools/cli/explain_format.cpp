#include "tools/cli/explain_format.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace ekssim::cli {

namespace {

using Json = nlohmann::ordered_json;

// The implicit last network ACL rule, printed "*" (Batfish's number for it).
constexpr int kNaclImplicitRule = 32767;

std::string indent(const std::string& text, const std::string& by) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    const size_t stop = end == std::string::npos ? text.size() : end + 1;
    out += by + text.substr(start, stop - start);
    start = stop;
  }
  return out;
}

std::string_view decision_name(cluster::ServiceChoice::Kind kind) {
  switch (kind) {
    case cluster::ServiceChoice::Kind::kReject:
      return "REJECT";
    case cluster::ServiceChoice::Kind::kDrop:
      return "DROP";
    case cluster::ServiceChoice::Kind::kDnat:
      return "DNAT";
  }
  return "?";
}

std::string_view kind_name(cluster::ExplainDestination::Kind kind) {
  using Kind = cluster::ExplainDestination::Kind;
  switch (kind) {
    case Kind::kAddress:
      return "address";
    case Kind::kVpcHost:
      return "vpcHost";
    case Kind::kExternalHost:
      return "externalHost";
    case Kind::kAwsEndpoint:
      return "awsEndpoint";
    case Kind::kNode:
      return "node";
    case Kind::kPod:
      return "pod";
    case Kind::kService:
      return "service";
  }
  return "?";
}

// kube-proxy's decision in one line.
std::string service_line(const cluster::Explanation& e) {
  const cluster::ServiceChoice& s = *e.service;
  const std::string head = fmt::format("kube-proxy on {}: {}", e.source.node, s.service_port);
  switch (s.kind) {
    case cluster::ServiceChoice::Kind::kReject:
      return head + " has no endpoints: REJECT (ICMP port unreachable: connection refused at once)";
    case cluster::ServiceChoice::Kind::kDrop:
      return head + " has no local endpoints: DROP (the client times out)";
    case cluster::ServiceChoice::Kind::kDnat:
      break;
  }
  const std::string chain = s.local_policy ? "KUBE-SVL" : "KUBE-SVC";
  if (s.candidates == 1) return fmt::format("{}: {} DNATs to its one endpoint", head, chain);
  return fmt::format("{}: {} DNATs to one of {} endpoints, each with probability 1/{}", head, chain,
                     s.candidates, s.candidates);
}

Json hop_to_json(const net::Hop& hop) {
  Json j;
  j["leg"] = net::to_string(hop.leg);
  j["component"] = net::to_string(hop.component);
  if (!hop.name.empty()) j["name"] = hop.name;
  if (!hop.attached_to.empty()) j["attachedTo"] = hop.attached_to;
  if (hop.direction) j["direction"] = net::to_string(*hop.direction);
  j["action"] = net::to_string(hop.action);
  if (!hop.detail.empty()) j["detail"] = hop.detail;
  if (hop.rule) {
    j["rule"] = *hop.rule;
    const bool implicit =
        hop.component == net::Component::kNetworkAcl && *hop.rule == kNaclImplicitRule;
    j["ruleLabel"] = implicit ? std::string("*") : std::to_string(*hop.rule);
  }
  if (hop.route_destination) {
    j["route"] = {{"destination", hop.route_destination->to_string()},
                  {"target", hop.route_target}};
  }
  j["text"] = hop.to_string();
  return j;
}

Json path_to_json(const cluster::ExplainPath& p, size_t paths) {
  Json j;
  if (p.endpoint) {
    Json endpoint = {{"address", p.endpoint->ip.to_string()}, {"port", p.endpoint->port}};
    if (!p.endpoint->holder.empty()) endpoint["holder"] = p.endpoint->holder;
    j["endpoint"] = std::move(endpoint);
    j["probability"] = 1.0 / static_cast<double>(paths);
  }
  const net::Verdict& v = p.verdict;
  j["passed"] = v.passed();
  j["disposition"] = net::to_string(v.disposition);
  if (v.reason != net::Reason::kNone) j["reason"] = net::to_string(v.reason);
  j["leg"] = net::to_string(v.leg);
  Json hops = Json::array();
  for (const net::Hop& hop : v.hops)
    hops.push_back(hop_to_json(hop));
  j["hops"] = std::move(hops);
  if (v.fix) {
    j["fix"] = {{"component", net::to_string(v.fix->component)},
                {"name", v.fix->name},
                {"text", v.fix->text}};
  }
  return j;
}

Json source_to_json(const cluster::ExplainSource& s) {
  Json j;
  const bool pod = s.kind == cluster::ExplainSource::Kind::kPod;
  j["kind"] = pod ? "pod" : "node";
  if (pod) {
    j["namespace"] = s.pod_namespace;
    j["name"] = s.pod_name;
  } else {
    j["name"] = s.node;
  }
  j["address"] = s.address.to_string();
  j["node"] = s.node;
  j["nodeGroup"] = s.node_group;
  if (pod) j["hostNetwork"] = s.host_network;
  j["kubeProxy"] = s.kube_proxy;
  if (!s.chosen.empty()) j["chosen"] = s.chosen;
  return j;
}

}  // namespace

std::string format_explanation_text(const cluster::Explanation& e, uint64_t seed) {
  std::string text = "from: " + e.source.describe() + "\n";
  if (!e.source.chosen.empty()) text += "      (" + e.source.chosen + ")\n";
  text += fmt::format("to:   {}, {}\n", e.destination.describe(), e.protocol.to_string());
  text += fmt::format("at:   {} (seed {})\n", sim::format_duration(e.at), seed);
  if (!e.source.kube_proxy) {
    text += "the node never registered, so no kube-proxy runs on it: no Service rules apply\n";
  }
  if (e.service) text += service_line(e) + "\n";
  if (e.paths.size() == 1 && !e.paths.front().endpoint) {
    return text + "\n" + e.paths.front().verdict.explain();
  }
  for (size_t i = 0; i < e.paths.size(); ++i) {
    const cluster::ExplainPath& p = e.paths[i];
    text += fmt::format("\nendpoint {} of {}: {}:{}", i + 1, e.paths.size(),
                        p.endpoint->ip.to_string(), p.endpoint->port);
    if (!p.endpoint->holder.empty()) text += ", " + p.endpoint->holder;
    text += "\n" + indent(p.verdict.explain(), "  ");
  }
  text += fmt::format("\n{} of {} endpoints reachable", e.passed(), e.paths.size());
  if (e.passed() > 0 && e.passed() < e.paths.size()) {
    text += fmt::format(": about {} in {} new connections fail", e.paths.size() - e.passed(),
                        e.paths.size());
  }
  return text + "\n";
}

std::string format_explanation_json(const cluster::Explanation& e, const std::string& scenario,
                                    uint64_t seed) {
  Json j;
  j["scenario"] = scenario;
  j["seed"] = seed;
  j["at"] = sim::format_duration(e.at);
  j["atSeconds"] = e.at.seconds_double();
  j["protocol"] = e.protocol.to_string();
  j["from"] = source_to_json(e.source);
  Json to;
  to["kind"] = kind_name(e.destination.kind);
  if (!e.destination.name.empty()) to["name"] = e.destination.name;
  to["address"] = e.destination.address.to_string();
  if (e.destination.port != 0) to["port"] = e.destination.port;
  if (!e.destination.holder.empty()) to["holder"] = e.destination.holder;
  j["to"] = std::move(to);
  if (e.service) {
    j["service"] = {{"servicePort", e.service->service_port},
                    {"decision", decision_name(e.service->kind)},
                    {"candidates", e.service->candidates},
                    {"localPolicy", e.service->local_policy}};
  }
  Json paths = Json::array();
  for (const cluster::ExplainPath& p : e.paths)
    paths.push_back(path_to_json(p, e.paths.size()));
  j["paths"] = std::move(paths);
  j["passed"] = e.passed();
  j["total"] = e.paths.size();
  return j.dump(2) + "\n";
}

}  // namespace ekssim::cli
