#pragma once
// What a run reports: plain data, filled by the report builder from the trace and the final model
// state, and written by the command as text, JSON or JUnit XML. Field names follow the public
// contract (../shared/design/scenario-v1.md, "Outputs"); times are seconds of virtual time.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ekssim::report {

// One failed attempt as the user would meet it.
struct Failure {
  double at = 0;        // seconds of virtual time
  std::string reason;   // a stable code, e.g. "SubnetExhausted", "DnsTimeout"
  std::string message;  // the text a user sees (kubectl describe, the resolver's output)
  std::string cause;    // the root cause in one line
  std::string fix;      // the smallest change that would avoid it, when known
  std::string name;     // DNS failures: the name that was asked
  // Repeats folded into this record (failures.h): `count` failures from `at` to `last_at`.
  int64_t count = 1;
  double last_at = 0;
};

struct PodReport {
  std::string namespace_;
  std::string name;
  std::optional<std::string> node;
  std::optional<std::string> node_group;
  std::optional<std::string> ip;
  std::optional<std::string> eni;
  std::string phase = "Pending";              // Kubernetes' phases
  std::map<std::string, std::string> labels;  // the pod template's, for expectation selectors
  double created_at = 0;
  std::optional<double> scheduled_at;
  std::optional<double> ip_assigned_at;
  std::optional<double> running_at;
  std::optional<double> deleted_at;
  std::optional<std::string> pending_reason;  // e.g. the scheduler's "0/3 nodes are available: …"
  std::vector<Failure> ip_failures;
  std::vector<Failure> dns_failures;
  // Extension: connections of the pod's traffic that failed (`name` is "host:port").
  std::vector<Failure> connect_failures;
};

struct NodeReport {
  std::string name;
  std::string node_group;
  std::string instance_type;
  std::string availability_zone;
  std::string subnet;
  bool ready = false;
  double launched_at = 0;
  std::optional<double> ready_at;
  std::optional<double> terminated_at;
  int max_pods = 0;
  int enis = 0;
  int ips_total = 0;
  int ips_assigned = 0;
  std::optional<Failure> not_ready;  // why the node never became Ready (or left it)
};

struct SubnetReport {
  std::string name;
  std::string availability_zone;
  std::string cidr;
  int64_t usable = 0;
  int64_t free = 0;
  int64_t min_free = 0;
  double min_free_at = 0;
  int64_t free_prefixes = 0;  // fully free aligned /28 blocks at the end
};

// A sampled time series, named after ipamd's Prometheus metric where one exists.
struct Series {
  std::string metric;                             // e.g. awscni_assigned_ip_addresses
  std::string label;                              // what it is about, e.g. a node or subnet name
  std::vector<std::pair<double, double>> points;  // (seconds, value), on change
};

struct ExpectationResult {
  std::string name;  // the entry's `name`, or its kind and arguments
  std::string kind;  // e.g. podsRunning
  bool passed = false;
  std::string detail;  // why it passed or failed, in words a CI reader understands
  int line = 0;        // where the scenario declares it (1-based; 0 when not from a file)
};

// One line of the "top causes" summary: failures of one kind and cause, counted.
struct CauseSummary {
  std::string kind;  // "ip", "dns", "connect", "node", "launch" (a node group's failed launches;
                     // `pods`: 1) or "scheduling" (pods still unschedulable)
  std::string reason;
  std::string cause;
  std::string fix;
  int64_t failures = 0;
  int64_t pods = 0;
  double first_at = 0;
  std::string first_pod;
};

struct Percentiles {
  int64_t count = 0;
  double p50 = 0, p90 = 0, p99 = 0, max = 0;  // seconds
};

struct Ec2ApiSummary {
  std::string action;
  int64_t calls = 0;
  int64_t errors = 0;
  int64_t throttled = 0;
};

// The workloads' DNS and connection traffic over the run (extension).
struct DnsSummary {
  int64_t lookups = 0;
  int64_t failed_lookups = 0;
  int64_t queries = 0;            // sent by the pods' resolvers
  double queries_per_lookup = 0;  // search-list amplification
  int64_t coredns_replicas = 0;   // at the end
  int64_t coredns_queries = 0;    // answered by CoreDNS replicas
  double coredns_queries_per_second = 0;
  int64_t coredns_forwarded = 0;   // sent on to an upstream
  int64_t coredns_error_logs = 0;  // "[ERROR] plugin/errors: …" lines
  std::string last_coredns_error;
  int64_t vpc_resolver_dropped = 0;  // packets over an ENI's 1024 per second
  // The ENIs that sent the VPC resolver packets, the most packets first.
  struct EniPackets {
    std::string eni;                   // "eni-0740be44ccc91012d"
    std::string node;                  // the node of the CoreDNS replicas on it, if any
    std::vector<std::string> coredns;  // the CoreDNS replicas whose addresses it holds, at the end
    int64_t packets = 0;               // offered, dropped included
    int64_t dropped = 0;
    int64_t peak_per_second = 0;  // offered in the busiest second
    double peak_at = 0;           // virtual seconds: when that second began
  };
  std::vector<EniPackets> vpc_resolver_enis;
  int64_t vpc_resolver_limit = 0;  // packets per second per ENI
  // How long the lookups that resolved took, and how many took 1 s or more (a retry after a
  // timeout: a dropped packet, the conntrack race).
  Percentiles lookup_latency;
  int64_t slow_lookups = 0;
  int64_t connects = 0;
  int64_t failed_connects = 0;
  struct Failures {
    std::string node_group;
    std::string reason;
    int64_t count = 0;
  };
  std::vector<Failures> failures;  // by node group and reason
};

struct RunReport {
  std::string scenario;
  std::string description;
  std::string file;
  uint64_t seed = 1;
  double virtual_seconds = 0;
  uint64_t events = 0;
  // No wall time, memory or rate here: a report is a pure function of (scenario, seed, ekssim
  // version), so that two runs compare byte for byte. `ekssim run --stats` prints those.
  std::string digest;

  std::vector<PodReport> pods;
  std::vector<NodeReport> nodes;
  std::vector<SubnetReport> subnets;
  std::vector<ExpectationResult> expectations;
  std::vector<CauseSummary> top_causes;
  std::vector<Ec2ApiSummary> ec2_api;
  std::vector<Series> series;
  Percentiles pod_start_latency;
  DnsSummary dns;

  bool all_expectations_passed() const {
    for (const auto& e : expectations) {
      if (!e.passed) return false;
    }
    return true;
  }
};

}  // namespace ekssim::report
