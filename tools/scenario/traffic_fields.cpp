#include "tools/scenario/traffic_fields.h"

#include <fmt/format.h>

#include "tools/scenario/edit_distance.h"

namespace ekssim::scenario {
namespace {

constexpr std::string_view kProtocolExpected =
    "one of: all, tcp, udp, icmp, or a protocol number 0-255";
constexpr std::string_view kPortsExpected = "a port from 1 to 65535 or a range such as 1024-65535";

std::optional<net::Protocol> read_protocol(Reader& reader, const YAML::Node& node) {
  auto text = reader.text(node, "protocol", kProtocolExpected);
  if (!text) return std::nullopt;
  if (auto p = net::Protocol::parse(*text)) return p;
  reader.error(node,
               fmt::format("unknown protocol '{}'{}", *text,
                           did_you_mean(*text, {"all", "tcp", "udp", "icmp"})),
               std::string(kProtocolExpected));
  return std::nullopt;
}

std::optional<net::PortRange> read_ports(Reader& reader, const YAML::Node& node) {
  if (node.IsScalar()) {
    if (auto range = net::PortRange::parse(node.Scalar()); range && range->first >= 1) {
      return range;
    }
  }
  reader.error(node, fmt::format("ports is {}", describe(node)), std::string(kPortsExpected));
  return std::nullopt;
}

std::optional<net::IcmpMatch> read_icmp(Reader& reader, const YAML::Node& node) {
  MapReader map(reader, node, "icmp", "an ICMP match");
  if (!map.ok()) return std::nullopt;
  net::IcmpMatch match;
  bool ok = true;
  // -1 means any, as in the EC2 API.
  if (auto type = map.integer("type", Need::kOptional, -1, 255)) {
    match.type = static_cast<int16_t>(*type);
  } else if (map.has("type")) {
    ok = false;
  }
  if (auto code = map.integer("code", Need::kOptional, -1, 255)) {
    match.code = static_cast<int16_t>(*code);
  } else if (map.has("code")) {
    ok = false;
  }
  map.finish();
  if (!ok) return std::nullopt;
  return match;
}

}  // namespace

std::optional<net::TrafficSelector> read_traffic(MapReader& map) {
  Reader& reader = map.reader();
  auto protocol_node = map.require("protocol", kProtocolExpected);
  auto ports_node = map.get("ports");
  auto icmp_node = map.get("icmp");
  if (!protocol_node) return std::nullopt;
  auto protocol = read_protocol(reader, *protocol_node);
  if (!protocol) return std::nullopt;
  net::TrafficSelector traffic;
  traffic.protocol = *protocol;
  bool ok = true;
  if (ports_node) {
    if (!protocol->has_ports()) {
      reader.error(*ports_node, fmt::format("ports given for protocol {}", protocol->to_string()),
                   "ports only with protocol tcp or udp");
      ok = false;
    } else if (auto ports = read_ports(reader, *ports_node)) {
      traffic.ports = *ports;
    } else {
      ok = false;
    }
  }
  if (icmp_node) {
    if (!protocol->is_icmp()) {
      reader.error(*icmp_node, fmt::format("icmp given for protocol {}", protocol->to_string()),
                   "icmp only with protocol icmp");
      ok = false;
    } else if (auto icmp = read_icmp(reader, *icmp_node)) {
      traffic.icmp = *icmp;
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return traffic;
}

std::optional<uint16_t> read_port(Reader& reader, const YAML::Node& node, std::string_view label) {
  auto port = reader.integer(node, label, 1, 65535);
  if (!port) return std::nullopt;
  return static_cast<uint16_t>(*port);
}

}  // namespace ekssim::scenario
