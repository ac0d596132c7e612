#include "models/report/path_expectations.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "models/cluster/reachability.h"

namespace ekssim::report {

namespace {

bool same_rule(const spec::SecurityGroupRule& a, const spec::SecurityGroupRule& b) {
  return a.traffic == b.traffic && a.peer.kind == b.peer.kind && a.peer.cidr == b.peer.cidr &&
         a.peer.name.name == b.peer.name.name;
}

// The scenario as configured at `at`: security-group rule events up to then applied.
spec::Scenario configuration_at(const spec::Scenario& scenario, sim::Duration at) {
  spec::Scenario copy = scenario;
  for (const spec::Event& e : scenario.events) {
    if (e.at > at) continue;
    const auto change = [&copy](const spec::Ref& group, bool ingress,
                                const spec::SecurityGroupRule& rule, bool add) {
      for (spec::SecurityGroup& g : copy.cluster.security_groups) {
        if (g.name != group.name) continue;
        auto& rules = ingress ? g.ingress : g.egress;
        if (add) {
          rules.push_back(rule);
        } else {
          rules.erase(std::remove_if(rules.begin(), rules.end(),
                                     [&](const auto& r) { return same_rule(r, rule); }),
                      rules.end());
        }
      }
    };
    if (const auto* add = std::get_if<spec::AddSecurityGroupRule>(&e.action)) {
      change(add->security_group, add->ingress, add->rule, true);
    } else if (const auto* remove = std::get_if<spec::RemoveSecurityGroupRule>(&e.action)) {
      change(remove->security_group, remove->ingress, remove->rule, false);
    }
  }
  return copy;
}

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

// The verdict of one judged pair, in words.
Verdict judge_cell(const cluster::Reachability& r, const std::string& source,
                   const std::string& target, const cluster::PortProtocol& pp, sim::Duration when,
                   bool want_reachable) {
  const auto f = r.find_endpoint(source);
  const auto t = r.find_endpoint(target);
  const std::string what = fmt::format("{} → {} on {} at {}", source, target, pp.to_string(),
                                       sim::format_duration(when));
  if (!f || !t) return {false, what + ": not evaluated: no such endpoint"};
  const cluster::ReachabilityCell* cell = r.cell(*f, *t, 0);
  if (cell == nullptr) return {false, what + ": not evaluated: that pair is not judged"};
  if (cell->allowed()) {
    return {want_reachable,
            what + ": allowed (" + std::string(net::to_string(cell->verdict.disposition)) + ")"};
  }
  std::string detail = what + ": " + std::string(net::to_string(cell->verdict.disposition)) + " (" +
                       std::string(net::to_string(cell->verdict.reason)) + ")";
  if (const net::Hop* hop = cluster::blocking_hop(cell->verdict))
    detail += " at " + hop->to_string();
  if (cell->verdict.fix) detail += "; fix: " + cell->verdict.fix->text;
  return {!want_reachable, detail};
}

Verdict judge(const spec::Scenario& scenario, const spec::Subject& from, const spec::Subject& to,
              uint16_t port, net::Protocol protocol, std::optional<sim::Duration> at,
              bool want_reachable) {
  const auto source = endpoint_name(from);
  const auto target = endpoint_name(to);
  if (!source || !target) {
    return {false,
            "not evaluated: reachable and unreachable judge node groups, VPC hosts and "
            "kube-system/kube-dns so far"};
  }
  const sim::Duration when = at.value_or(scenario.duration);
  const cluster::PortProtocol pp{port, protocol};
  try {
    return judge_cell(cluster::compute_reachability(configuration_at(scenario, when), {pp}),
                      *source, *target, pp, when, want_reachable);
  } catch (const std::runtime_error& e) {
    // No free address in a subnet for a representative: say so rather than fail the run.
    return {false, "not evaluated: " + std::string(e.what())};
  }
}

}  // namespace

Verdict evaluate_path_expectation(const spec::Scenario& scenario,
                                  const spec::Expectation& expectation) {
  if (const auto* r = std::get_if<spec::Reachable>(&expectation.check)) {
    return judge(scenario, r->from, r->to, r->port, r->protocol, r->at, true);
  }
  if (const auto* u = std::get_if<spec::Unreachable>(&expectation.check)) {
    return judge(scenario, u->from, u->to, u->port, u->protocol, u->at, false);
  }
  return {false, "not evaluated: only reachable and unreachable are judged on the configuration"};
}

}  // namespace ekssim::report
