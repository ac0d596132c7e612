#pragma once
// A whole scenario, as loaded and validated from YAML (../shared/design/scenario-v1.md and
// scenarios/README.md). Plain data: building models from it is models/cluster's job.

#include <cstdint>
#include <string>
#include <vector>

#include "models/spec/cluster.h"
#include "models/spec/events.h"
#include "models/spec/expectations.h"
#include "models/spec/location.h"
#include "models/spec/workloads.h"
#include "sim/time.h"

namespace ekssim::spec {

struct Metadata {
  std::string name;
  std::string description;
};

struct Scenario {
  Metadata metadata;
  uint64_t seed = 1;
  sim::Duration duration;  // virtual time to simulate
  Cluster cluster;
  std::vector<Namespace> namespaces;
  std::vector<ServiceAccount> service_accounts;
  std::vector<Workload> workloads;
  std::vector<ExternalHost> external_hosts;
  std::vector<Event> events;  // in the order written; the kernel orders them by `at`
  std::vector<Expectation> expectations;
};

}  // namespace ekssim::spec
