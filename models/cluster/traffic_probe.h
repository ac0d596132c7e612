#pragma once
// One pod's lookup or connection, made on demand through the same data path as the workloads'
// traffic (lookup_cohorts.h, dns_exchanges.h, pod_network.h): what the `resolves` and `connects`
// expectations judge. A probe's queries reach CoreDNS like any other (its cache and counters see
// them), so a run with probes is as deterministic as one without.

#include <optional>
#include <string>
#include <string_view>

#include "models/cluster/traffic_context.h"
#include "models/dns/resolver_config.h"
#include "models/k8s/api_server.h"
#include "models/spec/scenario.h"
#include "sim/kernel.h"

namespace ekssim::cluster {

struct ProbeResult {
  bool ok = false;
  sim::Duration elapsed;  // the lookup's time (connections: the lookup's)
  std::string from;       // "airflow/airflow-scheduler-7c9…" or "node ip-10-0-1-23…"
  std::string message;    // what the application would print on failure
  std::string cause;
  std::string fix;
};

class TrafficProbe {
 public:
  TrafficProbe(const TrafficContext& context, uint64_t seed);

  // A lookup of `name` now by a Running pod of `from` (a Deployment, or any pod on a node of a
  // node group); none when no such pod runs.
  std::optional<ProbeResult> lookup(const spec::Subject& from, std::string_view name);
  // A lookup of `host`, then a TCP connection to it on `port`: every endpoint kube-proxy could
  // pick must be reached for it to count as connecting.
  std::optional<ProbeResult> connect(const spec::Subject& from, std::string_view host,
                                     uint16_t port);

 private:
  struct Sender {
    Senders senders;
    std::string ns;
    std::string who;
    dns::ResolverConfig resolver;
  };
  std::optional<Sender> sender(const spec::Subject& from) const;
  // The scenario's dnsConfig of Deployment ns/deployment, if it has one.
  const spec::PodDnsConfig* dns_config_of(std::string_view ns, std::string_view deployment) const;
  ProbeResult run_lookup(Sender& sender, std::string_view name, std::string* answered);

  const TrafficContext& c_;
  sim::RandomStream random_;
};

}  // namespace ekssim::cluster
