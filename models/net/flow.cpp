#include "models/net/flow.h"

#include <fmt/format.h>

namespace ekssim::net {

namespace {
constexpr uint8_t kIcmpEchoReply = 0;
constexpr uint8_t kIcmpEchoRequest = 8;
}  // namespace

Flow Flow::tcp(Ipv4 src, uint16_t src_port, Ipv4 dst, uint16_t dst_port) {
  return Flow{src, dst, Protocol::tcp(), src_port, dst_port, 0, 0};
}

Flow Flow::udp(Ipv4 src, uint16_t src_port, Ipv4 dst, uint16_t dst_port) {
  return Flow{src, dst, Protocol::udp(), src_port, dst_port, 0, 0};
}

Flow Flow::icmp(Ipv4 src, Ipv4 dst, uint8_t type, uint8_t code) {
  return Flow{src, dst, Protocol::icmp(), 0, 0, type, code};
}

Flow Flow::reply() const {
  Flow back = *this;
  back.src = dst;
  back.dst = src;
  back.src_port = dst_port;
  back.dst_port = src_port;
  if (protocol.is_icmp() && icmp_type == kIcmpEchoRequest) back.icmp_type = kIcmpEchoReply;
  return back;
}

std::string Flow::to_string() const {
  if (protocol.has_ports()) {
    return fmt::format("{} {}:{} -> {}:{}", protocol.to_string(), src.to_string(), src_port,
                       dst.to_string(), dst_port);
  }
  if (protocol.is_icmp()) {
    return fmt::format("icmp {} -> {} type {} code {}", src.to_string(), dst.to_string(), icmp_type,
                       icmp_code);
  }
  return fmt::format("{} {} -> {}", protocol.to_string(), src.to_string(), dst.to_string());
}

}  // namespace ekssim::net
