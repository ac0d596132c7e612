#pragma once
// The traffic part of a security group rule or network ACL entry: a protocol and, depending on
// it, a destination port range or an ICMP type/code. The address part (CIDR, security group,
// prefix list) belongs to each filter.

#include <string>

#include "models/net/flow.h"
#include "models/net/protocol.h"

namespace ekssim::net {

struct TrafficSelector {
  Protocol protocol = Protocol::all();
  PortRange ports = PortRange::all();  // read for tcp and udp only
  IcmpMatch icmp;                      // read for icmp only

  static constexpr TrafficSelector all_traffic() { return {}; }
  static constexpr TrafficSelector tcp(PortRange ports) {
    return {Protocol::tcp(), ports, IcmpMatch{}};
  }
  static constexpr TrafficSelector udp(PortRange ports) {
    return {Protocol::udp(), ports, IcmpMatch{}};
  }
  // The narrowest selector that still covers `flow`: its protocol with its destination port, or
  // its ICMP type and code. Fixes name it as the smallest rule to add.
  static TrafficSelector exactly(const Flow& flow);

  // Does a packet with these header fields fall under the selector? The port tested is always
  // the packet's destination port (AWS applies rule port ranges to the destination port).
  constexpr bool covers(const Flow& packet) const {
    if (!protocol.covers(packet.protocol)) return false;
    if (protocol.has_ports()) return ports.contains(packet.dst_port);
    if (protocol.is_icmp()) return icmp.covers(packet.icmp_type, packet.icmp_code);
    return true;
  }

  // "all traffic", "udp 53", "tcp 1024-65535", "all tcp", "icmp type 8 code 0", "all icmp",
  // "protocol 47".
  std::string to_string() const;

  constexpr bool operator==(const TrafficSelector&) const = default;
};

}  // namespace ekssim::net
