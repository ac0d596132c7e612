#pragma once
// The section loaders, one file each. Every loader reads its part of the YAML tree into spec
// structs, reporting each mistake it can see locally (types, ranges, unknown keys, names that must
// be unique within the section); checks that need other sections live in cross_references.cpp.

#include <yaml-cpp/yaml.h>

#include <optional>
#include <vector>

#include "models/spec/scenario.h"
#include "tools/scenario/map_reader.h"
#include "tools/scenario/sweep_section.h"

namespace ekssim::scenario {

spec::Cluster load_cluster(Reader& reader, const YAML::Node& node);
spec::Vpc load_vpc(Reader& reader, const YAML::Node& node);
std::vector<spec::NetworkAcl> load_network_acls(Reader& reader, const YAML::Node& node);
std::vector<spec::SecurityGroup> load_security_groups(Reader& reader, const YAML::Node& node);
// One rule of a security group or of an add/removeSecurityGroupRule event; `from` for ingress,
// `to` for egress.
std::optional<spec::SecurityGroupRule> load_security_group_rule(Reader& reader,
                                                                const YAML::Node& node,
                                                                std::string label, bool ingress);
std::vector<spec::NodeGroup> load_node_groups(Reader& reader, const YAML::Node& node);
spec::Addons load_addons(Reader& reader, const YAML::Node& node);
// `service_cidr`: where clusterIPs must lie.
// `node_ports`: the cluster's serviceNodePortRange, where nodePorts must lie.
std::vector<spec::Workload> load_workloads(Reader& reader, const YAML::Node& node,
                                           const net::Cidr& service_cidr,
                                           const spec::PortRange& node_ports);
// No two Services with one clusterIP, node port or health check node port.
void check_service_allocations(Reader& reader, const std::vector<spec::Workload>& workloads);
void check_node_port_range_size(Reader& reader, const std::vector<spec::Workload>& workloads,
                                const spec::PortRange& node_ports);
std::vector<spec::Event> load_events(Reader& reader, const YAML::Node& node,
                                     std::optional<sim::Duration> run_duration);
std::vector<spec::Expectation> load_expectations(Reader& reader, const YAML::Node& node,
                                                 std::optional<sim::Duration> run_duration);
// The `sweep:` section (sweep_section.h); a run ignores it.
SweepSection load_sweep(Reader& reader, const YAML::Node& node);

// Runs `read` on every item of the list at `node`, labelled "<label>[i]".
template <typename Read>
void for_each_item(Reader& reader, const YAML::Node& node, std::string_view label,
                   std::string_view expected, Read read) {
  auto items = reader.list(node, label, expected);
  if (!items) return;
  for (size_t i = 0; i < items->size(); ++i) {
    read((*items)[i], std::string(label) + "[" + std::to_string(i) + "]");
  }
}

}  // namespace ekssim::scenario
