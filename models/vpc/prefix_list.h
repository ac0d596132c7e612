#pragma once
// A managed prefix list: a named set of CIDRs that security group rules and route tables can
// reference, such as the AWS-managed list of Amazon S3's ranges that a gateway endpoint routes
// (AWS "Managed prefix lists"). A rule that references a list counts against the rules quota as
// the list's maximum number of entries (AWS "Amazon VPC quotas", "Customer-managed prefix
// lists"); quota.h uses `max_entries` for that.

#include <string>
#include <vector>

#include "models/net/ipv4.h"

namespace ekssim::vpc {

struct PrefixList {
  std::string name;  // "pl-63a5400a (com.amazonaws.us-east-1.s3)"
  std::vector<net::Cidr> cidrs;
  int max_entries = 0;  // 0: as many as `cidrs`

  bool contains(net::Ipv4 address) const;
  // The most specific entry containing `address`, if any.
  const net::Cidr* longest_match(net::Ipv4 address) const;
  int weight() const { return max_entries > 0 ? max_entries : static_cast<int>(cidrs.size()); }
};

}  // namespace ekssim::vpc
