#include "models/aws/public_ip_pool.h"

namespace ekssim::aws {

net::Cidr PublicIpPool::block() { return net::Cidr::of(net::Ipv4::from_octets(198, 18, 0, 0), 15); }

std::optional<net::Ipv4> PublicIpPool::take() {
  if (!released_.empty()) {
    const net::Ipv4 reused = released_.front();
    released_.pop_front();
    return reused;
  }
  // Offset 0 is skipped so that addresses read like hosts (198.18.0.1 is the first).
  if (next_ + 1 >= block().size()) return std::nullopt;
  return block().at(++next_);
}

void PublicIpPool::release(net::Ipv4 address) { released_.push_back(address); }

}  // namespace ekssim::aws
