#include "models/net/traffic_selector.h"

namespace ekssim::net {

TrafficSelector TrafficSelector::exactly(const Flow& flow) {
  TrafficSelector selector{flow.protocol, PortRange::all(), IcmpMatch{}};
  if (flow.protocol.has_ports()) selector.ports = PortRange::single(flow.dst_port);
  if (flow.protocol.is_icmp()) selector.icmp = IcmpMatch{flow.icmp_type, flow.icmp_code};
  return selector;
}

std::string TrafficSelector::to_string() const {
  if (protocol.is_all()) return "all traffic";
  if (protocol.has_ports()) {
    if (ports.is_all()) return "all " + protocol.to_string();
    return protocol.to_string() + " " + ports.to_string();
  }
  if (protocol.is_icmp()) return icmp.is_all() ? "all icmp" : "icmp " + icmp.to_string();
  return protocol.to_string();
}

}  // namespace ekssim::net
