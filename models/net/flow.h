#pragma once
// A flow: one concrete packet header as the network sees it, after any address translation the
// host has done (kube-proxy's DNAT, the VPC CNI's SNAT). Filters and routes only ever look at
// these fields.

#include <cstdint>
#include <string>

#include "models/net/ipv4.h"
#include "models/net/protocol.h"

namespace ekssim::net {

struct Flow {
  Ipv4 src;
  Ipv4 dst;
  // Always a concrete protocol, never Protocol::all().
  Protocol protocol = Protocol::tcp();
  uint16_t src_port = 0;  // tcp and udp only
  uint16_t dst_port = 0;  // tcp and udp only
  uint8_t icmp_type = 0;  // icmp only
  uint8_t icmp_code = 0;  // icmp only

  static Flow tcp(Ipv4 src, uint16_t src_port, Ipv4 dst, uint16_t dst_port);
  static Flow udp(Ipv4 src, uint16_t src_port, Ipv4 dst, uint16_t dst_port);
  static Flow icmp(Ipv4 src, Ipv4 dst, uint8_t type, uint8_t code);

  // The packet a responder sends back: addresses and ports swapped. An ICMP echo request (type 8)
  // is answered by an echo reply (type 0); other ICMP types keep their type and code, a
  // simplification (real ICMP errors are not replies to a flow).
  Flow reply() const;

  // "udp 10.0.1.21:40000 -> 10.0.0.11:53", "icmp 10.0.0.5 -> 10.0.0.6 type 8 code 0",
  // "protocol 47 10.0.0.5 -> 10.0.0.6".
  std::string to_string() const;

  bool operator==(const Flow&) const = default;
};

}  // namespace ekssim::net
