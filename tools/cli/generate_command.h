#pragma once
// `ekssim generate`: writes a valid, realistic scenario of a given size to stdout — "give me a
// cluster this big". Several node groups of mixed instance types across three AZs (general-purpose
// or GPU types: generate_shape.h), subnets sized for the pods and the warm pools, Deployments whose replicas sum to the pod count behind the
// Services, CoreDNS scaled as the cluster-proportional autoscaler's linear mode would, and traffic
// in which every Deployment resolves and connects to another Service.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "sim/time.h"

namespace ekssim::cli {

// general: many small pods on general-purpose nodes; accelerated: a few large pods on GPU nodes
// (generate_shape.h); auto: accelerated above 20,000 nodes.
enum class GenerateShape { kAuto, kGeneral, kAccelerated };

struct GenerateOptions {
  int64_t nodes = 30;
  int64_t pods = 600;
  int64_t services = 20;
  uint64_t seed = 1;
  int node_groups = 3;
  GenerateShape shape = GenerateShape::kAuto;
  sim::Duration dns_every = sim::Duration::seconds(30);
  sim::Duration duration = sim::Duration::hours(1);
};

// Returns an error message for sizes the generator cannot honour, else nullopt.
std::optional<std::string> check_generate_options(const GenerateOptions& options);
// The scenario as YAML text.
std::string generate_scenario(const GenerateOptions& options);

}  // namespace ekssim::cli
