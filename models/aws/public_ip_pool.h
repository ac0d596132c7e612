#pragma once
// Amazon's pool of public IPv4 addresses, as far as a simulation needs it: an instance launched
// into a subnet with MapPublicIpOnLaunch gets one on its primary ENI (eth0) and gives it back when
// it is terminated (EC2 user guide, "Amazon EC2 instance IP addressing", public IPv4 addresses).
//
// Simplified: real addresses come from the region's pools; ekssim hands them out in order from
// 198.18.0.0/15 (RFC 2544's benchmarking block), which no VPC or destination in a scenario uses,
// reusing released addresses oldest first. Deterministic: the n-th launch gets the same address
// in every run.

#include <cstdint>
#include <deque>
#include <optional>

#include "models/net/ipv4.h"

namespace ekssim::aws {

class PublicIpPool {
 public:
  // nullopt when all 131,072 addresses are in use (EC2 would not launch the instance either).
  std::optional<net::Ipv4> take();
  void release(net::Ipv4 address);

  static net::Cidr block();

 private:
  uint32_t next_ = 0;  // offsets below this have been handed out at least once
  std::deque<net::Ipv4> released_;
};

}  // namespace ekssim::aws
