#pragma once
// The VPC data plane: what happens to one flow sent from one network interface.
//
// The caller gives the flow as it leaves the instance (after kube-proxy's DNAT and the VPC CNI's
// SNAT, which the host models apply) and the ENI it leaves through. The walk, in order:
//  1. The source address must be one of the ENI's private addresses
//     (ENI_SOURCE_DEST_CHECK_RESTRICTION otherwise).
//  2. The Amazon DNS server (VPC base + 2, 169.254.169.253), IMDS and Time Sync answer at once:
//     no security group, network ACL or route applies to them.
//  3. An address of the sending ENI itself never leaves the instance.
//  4. The source ENI's security groups, outbound.
//  5. A destination in the source's own subnet is delivered directly: no route table, no network
//     ACL (AWS "Route tables": traffic to another interface of the subnet is switched at layer 2).
//  6. Otherwise the longest-prefix route of the source subnet's route table decides: no route,
//     a blackhole, or a target. Leaving the subnet, the packet meets the subnet's network ACL
//     (outbound), and entering another subnet that subnet's ACL (inbound).
//     - local: the ENI holding the destination (a node, a pod's secondary or prefix address, an
//       interface endpoint), then its security groups, inbound;
//     - NAT gateway: its subnet's ACL, then its subnet's route table must send the destination to
//       the internet gateway, then out through its subnet's ACL: the flow exits the network;
//     - internet gateway: only an address paired with a public IP gets out;
//     - transit gateway or peering connection: the remote network holding the destination, and
//       its own check if it has one;
//     - gateway endpoint: out to the service.
//  7. The reply: security groups are stateful and let it pass, but every network ACL on the way
//     judges it again, in the other direction, with the ports swapped, so the client's ephemeral
//     port must be allowed.
//
// Cost: two address-index lookups, the rules of the groups and ACLs on the path and one route
// lookup: O(1 + rules + routes). Without a trace nothing is allocated. The walk itself is in
// walk.h.

#include "models/net/flow.h"
#include "models/net/verdict.h"
#include "models/vpc/ids.h"
#include "models/vpc/vpc.h"

namespace ekssim::vpc {

struct EvaluateOptions {
  // Fill Verdict::hops and Verdict::fix. Off on the hot path; a caller that counts failures can
  // evaluate again with it on to explain one.
  bool want_trace = false;
};

// Throws std::invalid_argument if `source` does not exist (or is deleted) or the flow's protocol
// is Protocol::all().
net::Verdict evaluate(const Vpc& vpc, const net::Flow& flow, EniId source,
                      const EvaluateOptions& options = {});

}  // namespace ekssim::vpc
