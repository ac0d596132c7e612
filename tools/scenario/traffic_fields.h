#pragma once
// The traffic part shared by security group rules and network ACL entries: `protocol`
// (all | tcp | udp | icmp | a number), `ports` (443, "443" or "1024-65535", tcp and udp only)
// and `icmp: {type, code}` (icmp only), as the EC2 API's IpPermission and NetworkAclEntry take
// them.

#include <cstdint>
#include <optional>

#include "models/net/traffic_selector.h"
#include "tools/scenario/map_reader.h"

namespace ekssim::scenario {

// Reads `protocol` (required), `ports` and `icmp` from `map`; ports default to all.
std::optional<net::TrafficSelector> read_traffic(MapReader& map);

// A port number 1-65535.
std::optional<uint16_t> read_port(Reader& reader, const YAML::Node& node, std::string_view label);

}  // namespace ekssim::scenario
