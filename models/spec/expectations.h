#pragma once
// CI assertions (scenario `expect`): each becomes one JUnit test case.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "models/net/ipv4.h"
#include "models/net/protocol.h"
#include "models/spec/location.h"
#include "models/spec/workloads.h"
#include "sim/time.h"

namespace ekssim::spec {

// Which pods an expectation is about; every field given must match, none given means all pods.
struct PodFilter {
  std::string ns;
  Labels selector;
  std::optional<Ref> node_group;
};

// A closed window of virtual time, `between: [5m, 25m]`.
struct TimeWindow {
  sim::Duration start;
  sim::Duration end;
};

// One end of a reachability check: exactly one of these kinds.
struct Subject {
  enum class Kind { kDeployment, kService, kNodeGroup, kHost, kAddress };
  Kind kind = Kind::kDeployment;
  std::string ns;     // kDeployment, kService
  std::string name;   // kDeployment, kService, kNodeGroup, kHost (vpc.hosts or externalHosts)
  net::Ipv4 address;  // kAddress
  Location location;
};

struct PodsRunning {
  PodFilter pods;
  sim::Duration within;
};

struct NoIpFailures {
  PodFilter pods;
  std::optional<sim::Duration> after;
  std::optional<TimeWindow> between;
  // Only failures with one of these reasons count (spec::kIpFailureReasons); empty: all do.
  std::vector<std::string> reasons;
};

struct IpFailures {
  PodFilter pods;
  int64_t at_least = 1;
  std::optional<TimeWindow> between;
};

struct SubnetFreeIps {
  Ref subnet;
  int64_t at_least = 0;
};

// Upper bounds on the nearest-rank percentiles of pod start latency (creation to Running).
struct PodStartLatency {
  std::optional<sim::Duration> p50;
  std::optional<sim::Duration> p90;
  std::optional<sim::Duration> p99;
  std::string ns;
};

// The network path from `from` to `to` (routes, security groups, network ACLs) allows or denies
// a new connection on `port`, at time `at` (default: the end of the run).
struct Reachable {
  Subject from;
  Subject to;
  uint16_t port = 0;
  net::Protocol protocol = net::Protocol::tcp();
  std::optional<sim::Duration> at;
};

struct Unreachable {
  Subject from;
  Subject to;
  uint16_t port = 0;
  net::Protocol protocol = net::Protocol::tcp();
  std::optional<sim::Duration> at;
};

struct NodesReady {
  Ref node_group;
  sim::Duration within;
};

// No DNS failures after `after`, or within `between`, or (neither given) in the whole run.
struct NoDnsFailures {
  PodFilter pods;
  std::optional<sim::Duration> after;
  std::optional<TimeWindow> between;
};

struct DnsFailures {
  PodFilter pods;
  std::optional<TimeWindow> between;
  int64_t at_least = 1;
};

// A lookup of `name` from `from` succeeds within `within` of the start of the run.
struct Resolves {
  Subject from;
  std::string name;
  sim::Duration within;
};

// `from` opens a connection to `to` (a DNS name, resolved as the pod would) on `port`.
struct Connects {
  Subject from;
  std::string to;
  uint16_t port = 0;
};

using Check =
    std::variant<PodsRunning, NoIpFailures, IpFailures, SubnetFreeIps, PodStartLatency, Reachable,
                 Unreachable, NodesReady, NoDnsFailures, DnsFailures, Resolves, Connects>;

struct Expectation {
  // The JUnit test case's name: as written, or the entry in YAML flow style
  // ("podsRunning {namespace: airflow, within: 10m}").
  std::string name;
  Check check;
  Location location;
};

}  // namespace ekssim::spec
