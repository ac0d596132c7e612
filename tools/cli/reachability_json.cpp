#include "tools/cli/reachability_json.h"

#include <nlohmann/json.hpp>

namespace ekssim::cli {

namespace {

using nlohmann::json;

const char* kind_name(cluster::EndpointKind kind) {
  switch (kind) {
    case cluster::EndpointKind::kNodeGroup:
      return "nodeGroup";
    case cluster::EndpointKind::kCoreDns:
      return "coreDns";
    case cluster::EndpointKind::kControlPlane:
      return "controlPlane";
    case cluster::EndpointKind::kInterfaceEndpoint:
      return "interfaceEndpoint";
    case cluster::EndpointKind::kHost:
      return "host";
    case cluster::EndpointKind::kPodSecurityGroup:
      return "podSecurityGroup";
  }
  return "host";
}

// The verdict's outcome fields, added to `out`.
void add_verdict(const net::Verdict& v, json& out) {
  out["allowed"] = v.passed();
  out["disposition"] = std::string(net::to_string(v.disposition));
  if (v.reason != net::Reason::kNone) out["reason"] = std::string(net::to_string(v.reason));
  out["leg"] = std::string(net::to_string(v.leg));
  if (v.passed()) return;
  if (const net::Hop* hop = cluster::blocking_hop(v)) out["at"] = hop->to_string();
  if (v.fix) out["fix"] = v.fix->text;
}

json policy_hop(const net::Hop& hop) {
  json out = {
      {"direction", hop.direction == net::Direction::kOutbound ? "egress" : "ingress"},
      {"policy", hop.name},
      {"action", std::string(net::to_string(hop.action))},
      {"detail", hop.detail},
  };
  if (hop.rule) out["rule"] = *hop.rule;
  return out;
}

json workloads_json(const cluster::WorkloadReachability& w) {
  json flows = json::array();
  for (const cluster::WorkloadFlow& f : w.flows) {
    json row = {{"from", f.from},
                {"to", f.to},
                {"sender", f.sender},
                {"target", f.target},
                {"port", f.port.to_string()}};
    add_verdict(f.verdict, row);
    json policies = json::array();
    for (const net::Hop* hop : cluster::policy_hops(f.verdict))
      policies.push_back(policy_hop(*hop));
    row["policies"] = std::move(policies);
    flows.push_back(std::move(row));
  }
  return {{"notes", w.notes}, {"flows", std::move(flows)}};
}

}  // namespace

std::string format_reachability_json(const cluster::Reachability& r,
                                     const cluster::WorkloadReachability& w) {
  json ports = json::array();
  for (const cluster::PortProtocol& p : r.ports)
    ports.push_back(p.to_string());
  json endpoints = json::array();
  for (const cluster::ReachabilityEndpoint& e : r.endpoints) {
    json endpoint = {{"name", e.name}, {"kind", kind_name(e.kind)}, {"description", e.description}};
    if (e.address) endpoint["address"] = e.address->to_string();
    endpoints.push_back(std::move(endpoint));
  }
  json cells = json::array();
  for (const cluster::ReachabilityCell& c : r.cells) {
    json cell = {{"from", r.endpoints[c.from].name},
                 {"to", r.endpoints[c.to].name},
                 {"port", r.ports[c.port].to_string()}};
    add_verdict(c.verdict, cell);
    cells.push_back(std::move(cell));
  }
  const json out = {{"ports", std::move(ports)},
                    {"endpoints", std::move(endpoints)},
                    {"cells", std::move(cells)},
                    {"workloads", workloads_json(w)}};
  return out.dump(2) + "\n";
}

}  // namespace ekssim::cli
