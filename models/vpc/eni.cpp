#include "models/vpc/eni.h"

#include <algorithm>

namespace ekssim::vpc {

bool Eni::carries(SecurityGroupId group) const {
  return std::find(security_groups.begin(), security_groups.end(), group) != security_groups.end();
}

std::string Eni::describe_address(net::Ipv4 address) const {
  if (address == primary_ip) return "primary IP";
  for (const net::Cidr& prefix : prefixes) {
    if (prefix.contains(address)) return "address of prefix " + prefix.to_string();
  }
  return "secondary IP";
}

}  // namespace ekssim::vpc
