#pragma once
// Pieces shared by the workload loaders (load_workloads.cpp, load_deployment.cpp,
// load_services.cpp): Kubernetes names and the per-kind loaders.

#include <optional>
#include <string>

#include "models/spec/cluster.h"
#include "models/spec/workloads.h"
#include "tools/scenario/map_reader.h"

namespace ekssim::scenario {

// A name in one of Kubernetes' formats: `valid` tests it, `expected` describes it.
std::optional<std::string> read_k8s_name(MapReader& map, std::string_view key, Need need,
                                         bool (*valid)(std::string_view),
                                         std::string_view expected);
// `namespace`, default "default".
std::string read_namespace(MapReader& map);
// A port's `protocol`: TCP (the default), UDP or SCTP, as Kubernetes spells them.
std::optional<net::Protocol> read_port_protocol(MapReader& map);

spec::Deployment load_deployment(MapReader& map);
// A Deployment's `dnsConfig` (load_dns_config.cpp).
spec::PodDnsConfig load_dns_config(Reader& reader, const YAML::Node& node);
spec::Service load_service(MapReader& map, const net::Cidr& service_cidr,
                           const spec::PortRange& node_ports);
spec::EndpointSlice load_endpoint_slice(MapReader& map);
spec::NetworkPolicy load_network_policy(MapReader& map);
// A metav1.LabelSelector: matchLabels and matchExpressions (load_network_policy.cpp).
netpol::LabelSelector load_selector(Reader& reader, const YAML::Node& node,
                                    const std::string& label);
spec::SecurityGroupPolicy load_security_group_policy(MapReader& map);

}  // namespace ekssim::scenario
