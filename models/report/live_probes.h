#pragma once
// The resolves and connects expectations, judged on the live cluster by probes
// (cluster/traffic_probe.h): `resolves {from, name, within}` looks the name up every 10 s of
// virtual time from the start until one lookup has succeeded, and passes when one finished by
// `within`; `connects {from, to, port}` resolves and connects once, at the end of the run.

#include <optional>
#include <vector>

#include "models/cluster/world.h"
#include "models/report/expectations.h"
#include "models/spec/expectations.h"

namespace ekssim::report {

class LiveProbes {
 public:
  // Schedules the resolves probes; call before the world runs.
  LiveProbes(cluster::World& world, const std::vector<spec::Expectation>& expectations);
  // Runs the connects probes; call once the world has run to the end.
  void finish();
  // The verdict for a resolves or connects expectation; nullopt for other kinds.
  std::optional<Verdict> verdict(const spec::Expectation& expectation) const;

 private:
  struct Probe {
    const spec::Expectation* expectation = nullptr;
    std::optional<cluster::ProbeResult> last;   // none: no pod to send from yet
    std::optional<sim::Duration> succeeded_at;  // when the first successful lookup finished
    sim::Duration last_at;
  };
  void probe_resolves(Probe& probe, sim::Duration at);

  cluster::World& world_;
  std::vector<Probe> probes_;
};

}  // namespace ekssim::report
