#include "models/report/live_probes.h"

#include <fmt/format.h>

namespace ekssim::report {

namespace {

constexpr sim::Duration kResolveProbeEvery = sim::Duration::seconds(10);

std::string subject_text(const spec::Subject& s) {
  return s.kind == spec::Subject::Kind::kNodeGroup ? "node group " + s.name
                                                   : "deployment " + s.ns + "/" + s.name;
}

std::string failure_text(const cluster::ProbeResult& r) {
  std::string text = fmt::format("{}: {}", r.from, r.message.empty() ? "failed" : r.message);
  if (!r.cause.empty()) text += "; cause: " + r.cause;
  if (!r.fix.empty()) text += "; fix: " + r.fix;
  return text;
}

}  // namespace

LiveProbes::LiveProbes(cluster::World& world, const std::vector<spec::Expectation>& expectations)
    : world_(world) {
  for (const spec::Expectation& e : expectations) {
    if (std::holds_alternative<spec::Resolves>(e.check) ||
        std::holds_alternative<spec::Connects>(e.check)) {
      probes_.push_back(Probe{&e, std::nullopt, std::nullopt, {}});
    }
  }
  for (Probe& p : probes_) {
    if (std::holds_alternative<spec::Resolves>(p.expectation->check))
      probe_resolves(p, kResolveProbeEvery);
  }
}

void LiveProbes::probe_resolves(Probe& probe, sim::Duration at) {
  const auto& check = std::get<spec::Resolves>(probe.expectation->check);
  if (at > check.within) return;
  world_.kernel().schedule_at(sim::Time::at(at), [this, &probe, &check, at] {
    probe.last = world_.probe().lookup(check.from, check.name);
    probe.last_at = at;
    if (probe.last && probe.last->ok) {
      probe.succeeded_at = at + probe.last->elapsed;
      return;
    }
    probe_resolves(probe, at + kResolveProbeEvery);
  });
}

void LiveProbes::finish() {
  for (Probe& p : probes_) {
    if (const auto* c = std::get_if<spec::Connects>(&p.expectation->check)) {
      p.last = world_.probe().connect(c->from, c->to, c->port);
      p.last_at = world_.kernel().now() - sim::Time();
    }
  }
}

std::optional<Verdict> LiveProbes::verdict(const spec::Expectation& expectation) const {
  for (const Probe& p : probes_) {
    if (p.expectation != &expectation) continue;
    if (const auto* r = std::get_if<spec::Resolves>(&expectation.check)) {
      if (p.succeeded_at && *p.succeeded_at <= r->within) {
        return Verdict{true, fmt::format("{} resolved {} at {} (lookup took {})", p.last->from,
                                         r->name, sim::format_duration(*p.succeeded_at),
                                         sim::format_duration_ms(p.last->elapsed))};
      }
      if (!p.last) {
        return Verdict{
            false, fmt::format("no running pod of {} to resolve {} from by {}",
                               subject_text(r->from), r->name, sim::format_duration(r->within))};
      }
      return Verdict{false, fmt::format("{} did not resolve by {}; the last try, at {}: {}",
                                        r->name, sim::format_duration(r->within),
                                        sim::format_duration(p.last_at), failure_text(*p.last))};
    }
    const auto& c = std::get<spec::Connects>(expectation.check);
    if (!p.last) {
      return Verdict{false, fmt::format("no running pod of {} to connect from at the end",
                                        subject_text(c.from))};
    }
    if (p.last->ok) {
      return Verdict{true, fmt::format("{} connected to {}:{} at {}", p.last->from, c.to, c.port,
                                       sim::format_duration(p.last_at))};
    }
    return Verdict{false, fmt::format("{}:{} at {}: {}", c.to, c.port,
                                      sim::format_duration(p.last_at), failure_text(*p.last))};
  }
  return std::nullopt;
}

}  // namespace ekssim::report
