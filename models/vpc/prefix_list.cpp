#include "models/vpc/prefix_list.h"

namespace ekssim::vpc {

bool PrefixList::contains(net::Ipv4 address) const {
  return longest_match(address) != nullptr;
}

const net::Cidr* PrefixList::longest_match(net::Ipv4 address) const {
  const net::Cidr* best = nullptr;
  for (const net::Cidr& cidr : cidrs) {
    if (cidr.contains(address) && (!best || cidr.prefix_length() > best->prefix_length())) {
      best = &cidr;
    }
  }
  return best;
}

}  // namespace ekssim::vpc
