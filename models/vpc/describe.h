#pragma once
// The words traces and fixes use for VPC objects: a rule, a peer, a route target, an ENI. One
// place, so that every hop and every fix names things the same way and tests can pin the text.

#include <string>

#include "models/net/hop.h"
#include "models/net/ipv4.h"
#include "models/vpc/eni.h"
#include "models/vpc/route_table.h"
#include "models/vpc/security_group.h"
#include "models/vpc/vpc.h"

namespace ekssim::vpc {

// "security group nodes-new", "10.0.0.0/16", "prefix list pl-63a5400a".
std::string describe_peer(const Vpc& vpc, const SgPeer& peer);
// "rule 2: udp 53 from security group nodes-new (DNS from the new nodes)"; `position` is 1-based.
std::string describe_rule(const Vpc& vpc, const SgRule& rule, net::Direction direction,
                          int position);
// "local", "nat gateway nat-1a", "internet gateway", "transit gateway tgw-1",
// "peering connection pcx-1", "gateway endpoint s3", "blackhole".
std::string describe_target(const Vpc& vpc, const RouteTarget& target);
// "eni ng-old-1/eth0".
std::string describe_eni(const Eni& eni);
// "nodes-old" or "nodes-old, eks-cluster-sg"; "no security group" when empty.
std::string describe_groups(const Vpc& vpc, const Eni& eni);

}  // namespace ekssim::vpc
