#pragma once
// A small valid scenario, and helpers to load variants of it, for the loader tests. Line numbers
// in expected diagnostics refer to kMinimal's lines (shown in the comments).

#include <catch2/catch.hpp>
#include <string>
#include <string_view>

#include "tools/scenario/loader.h"

namespace ekssim::scenario::testing {

inline constexpr std::string_view kMinimal = R"(apiVersion: ekssim/v1
kind: Scenario
metadata: {name: t}
duration: 10m
cluster:
  name: c
  region: us-east-1
  vpc:
    cidr: 10.0.0.0/16
    subnets:
      - {name: a, az: us-east-1a, cidr: 10.0.0.0/20}
      - {name: b, az: us-east-1b, cidr: 10.0.16.0/20}
  securityGroups:
    - name: nodes
  iam:
    roles:
      - {name: node-role, policies: [AmazonEKSWorkerNodePolicy]}
  nodeGroups:
    - name: ng
      instanceType: m5.large
      desiredCapacity: 2
      maxSize: 4
      subnets: [a, b]
      securityGroups: [nodes]
      iamRole: node-role
workloads:
  - {kind: Deployment, namespace: web, name: web, replicas: 2}
events:
  - {at: 5m, scaleNodeGroup: {name: ng, desiredCapacity: 3}}
expect:
  - podsRunning: {namespace: web, within: 5m}
)";

// kMinimal with the first occurrence of `from` replaced by `to` (which must be there).
inline std::string minimal_with(std::string_view from, std::string_view to) {
  std::string text(kMinimal);
  const size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  return text;
}

// kMinimal with `items` (workload list items) after its one Deployment.
inline std::string with_workloads(std::string_view items) {
  constexpr std::string_view kDeployment =
      "  - {kind: Deployment, namespace: web, name: web, replicas: 2}\n";
  return minimal_with(kDeployment, std::string(kDeployment) + std::string(items));
}

// Every diagnostic for `text`, formatted, as "s.yaml".
inline std::string diagnostics_of(std::string_view text) {
  return format_diagnostics(load_scenario_text(text, "s.yaml").diagnostics);
}

// The scenario `text` describes; fails the test with the diagnostics if it does not load.
inline spec::Scenario load_ok(std::string_view text) {
  LoadResult result = load_scenario_text(text, "s.yaml");
  INFO(format_diagnostics(result.diagnostics));
  REQUIRE(result.ok());
  return std::move(*result.scenario);
}

}  // namespace ekssim::scenario::testing
